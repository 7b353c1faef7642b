import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@shipyard/testbed';

// The README's main command: it must keep working offline, every step as expected, the failure path included.
describe('pnpm demo', () => {
  it('runs every action on examples/ and leaves each summary under .demo/', () => {
    const r = spawnSync(
      join(repoRoot, 'node_modules', '.bin', 'tsx'),
      [join(repoRoot, 'scripts', 'demo', 'run.ts')],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 240_000,
      },
    );
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const steps = [
      'coverage-gate',
      'trivy-scan',
      'k6-smoke',
      'terraform-plan-comment',
      'helm-deploy-verify',
      'helm-deploy-verify-failing',
      'rollback-on-failure',
    ];
    for (const step of steps)
      expect(existsSync(join(repoRoot, '.demo', step, 'summary.md')), step).toBe(true);
    const table = readFileSync(join(repoRoot, '.demo', 'README.md'), 'utf8');
    expect(table).not.toContain('**NO**');
    expect(readFileSync(join(repoRoot, '.demo', 'rollback-on-failure', 'outputs.json'), 'utf8')).toContain(
      '"rolled-back": "true"',
    );
  }, 300_000);
});
