import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actionDir, manifestProblems, runAction, startFakeGitHub, type FakeGitHub } from '@shipyard/testbed';
import { pipelineReport } from '../src/main';

let gh: FakeGitHub;
let workspace: string;
beforeEach(async () => {
  gh = await startFakeGitHub();
  workspace = mkdtempSync(join(tmpdir(), 'report-ws-'));
  mkdirSync(join(workspace, 'results/trivy'), { recursive: true });
  writeFileSync(
    join(workspace, 'results/trivy/api.json'),
    JSON.stringify({ target: 'ghcr.io/acme/api@sha256:1', critical: 0, high: 0, medium: 3 }),
  );
  writeFileSync(
    join(workspace, 'results/trivy/web.json'),
    JSON.stringify({ target: 'ghcr.io/acme/web@sha256:2', critical: 0, high: 0 }),
  );
});
afterEach(async () => {
  await gh.stop();
  rmSync(workspace, { recursive: true, force: true });
});

const pr: { name: string; payload: Record<string, unknown> } = {
  name: 'pull_request',
  payload: { number: 12, pull_request: { number: 12, labels: [] } },
};
const needs = (k6: string) =>
  JSON.stringify({
    lint: { result: 'success', outputs: {} },
    coverage: { result: 'success', outputs: { coverage: '84.10', passed: 'true', delta: '-0.20' } },
    k6: { result: k6, outputs: {} },
  });
const run = (inputs: Record<string, string>, event = pr) =>
  runAction('pipeline-report', {
    inputs: {
      coverage: JSON.stringify({ coverage: '84.10', passed: 'true', delta: '-0.20' }),
      trivy: 'results/trivy/*.json',
      'github-token': 'ghs_secret',
      ...inputs,
    },
    env: { GITHUB_API_URL: gh.url },
    event,
    cwd: workspace,
  });

describe('pipeline-report through the bundle', () => {
  it('the schema and action.yml agree', () => {
    expect(manifestProblems(actionDir('pipeline-report'), pipelineReport)).toEqual([]);
  });

  it('posts one comment, updated in place across reruns, linking the run', async () => {
    for (const k6 of ['failure', 'success']) {
      const r = await run({ needs: needs(k6) });
      expect(r.exitCode).toBe(0);
    }
    const comments = gh.commentsOn(12);
    expect(comments).toHaveLength(1);
    const body = comments[0]?.body ?? '';
    expect(body.startsWith('<!-- shipyard:pipeline-report:pipeline -->')).toBe(true);
    expect(body).toContain('84.10 %, Δ -0.20');
    expect(body).toContain('3 medium');
    expect(body).toContain('[summary](https://github.com/octo-org/octo-repo/actions/runs/1001)');
    expect(body).not.toContain('ghs_secret');
  });

  it('a job that died before reporting fails the verdict; fail-on-gate turns it red', async () => {
    const soft = await run({ needs: needs('failure'), comment: 'false' });
    expect(soft.exitCode).toBe(0);
    expect(soft.outputs.passed).toBe('false');
    expect(JSON.parse(soft.outputs.failed ?? '')).toEqual([
      { gate: 'k6 smoke', target: '', summary: 'job failure before reporting a result' },
    ]);
    expect(soft.summary).toContain('job failure before reporting a result');
    const hard = await run({ needs: needs('failure'), comment: 'false', 'fail-on-gate': 'true' });
    expect(hard.exitCode).toBe(1);
    expect(hard.annotations.filter((a) => a.level === 'error')).toHaveLength(1);
    expect(gh.commentsOn(12)).toHaveLength(0);
  });

  it('comments on the fork PR from a workflow_run with an explicit number', async () => {
    const r = await run(
      { 'pull-request': '12', 'run-url': 'https://github.com/octo-org/octo-repo/actions/runs/77' },
      { name: 'workflow_run', payload: { workflow_run: { pull_requests: [] } } },
    );
    expect(r.exitCode).toBe(0);
    expect(gh.commentsOn(12)[0]?.body).toContain('actions/runs/77');
    expect(r.outputs['comment-url']).toMatch(/issuecomment/);
  });

  it('bad needs JSON is one error naming the input', async () => {
    const r = await run({ needs: 'not json' });
    expect(r.exitCode).toBe(1);
    const errors = r.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/input 'needs' is "not json": expected \$\{\{ toJSON\(needs\) \}\}/);
  });

  it('a result file that is not JSON names the input and the file', async () => {
    writeFileSync(join(workspace, 'results/trivy/broken.json'), '{oops');
    const r = await run({ comment: 'false' });
    expect(r.exitCode).toBe(1);
    expect(r.annotations.find((a) => a.level === 'error')?.message).toMatch(
      /input 'trivy': .*broken\.json is not JSON/,
    );
  });
});
