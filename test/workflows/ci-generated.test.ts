import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '@shipyard/testbed';
// @ts-expect-error -- a plain .mjs script without types; `generate` takes the parsed list and returns YAML text.
import { generate } from '../../scripts/ci-workflow.mjs';

const read = (p: string) => readFileSync(join(repoRoot, p), 'utf8');

describe("the repository's own CI workflow", () => {
  const list = parse(read('.github/action-checks.yml')) as { checks: Record<string, unknown> };
  const ci = parse(read('.github/workflows/ci.yml')) as {
    jobs: Record<string, { steps: { uses?: string }[] }>;
  };

  it('is exactly what .github/action-checks.yml generates', () => {
    expect(read('.github/workflows/ci.yml')).toBe((generate as (l: unknown) => string)(list));
  });

  it('runs lint, tests and check-dist, one job per listed action, and the kind end-to-end job', () => {
    expect(Object.keys(ci.jobs)).toEqual([
      'lint',
      'test',
      'check-dist',
      ...Object.keys(list.checks).map((n) => `action-${n}`),
      'e2e-kind',
    ]);
    for (const name of Object.keys(list.checks)) {
      expect(ci.jobs[`action-${name}`]?.steps.some((s) => s.uses === `./actions/${name}`)).toBe(true);
    }
    const e2e = ci.jobs['e2e-kind']?.steps.map((s) => s.uses).filter(Boolean) ?? [];
    expect(e2e).toEqual(
      expect.arrayContaining(['./actions/helm-deploy-verify', './actions/rollback-on-failure']),
    );
  });
});
