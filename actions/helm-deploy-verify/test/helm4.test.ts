import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  runAction,
  runActionWithPost,
  startFakeGitHub,
  startKubeSimulator,
  type FakeGitHub,
  type KubeSimulator,
  type RunActionResult,
} from '@shipyard/testbed';
import { startWebServer, toolDir, workspaceWithChart } from './harness';

const ns = 'shop';
let sim: KubeSimulator;
let gh: FakeGitHub;
let web: Awaited<ReturnType<typeof startWebServer>>;
let workspace: string;

const run = (inputs: Record<string, string>, withPost = false) => {
  const options = {
    cwd: workspace,
    path: [toolDir(4)],
    env: { GITHUB_API_URL: gh.url },
    inputs: {
      release: 'web',
      chart: 'chart',
      namespace: ns,
      'create-namespace': 'true',
      kubeconfig: sim.kubeconfig(),
      timeout: '8s',
      'helm-version': 'auto',
      'github-token': 'ghs_fake',
      ...inputs,
    },
  };
  return withPost
    ? runActionWithPost('helm-deploy-verify', options)
    : runAction('helm-deploy-verify', options).then((main) => ({ main, post: undefined }));
};
const errors = (r: RunActionResult) => r.annotations.filter((a) => a.level === 'error');

beforeAll(async () => {
  sim = await startKubeSimulator({ readyDelayMs: 200 });
  gh = await startFakeGitHub();
  web = await startWebServer();
  workspace = workspaceWithChart();
});
afterAll(async () => {
  await sim.stop();
  await gh.stop();
  await web.stop();
  rmSync(workspace, { recursive: true, force: true });
});

describe('helm-deploy-verify with the real helm 4 and kubectl', () => {
  it('installs, verifies, records the GitHub deployment, and the post step removes the kubeconfig (twice safely)', async () => {
    const { main, post } = await run(
      { set: 'image=nginx:1.27', environment: 'staging', 'environment-url': 'https://staging.example.com' },
      true,
    );
    expect(errors(main), main.stdout).toEqual([]);
    expect(main.exitCode).toBe(0);
    expect(main.outputs).toMatchObject({
      status: 'deployed',
      revision: '1',
      'previous-revision': '',
      'failed-resources': '[]',
    });
    expect(main.summary).toContain('1/1 workloads ready');
    expect(main.summary).toMatch(/helm 4\.\d+\.\d+/);
    // Every line of the kubeconfig is masked and none of it reaches the summary.
    expect(main.masks).toContain(sim.token);
    expect(main.summary).not.toContain(sim.token);
    const dir = main.state['kubeconfig-dir'] ?? '';
    expect(dir.startsWith(main.runnerTemp)).toBe(true);
    expect(post?.exitCode).toBe(0);
    expect(existsSync(dir)).toBe(false);
    const again = await runAction('helm-deploy-verify', {
      post: true,
      runnerTemp: main.runnerTemp,
      cwd: workspace,
      state: main.state,
    });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('kubeconfig: absent');
    const deployment = gh.state.deployments.at(-1);
    expect(deployment?.environment).toBe('staging');
    expect(deployment?.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
    expect(deployment?.statuses[1]?.environment_url).toBe('https://staging.example.com');
    // rollback-on-failure finds this run's deployment by what the payload names.
    expect(JSON.parse(String(deployment?.payload))).toEqual({ release: 'web', namespace: ns, revision: 1 });
  });

  it('upgrades to revision 2 and checks the smoke URLs', async () => {
    const { main } = await run({
      set: 'image=nginx:1.28',
      'smoke-urls': `${web.url}/health\n${web.url}/missing 404`,
    });
    expect(errors(main), main.stdout).toEqual([]);
    expect(main.outputs).toMatchObject({ status: 'deployed', revision: '2', 'previous-revision': '1' });
    expect(main.summary).toContain('Smoke checks');
  });

  it('fails a never-ready upgrade with the reason in the summary, failed-resources and a failure deployment status', async () => {
    const { main } = await run({
      set: 'image=registry.local/web:notready',
      timeout: '4s',
      environment: 'staging',
    });
    expect(main.exitCode).toBe(1);
    expect(errors(main)).toHaveLength(1);
    expect(main.outputs).toMatchObject({ status: 'failed', revision: '3', 'previous-revision': '2' });
    const failed = JSON.parse(main.outputs['failed-resources'] ?? '[]') as {
      name: string;
      podReasons: string[];
    }[];
    expect(failed).toEqual([
      expect.objectContaining({
        kind: 'Deployment',
        name: 'web',
        state: 'timeout',
        podReasons: ['NotReady'],
      }),
    ]);
    expect(main.summary).toContain('Why workloads are not ready');
    expect(main.summary).toContain('Readiness probe failed');
    expect(main.summary).toContain('readiness check failing');
    expect(gh.state.deployments.at(-1)?.statuses.map((s) => s.state)).toEqual(['in_progress', 'failure']);
  });

  it('fails fast on CrashLoopBackOff, naming restarts and the previous log', async () => {
    const { main } = await run({ set: 'image=registry.local/web:crashloop', timeout: '20s' });
    expect(main.exitCode).toBe(1);
    expect(main.durationMs).toBeLessThan(15_000);
    const failed = JSON.parse(main.outputs['failed-resources'] ?? '[]') as {
      podReasons: string[];
      restarts: number;
      state: string;
    }[];
    // The never-ready pod of the previous revision is still there, so both reasons are named.
    expect(failed[0]?.state).toBe('failed');
    expect(failed[0]?.podReasons).toContain('CrashLoopBackOff');
    expect(failed[0]?.restarts).toBeGreaterThan(0);
    expect(main.summary).toMatch(
      /\| app \| Running \| no \| \d+ \| waiting: CrashLoopBackOff \| Error \(exit 1\) \|/,
    );
    expect(main.summary).toContain('FATAL: could not load configuration');
    expect(errors(main)[0]?.message).toContain('CrashLoopBackOff');
  });

  it('refuses a fresh pending-upgrade as in progress, explains a stuck one, and recovers it when asked', async () => {
    sim.setReleaseStatus('web', ns, 'pending-upgrade');
    const busy = (await run({ set: 'image=nginx:1.29', timeout: '5m' })).main;
    expect(busy.exitCode).toBe(1);
    expect(busy.outputs.status).toBe('refused');
    expect(errors(busy)[0]?.message).toContain(
      'Another deploy of release web in namespace shop is in progress',
    );
    const stuck = (await run({ set: 'image=nginx:1.29', timeout: '1s', 'recover-stuck': 'false' })).main;
    expect(stuck.outputs.status).toBe('refused');
    expect(errors(stuck)[0]?.message).toContain('is stuck in pending-upgrade');
    expect(errors(stuck)[0]?.message).toContain('helm rollback web 3 -n shop');
    const recovered = (await run({ set: 'image=nginx:1.29', timeout: '3s' })).main;
    expect(errors(recovered), recovered.stdout).toEqual([]);
    expect(recovered.outputs).toMatchObject({ status: 'deployed', 'previous-revision': '5', revision: '6' });
    expect(recovered.summary).toContain('rolled back to revision 3');
    expect(sim.helmReleases('web', ns).at(-1)?.status).toBe('deployed');
  });
});
