import { input } from '@shipyard/runtime';
import { TERRAFORM_BINARIES, isPlanDigest } from '@shipyard/terraform';
import { z } from 'zod';

/** The action's inputs, keyed exactly like action.yml. */
export const inputs = z.object({
  'working-directory': input.text().prefault('.'),
  mode: input.choice(['plan', 'apply-check', 'drift']).prefault('plan'),
  'plan-file': input.text().optional(),
  workspace: input.text().optional(),
  'var-files': input.lines().prefault(''),
  vars: input.keyValues().prefault(''),
  'backend-config': input.lines().prefault(''),
  binary: input.choice(TERRAFORM_BINARIES).prefault('terraform'),
  label: input.text().optional(),
  comment: input.bool().prefault('true'),
  'reviewed-digest': input
    .text()
    .refine(isPlanDigest, { error: 'expected the 64 lowercase hex characters of the digest output' })
    .optional(),
  'digest-key': input.text().optional(),
  'github-token': input.text().optional(),
});

/** Parsed inputs. */
export type Inputs = z.output<typeof inputs>;
