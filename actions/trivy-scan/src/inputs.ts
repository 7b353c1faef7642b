import { input } from '@shipyard/runtime';
import { DEFAULT_VERSIONS } from '@shipyard/tools';
import { parseSeverities } from '@shipyard/trivy';
import { z } from 'zod';

/** The scan types this action drives (Trivy's `rootfs`, `sbom`, `k8s` are left to later). */
export const SCAN_TYPES = ['image', 'fs', 'repo', 'config'] as const;

const severities = () =>
  input.text().transform((value, ctx) => {
    try {
      return parseSeverities(value, 'severity');
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message.replace(/^severity: /, '') });
      return z.NEVER;
    }
  });

/** The inputs, keyed exactly like action.yml. */
export const trivyScanInputs = z.object({
  'scan-type': input.choice(SCAN_TYPES).prefault('image'),
  targets: input.lines().optional(),
  report: input.lines().optional(),
  severity: severities().prefault('CRITICAL,HIGH'),
  'ignore-unfixed': input.bool().prefault('false'),
  'ignore-file': input.text().optional(),
  allowlist: input.text().optional(),
  'new-only': input.bool().prefault('false'),
  sarif: input.bool().prefault('true'),
  'upload-sarif': input.bool().prefault('false'),
  sbom: input.bool().prefault('false'),
  version: input.text().prefault(DEFAULT_VERSIONS.trivy ?? '0.72.0'),
  'db-max-age': input.duration().prefault('24h'),
  comment: input.bool().prefault('false'),
  name: input.text().optional(),
  'github-token': input.text().optional(),
});

/** The parsed inputs. */
export type TrivyScanInputs = z.output<typeof trivyScanInputs>;
