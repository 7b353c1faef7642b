import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@shipyard/testbed';

const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');

describe('the repository contract', () => {
  it('.ci/run runs exactly the test command written in README.md', () => {
    const blocks = [...read('README.md').matchAll(/```sh\n([^`]+)```/g)].map((m) => (m[1] ?? '').trim());
    const testCommand = blocks.find((b) => b.includes('pnpm test'));
    expect(testCommand).toBeDefined();
    const ciLines = read('.ci/run')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#') && !l.startsWith('set ') && !l.startsWith('cd '));
    expect(ciLines).toEqual([testCommand]);
  });

  it('pins the package manager and TypeScript 5.9 (7.0 breaks ncc)', () => {
    const pkg = JSON.parse(read('package.json')) as {
      packageManager: string;
      devDependencies: Record<string, string>;
    };
    expect(pkg.packageManager).toMatch(/^pnpm@\d+\.\d+\.\d+$/);
    expect(pkg.devDependencies.typescript).toMatch(/^\^?5\.9\./);
  });
});
