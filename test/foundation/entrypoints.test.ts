import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@shipyard/testbed';

/** Every action of the repository (a folder under actions/ with a src/index.ts). */
const actions = readdirSync(join(repoRoot, 'actions'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .filter((name) => readdirSync(join(repoRoot, 'actions', name)).includes('src'))
  .sort();
const source = (name: string, file: string) =>
  readFileSync(join(repoRoot, 'actions', name, 'src', file), 'utf8');

describe('the entry point convention (@github/local-action calls run() of main.ts)', () => {
  it('finds the actions', () => {
    expect(actions).toEqual(expect.arrayContaining(['coverage-gate', 'helm-deploy-verify', 'k6-smoke']));
  });

  it.each(actions)('%s: src/index.ts is exactly the two-line run() call', (name) => {
    expect(source(name, 'index.ts')).toBe("import { run } from './main';\n\nvoid run();\n");
  });

  it.each(actions)('%s: src/main.ts exports run = () => runAction(<its definition>)', async (name) => {
    const text = source(name, 'main.ts');
    const call = /^export const run = \(\) => runAction\((\w+)\);$/m.exec(text);
    expect(call, `${name}/src/main.ts has no run export`).not.toBeNull();
    const definition = call?.[1] ?? '';
    expect(text).toMatch(new RegExp(`^export const ${definition} = defineAction\\(`, 'm'));
    const mod = (await import(
      pathToFileURL(join(repoRoot, 'actions', name, 'src', 'main.ts')).href
    )) as Record<string, unknown>;
    expect(typeof mod.run).toBe('function');
    expect(mod[definition]).toMatchObject({ name });
  });
});
