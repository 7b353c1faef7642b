/**
 * End-to-end tests through the bundle with the real helm (3 or 4) and kubectl against the simulator; shared by
 * helm3.test.ts and helm4.test.ts so vitest runs the two majors in parallel, each with its own simulator.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actionDir,
  manifestProblems,
  runAction,
  runActionWithPost,
  startFakeGitHub,
  startKubeSimulator,
  type FakeGitHub,
  type KubeSimulator,
  type RunActionResult,
} from '@shipyard/testbed';
import { rollbackOnFailure } from '../src/main';
import { cluster, deploymentYaml, tools, type Cluster } from './harness';

interface Revision {
  revision: number;
  status: string;
  description: string;
}

const errors = (r: RunActionResult) => r.annotations.filter((a) => a.level === 'error');
const imageOf = (sim: KubeSimulator, ns: string, name: string) =>
  (sim.get('Deployment', ns, name)?.spec?.template as { spec: { containers: { image: string }[] } }).spec
    .containers[0]?.image;

/** Registers the suite for helm `major`. */
export function rollbackSuite(major: 3 | 4): void {
  const t = tools(major);
  const ns = `shop-${major}`;
  let sim: KubeSimulator;
  let gh: FakeGitHub;
  let box: Cluster;

  const helm = (...args: string[]) => box.run(t.helm, args);
  const upgrade = (release: string, image: string, ...extra: string[]) =>
    helm(
      'upgrade',
      '--install',
      release,
      box.chart,
      '-n',
      ns,
      '--create-namespace',
      '--set',
      `image=${image}`,
      ...extra,
    );
  const history = async (release: string) =>
    JSON.parse((await helm('history', release, '-n', ns, '-o', 'json')).stdout) as Revision[];
  const options = (inputs: Record<string, string>) => ({
    path: [t.dir],
    node: major === 4 ? ('node24' as const) : undefined,
    env: { GITHUB_API_URL: gh.url },
    inputs: {
      namespace: ns,
      kubeconfig: sim.kubeconfig(),
      timeout: '10s',
      'github-token': 'ghs_fake',
      ...inputs,
    },
  });
  const run = (inputs: Record<string, string>) => runAction('rollback-on-failure', options(inputs));

  beforeAll(async () => {
    sim = await startKubeSimulator({ readyDelayMs: 200 });
    gh = await startFakeGitHub();
    box = cluster(sim);
  });
  afterAll(async () => {
    await sim.stop();
    await gh.stop();
    box.cleanup();
  });

  describe(`rollback-on-failure with the real helm ${major} and kubectl`, () => {
    it('agrees with action.yml', () => {
      expect(manifestProblems(actionDir('rollback-on-failure'), rollbackOnFailure)).toEqual([]);
    });

    it('rolls a failed upgrade back to the last good revision, fails the job, updates GitHub deployments', async () => {
      expect((await upgrade('web', 'nginx:1.27', '--wait', '--timeout', '20s')).code).toBe(0);
      const failedUpgrade = await upgrade('web', 'registry.local/web:notready', '--wait', '--timeout', '3s');
      expect(failedUpgrade.code).not.toBe(0);
      // helm 3.17 and 4.1 keep the earlier revision `deployed` after a failed --wait upgrade.
      expect((await history('web')).map((h) => h.status)).toEqual(['deployed', 'failed']);
      const previous = {
        id: 1,
        ref: 'b'.repeat(40),
        environment: 'staging',
        payload: {},
        statuses: [{ id: 2, state: 'success' }],
      };
      const ours = {
        id: 3,
        ref: 'a'.repeat(40),
        environment: 'staging',
        payload: {},
        statuses: [{ id: 4, state: 'failure' }],
      };
      gh.state.deployments.push(previous, ours);

      const { main, post } = await runActionWithPost(
        'rollback-on-failure',
        options({
          release: 'web',
          'deployed-revision': '2',
          environment: 'staging',
          'environment-url': 'https://staging.example.com',
        }),
      );
      expect(main.outputs).toEqual({
        'rolled-back': 'true',
        'restored-revision': '1',
        reason: 'rolled-back',
      });
      expect(main.exitCode).toBe(1);
      expect(errors(main).map((e) => e.message)).toEqual([
        'web: the deploy of revision 2 failed and was rolled back to revision 1 (fail-job: true keeps the job red)',
      ]);
      expect((await history('web')).at(-1)).toMatchObject({
        revision: 3,
        status: 'deployed',
        description: 'Rollback to 1',
      });
      expect(imageOf(sim, ns, 'web')).toBe('nginx:1.27');
      expect(main.summary).toContain('Rollback of helm release web: rolled back');
      expect(main.summary).toMatch(
        /What failed:\*\* revision 2 \(failed: Upgrade &quot;web&quot; failed: .*context deadline exceeded\)\./,
      );
      expect(main.summary).toContain('revision 2 → 1 (the rollback is revision 3)');
      expect(main.summary).toContain('1/1 workloads ready');
      expect(main.summary).toContain('This step fails the job on purpose');
      expect(ours.statuses.at(-1)).toMatchObject({
        state: 'failure',
        description: 'revision 2 failed; rolled back to 1',
      });
      expect(previous.statuses.at(-1)).toMatchObject({
        state: 'success',
        environment_url: 'https://staging.example.com',
        description: 'revision 1 restored by rollback (now revision 3)',
      });
      expect(gh.state.deployments).toHaveLength(2);
      // The kubeconfig was masked, written under RUNNER_TEMP, and the post step removed it.
      expect(main.masks).toContain(sim.token);
      expect(
        main.stdout
          .split('\n')
          .filter((l) => !l.startsWith('::add-mask::'))
          .join('\n'),
      ).not.toContain(sim.token);
      expect(existsSync(main.state['kubeconfig-dir'] ?? '/nonexistent')).toBe(false);
      expect(post.stdout).toContain('kubeconfig: removed');
      expect(post.exitCode).toBe(0);
    });

    it('with fail-job false passes after restoring, after a deploy that helm called deployed (no --wait)', async () => {
      expect((await upgrade('web', 'registry.local/web-v2:notready')).code).toBe(0);
      expect((await history('web')).slice(-2).map((h) => [h.revision, h.status])).toEqual([
        [3, 'superseded'],
        [4, 'deployed'],
      ]);
      const r = await run({ release: 'web', 'deployed-revision': '4', 'fail-job': 'false' });
      expect(errors(r), r.stdout).toEqual([]);
      expect(r.exitCode).toBe(0);
      expect(r.outputs).toEqual({ 'rolled-back': 'true', 'restored-revision': '3', reason: 'rolled-back' });
      expect(r.annotations.filter((a) => a.level === 'warning').map((a) => a.message)).toEqual([
        expect.stringContaining(
          'revision 3 is restored and all 1 of its workloads are ready. (fail-job is false)',
        ) as string,
      ]);
      expect(r.summary).toContain('fail-job is false: this step passes');
      expect(imageOf(sim, ns, 'web')).toBe('nginx:1.27');
    });

    it('leaves a release another run changed meanwhile alone, and exits 0 when nothing was deployed', async () => {
      const before = await history('web');
      expect(before.at(-1)?.revision).toBe(5);
      const statuses = gh.state.deployments.map((d) => d.statuses.length);
      const r = await run({ release: 'web', 'deployed-revision': '4', environment: 'staging' });
      expect(r.exitCode).toBe(0);
      expect(errors(r)).toEqual([]);
      expect(r.outputs).toEqual({
        'rolled-back': 'false',
        'restored-revision': '',
        reason: 'changed-by-another-deploy',
      });
      expect(r.summary).toContain('is 5 (deployed), not revision 4 that this run deployed');
      expect(r.summary).toContain('This step exits 0');
      expect(await history('web')).toEqual(before);
      expect(gh.state.deployments.map((d) => d.statuses.length)).toEqual(statuses); // another run's deploy: untouched
      const never = await run({ release: 'web', 'deployed-revision': '' });
      expect(never.exitCode).toBe(0);
      expect(never.outputs).toMatchObject({ 'rolled-back': 'false', reason: 'nothing-deployed' });
      expect(never.summary).toContain('deployed-revision is empty');
    });

    it('fails with diagnostics when the rollback target never gets ready', async () => {
      expect((await upgrade('bad', 'registry.local/bad:notready')).code).toBe(0);
      expect((await upgrade('bad', 'registry.local/bad-v2:notready')).code).toBe(0);
      const r = await run({ release: 'bad', 'deployed-revision': '2', timeout: '4s', environment: 'review' });
      expect(r.exitCode).toBe(1);
      expect(r.outputs).toEqual({
        'rolled-back': 'false',
        'restored-revision': '',
        reason: 'rollback-failed',
      });
      const messages = errors(r).map((e) => e.message);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(
        /^bad: The rollback from revision 2 to revision 1 failed: helm rollback failed: .*not ready: Deployment\/bad/s,
      );
      expect(r.summary).toContain('Rollback of helm release bad: rollback failed');
      expect(r.summary).toContain('Why workloads are not ready');
      expect(r.summary).toContain('readiness check failing');
      expect((await history('bad')).at(-1)).toMatchObject({ revision: 3, status: 'failed' });
      // No deployment of this run existed for the environment: one is created and marked failure, none success.
      const review = gh.state.deployments.filter((d) => d.environment === 'review');
      expect(review.map((d) => [d.ref, d.statuses.map((x) => x.state)])).toEqual([
        ['a'.repeat(40), ['failure']],
      ]);
    });

    it('strategy kubectl undoes this run’s Deployment rollout only', async () => {
      await box.apply(t.kubectl, deploymentYaml('api', ns, 'api:1'));
      expect(
        (await box.run(t.kubectl, ['rollout', 'status', 'deployment/api', '-n', ns, '--timeout=15s'])).code,
      ).toBe(0);
      await box.apply(t.kubectl, deploymentYaml('api', ns, 'registry.local/api:notready'));
      const base = { strategy: 'kubectl', deployment: 'api' };
      const stale = await run({ ...base, 'deployed-revision': '1' });
      expect(stale.exitCode).toBe(0);
      expect(stale.outputs.reason).toBe('changed-by-another-deploy');
      expect(imageOf(sim, ns, 'api')).toBe('registry.local/api:notready');
      const r = await run({ ...base, 'deployed-revision': '2' });
      expect(r.outputs).toEqual({ 'rolled-back': 'true', 'restored-revision': '1', reason: 'rolled-back' });
      expect(r.exitCode).toBe(1);
      expect(imageOf(sim, ns, 'api')).toBe('api:1');
      expect(r.summary).toContain('Rollback of Deployment api: rolled back');
      expect(r.summary).toContain('revision 2 → 1 (the rollback is revision 3)');
    });

    it('gives one clear error for bad input', async () => {
      const noRelease = await run({ 'deployed-revision': '2' });
      expect(errors(noRelease).map((e) => e.message)).toEqual([
        "rollback-on-failure: input 'release' is (empty): strategy helm needs the helm release to roll back",
      ]);
      const bad = await run({ release: 'web', 'deployed-revision': 'two', strategy: 'argo' });
      expect(bad.exitCode).toBe(1);
      expect(errors(bad)).toHaveLength(1);
      expect(errors(bad)[0]?.message).toContain(
        `input 'deployed-revision' is "two": expected a whole number from 1`,
      );
      expect(errors(bad)[0]?.message).toContain(`input 'strategy' is "argo": expected one of: helm, kubectl`);
      const target = await run({ release: 'web', 'deployed-revision': '5', 'to-revision': '7' });
      expect(errors(target).map((e) => e.message)).toEqual([
        `rollback-on-failure: input 'to-revision' is "7": it must be older than deployed-revision 5`,
      ]);
    });
  });
}
