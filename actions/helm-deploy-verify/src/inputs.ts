import { input } from '@shipyard/runtime';
import { z } from 'zod';

/** The inputs of helm-deploy-verify, keyed exactly like action.yml. */
export const inputs = z.object({
  release: input.text().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
    error:
      'expected a helm release name: lowercase letters, digits and hyphens, starting and ending alphanumeric',
  }),
  chart: input.text(),
  version: input.text().optional(),
  namespace: input
    .text()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
      error: 'expected a Kubernetes namespace name (lowercase letters, digits, hyphens)',
    })
    .prefault('default'),
  'create-namespace': input.bool().prefault('false'),
  values: input.lines().optional(),
  set: input.keyValues().optional(),
  'set-string': input.keyValues().optional(),
  kubeconfig: input.text().optional(),
  timeout: input.duration().prefault('5m'),
  'helm-version': input
    .text()
    .regex(/^(auto|v?\d+\.\d+\.\d+)$/, { error: 'expected auto or a version like 3.17.3' })
    .prefault('auto'),
  'smoke-urls': input.text().optional(),
  'helm-test': input.bool().prefault('false'),
  'recover-stuck': input.bool().prefault('true'),
  environment: input.text().optional(),
  'environment-url': input.text().optional(),
  'github-token': input.text().optional(),
});

/** Parsed inputs. */
export type Inputs = z.output<typeof inputs>;
