import { input } from '@shipyard/runtime';
import { z } from 'zod';

const dnsName = (what: string) =>
  input.text().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
    error: `expected a ${what}: lowercase letters, digits and hyphens, starting and ending alphanumeric`,
  });

/** The inputs of rollback-on-failure, keyed exactly like action.yml. */
export const inputs = z.object({
  release: dnsName('helm release name').optional(),
  namespace: dnsName('Kubernetes namespace name').prefault('default'),
  'deployed-revision': input.number({ min: 1, integer: true }).optional(),
  'to-revision': input.number({ min: 1, integer: true }).optional(),
  strategy: input.choice(['helm', 'kubectl']).prefault('helm'),
  deployment: dnsName('Deployment name').optional(),
  kubeconfig: input.text().optional(),
  timeout: input.duration().prefault('5m'),
  'fail-job': input.bool().prefault('true'),
  'helm-version': input
    .text()
    .regex(/^(auto|v?\d+\.\d+\.\d+)$/, { error: 'expected auto or a version like 3.17.3' })
    .prefault('auto'),
  environment: input.text().optional(),
  'environment-url': input.text().optional(),
  'github-token': input.text().optional(),
});

/** Parsed inputs. */
export type Inputs = z.output<typeof inputs>;
