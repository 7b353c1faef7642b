import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actionDir,
  manifestProblems,
  runAction,
  startKubeSimulator,
  type KubeSimulator,
  type RunActionResult,
} from '@shipyard/testbed';
import { helmDeployVerify } from '../src/main';
import { toolDir, workspaceWithChart } from './harness';

let sim: KubeSimulator;
let workspace: string;

const run = (inputs: Record<string, string>) =>
  runAction('helm-deploy-verify', {
    cwd: workspace,
    path: [toolDir(3)],
    node: 'node24',
    inputs: {
      release: 'api',
      chart: 'chart',
      namespace: 'team-a',
      'create-namespace': 'true',
      kubeconfig: sim.kubeconfig(),
      timeout: '8s',
      'helm-version': 'auto',
      ...inputs,
    },
  });
const errors = (r: RunActionResult) => r.annotations.filter((a) => a.level === 'error');

beforeAll(async () => {
  sim = await startKubeSimulator({ readyDelayMs: 200 });
  workspace = workspaceWithChart();
});
afterAll(async () => {
  await sim.stop();
  rmSync(workspace, { recursive: true, force: true });
});

describe('helm-deploy-verify with the real helm 3 and kubectl (Node 24)', () => {
  it('agrees with action.yml', () => {
    expect(manifestProblems(actionDir('helm-deploy-verify'), helmDeployVerify)).toEqual([]);
  });

  it('installs and upgrades (revision 1 → 2)', async () => {
    const first = await run({ set: 'image=nginx:1.27' });
    expect(errors(first), first.stdout).toEqual([]);
    expect(first.outputs).toMatchObject({ status: 'deployed', revision: '1', 'previous-revision': '' });
    expect(first.summary).toMatch(/helm 3\.\d+\.\d+/);
    const second = await run({ set: 'image=nginx:1.28', 'set-string': 'tag=007' });
    expect(errors(second), second.stdout).toEqual([]);
    expect(second.outputs).toMatchObject({ status: 'deployed', revision: '2', 'previous-revision': '1' });
  });

  it('names ImagePullBackOff of a failing upgrade in failed-resources and the summary', async () => {
    const r = await run({ set: 'image=registry.local/api:imagepull' });
    expect(r.exitCode).toBe(1);
    const failed = JSON.parse(r.outputs['failed-resources'] ?? '[]') as { podReasons: string[] }[];
    expect(failed[0]?.podReasons.some((p) => /ImagePullBackOff|ErrImagePull/.test(p))).toBe(true);
    expect(r.summary).toMatch(/waiting: (ImagePullBackOff|ErrImagePull)/);
    expect(r.outputs).toMatchObject({ status: 'failed', revision: '3', 'previous-revision': '2' });
  });

  it('gives one clear error for bad input, never echoing the kubeconfig', async () => {
    const badSet = await run({ set: 'image' });
    expect(errors(badSet).map((e) => e.message)).toEqual([
      expect.stringContaining(`input 'set' is "image": line "image" is not KEY=VALUE`) as string,
    ]);
    const noChart = await run({ chart: './nope' });
    expect(errors(noChart)[0]?.message).toContain(`input 'chart' is "./nope": no such chart directory`);
    const badConfig = await run({ kubeconfig: 'token: hunter2-secret\nclusters: [' });
    expect(errors(badConfig)).toHaveLength(1);
    expect(errors(badConfig)[0]?.message).toContain(`input 'kubeconfig' is unusable: it is not valid YAML`);
    // Only the mask commands (which the runner swallows) carry it.
    const shown = badConfig.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'));
    expect(shown.join('\n')).not.toContain('hunter2-secret');
    expect(badConfig.masks).toContain('hunter2-secret');
    const unreachable = await run({ kubeconfig: sim.kubeconfig().replace(sim.url, 'http://127.0.0.1:9') });
    expect(unreachable.exitCode).toBe(1);
    expect(errors(unreachable)).toHaveLength(1);
    expect(errors(unreachable)[0]?.message).toContain('the cluster is unreachable with the given kubeconfig');
  });
});
