import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, workflowFiles } from '@shipyard/testbed';
import { ownUses, useProblems } from './workflow-graph';

describe('references to our actions and reusable workflows', () => {
  const uses = workflowFiles().flatMap(ownUses);

  it('finds the uses it checks', () => {
    expect(uses.filter((u) => u.kind === 'workflow').length).toBeGreaterThanOrEqual(5);
    expect(uses.filter((u) => u.kind === 'action').length).toBeGreaterThanOrEqual(10);
  });

  it('every action exists under actions/ and gets only its own inputs, required ones included', () => {
    expect(uses.filter((u) => u.kind === 'action').flatMap(useProblems)).toEqual([]);
  });

  it('templates call only existing reusable workflows with declared inputs and secrets, granting what they need', () => {
    expect(uses.filter((u) => u.kind === 'workflow').flatMap(useProblems)).toEqual([]);
  });

  it('every template has a starter-workflow properties file', () => {
    const dir = join(repoRoot, 'workflows-templates');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yml'))) {
      const props = join(dir, file.replace(/\.yml$/, '.properties.json'));
      expect(existsSync(props), `${file} has no properties file`).toBe(true);
      const json = JSON.parse(readFileSync(props, 'utf8')) as Record<string, unknown>;
      expect(Object.keys(json).sort()).toEqual([
        'categories',
        'description',
        'filePatterns',
        'iconName',
        'name',
      ]);
      expect((json.categories as unknown[]).length).toBeGreaterThan(0);
      for (const p of json.filePatterns as string[]) expect(() => new RegExp(p)).not.toThrow();
    }
  });
});

describe('the reference checks catch what they are for', () => {
  const check = (yaml: string) => {
    const dir = mkdtempSync(join(repoRoot, '.refs-test-'));
    try {
      const file = join(dir, 'x.yml');
      writeFileSync(file, yaml);
      return ownUses(relative(repoRoot, file)).flatMap(useProblems);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('an unknown action input, a missing action and a missing required input', () => {
    const problems = check(
      [
        'jobs:',
        '  a:',
        '    steps:',
        '      - uses: shipyard-dev/shipyard/actions/affected-services@v1',
        '        with: { service: x }',
        '      - uses: shipyard-dev/shipyard/actions/no-such-action@v1',
      ].join('\n'),
    );
    expect(problems).toEqual([
      expect.stringMatching(/'service' is not an input of actions\/affected-services\/action.yml$/),
      expect.stringMatching(/required input 'services' is not given$/),
      expect.stringMatching(/no actions\/no-such-action\/action.yml in this repository$/),
    ]);
  });

  it('an unknown workflow input, an undeclared secret, a missing grant and a missing workflow', () => {
    const problems = check(
      [
        'jobs:',
        '  d:',
        '    permissions: { contents: read }',
        '    uses: shipyard-dev/shipyard/.github/workflows/deploy.yml@v1',
        '    with: { environment: dev, release: r, chart: c, enviroment-url: x }',
        '    secrets: { kubeconfig: k, token: t }',
        '  e:',
        '    permissions: {}',
        '    uses: shipyard-dev/shipyard/.github/workflows/nope.yml@v1',
      ].join('\n'),
    );
    expect(problems).toEqual([
      expect.stringMatching(/'enviroment-url' is not an input of .github\/workflows\/deploy.yml$/),
      expect.stringMatching(/secret 'token' is not declared/),
      expect.stringMatching(/job 'deploy' needs deployments: write, the caller grants none$/),
      expect.stringMatching(/no reusable workflow .github\/workflows\/nope.yml/),
    ]);
  });
});
