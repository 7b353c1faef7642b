/**
 * The helm lifecycle against the simulator with the REAL helm and kubectl binaries, shared by helm3.test.ts and
 * helm4.test.ts (separate files so vitest runs them in parallel, each with its own simulator).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeSimulator } from '@shipyard/testbed';
import { fixturePath, realTools, requireTool, startKubeSimulator } from '@shipyard/testbed';
import type { Sandbox } from './harness';
import { eventually, parseJson, sandbox } from './harness';

interface HistoryEntry {
  revision: number;
  status: string;
  description: string;
}

interface PodList {
  items: {
    metadata: { name: string };
    status: {
      phase: string;
      containerStatuses?: {
        restartCount: number;
        state: { waiting?: { reason: string } };
        lastState: { terminated?: { exitCode: number } };
      }[];
    };
  }[];
}

/** Registers the lifecycle tests for helm `major` (3 or 4). */
export function helmLifecycleSuite(major: 3 | 4): void {
  const helm = requireTool(major === 3 ? realTools.helm3 : realTools.helm4);
  const kubectl = requireTool(major === 3 ? realTools.kubectl3 : realTools.kubectl4);
  const ns = `shop-h${major}`;
  const release = 'web';
  let sim: KubeSimulator;
  let box: Sandbox;

  const upgrade = (image: string, ...extra: string[]) =>
    box.run(helm, [
      'upgrade',
      '--install',
      release,
      box.chart,
      '-n',
      ns,
      '--set',
      `image=${image}`,
      ...extra,
    ]);
  const history = async (): Promise<HistoryEntry[]> =>
    parseJson(await box.run(helm, ['history', release, '-n', ns, '-o', 'json']), 'helm history');

  beforeAll(async () => {
    sim = await startKubeSimulator({ readyDelayMs: 200 });
    box = sandbox(sim);
  });
  afterAll(async () => {
    await sim.stop();
    box.cleanup();
  });

  describe(`helm ${major}`, () => {
    it('installs with --wait --create-namespace and reports deployed', async () => {
      const install = await upgrade('nginx:1.27', '--create-namespace', '--wait', '--timeout', '20s');
      expect(install.stderr).toBe('');
      expect(install.code).toBe(0);
      const status = parseJson<{ info: { status: string }; version: number }>(
        await box.run(helm, ['status', release, '-n', ns, '-o', 'json']),
        'helm status',
      );
      expect(status.info.status).toBe('deployed');
      expect(status.version).toBe(1);
      expect(sim.get('Deployment', ns, release)?.status?.readyReplicas).toBe(1);
      expect(sim.get('Service', ns, release)?.spec?.clusterIP).toMatch(/^10\.96\./);
      expect(sim.get('ConfigMap', ns, `${release}-config`)?.data).toEqual({ greeting: 'hello' });
    });

    it('upgrades to revision 2 with a new ReplicaSet, keeping env and ports', async () => {
      const result = await upgrade('nginx:1.28', '--wait', '--timeout', '20s');
      expect(result.code, result.stderr).toBe(0);
      expect((await history()).map((h) => [h.revision, h.status])).toEqual([
        [1, 'superseded'],
        [2, 'deployed'],
      ]);
      const deployment = sim.get('Deployment', ns, release);
      const container = (deployment?.spec?.template as { spec: { containers: Record<string, unknown>[] } })
        .spec.containers[0];
      expect(container).toMatchObject({
        image: 'nginx:1.28',
        ports: [{ containerPort: 8080, protocol: 'TCP' }],
        env: [{ name: 'GREETING' }],
      });
      expect(deployment?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
      expect(
        sim
          .list('ReplicaSet', ns)
          .map((rs) => rs.spec?.replicas)
          .sort(),
      ).toEqual([0, 1]);
    });

    it('fails an upgrade to a never-ready image on its 5s timeout', async () => {
      const started = Date.now();
      const result = await upgrade('registry.local/web:notready', '--wait', '--timeout', '5s');
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/UPGRADE FAILED: .*context deadline exceeded/s);
      expect(Date.now() - started).toBeGreaterThanOrEqual(5000);
      expect((await history()).at(-1)).toMatchObject({ revision: 3, status: 'failed' });
      const pods = parseJson<PodList>(
        await box.run(kubectl, ['get', 'pods', '-n', ns, '-o', 'json']),
        'kubectl get pods',
      );
      expect(pods.items.map((p) => p.status.phase)).toEqual(['Running', 'Running']); // the old pod stays up
    });

    it('rolls back to revision 1, after which kubectl rollout status succeeds', async () => {
      const rollback = await box.run(helm, [
        'rollback',
        release,
        '1',
        '-n',
        ns,
        '--wait',
        '--timeout',
        '20s',
      ]);
      expect(rollback.code, rollback.stderr).toBe(0);
      const rollout = await box.run(kubectl, [
        'rollout',
        'status',
        `deployment/${release}`,
        '-n',
        ns,
        '--timeout=20s',
      ]);
      expect(rollout.code, rollout.stderr).toBe(0);
      expect(rollout.stdout).toContain(`deployment "${release}" successfully rolled out`);
      expect((await history()).at(-1)).toMatchObject({
        revision: 4,
        status: 'deployed',
        description: 'Rollback to 1',
      });
      const image = (
        sim.get('Deployment', ns, release)?.spec?.template as { spec: { containers: { image: string }[] } }
      ).spec.containers[0]?.image;
      expect(image).toBe('nginx:1.27');
    });

    it(`rolls back by itself with ${major === 3 ? '--atomic' : '--rollback-on-failure'} when the upgrade crash-loops`, async () => {
      const flag = major === 3 ? '--atomic' : '--rollback-on-failure';
      const result = await upgrade('registry.local/web:crashloop', flag, '--timeout', '5s');
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(`has been rolled back due to ${flag.slice(2)} being set`);
      const entries = await history();
      expect(entries.slice(-2).map((h) => [h.revision, h.status])).toEqual([
        [5, 'failed'],
        [6, 'deployed'],
      ]);
      expect(entries.at(-1)?.description).toBe('Rollback to 4');
    });

    it('shows a crash-looping release through kubectl get pods, events and logs', async () => {
      const install = await box.run(helm, [
        'install',
        'broken',
        box.chart,
        '-n',
        ns,
        '--set',
        'image=registry.local/worker:crashloop',
      ]);
      expect(install.code, install.stderr).toBe(0);
      const pod = await eventually('a pod with restarts', async () => {
        const pods = parseJson<PodList>(
          await box.run(kubectl, ['get', 'pods', '-n', ns, '-l', 'app=broken', '-o', 'json']),
          'kubectl get pods',
        );
        return pods.items.find((p) => (p.status.containerStatuses?.[0]?.restartCount ?? 0) > 1);
      });
      expect(pod.status.phase).toBe('Running');
      expect(pod.status.containerStatuses?.[0]?.state.waiting?.reason).toBe('CrashLoopBackOff');
      expect(pod.status.containerStatuses?.[0]?.lastState.terminated?.exitCode).toBe(1);
      const events = parseJson<{
        items: { reason: string; type: string; count: number; involvedObject: { name: string } }[];
      }>(await box.run(kubectl, ['get', 'events', '-n', ns, '-o', 'json']), 'kubectl get events');
      const backOff = events.items.find(
        (e) => e.reason === 'BackOff' && e.involvedObject.name === pod.metadata.name,
      );
      expect(backOff).toMatchObject({ type: 'Warning' });
      expect(backOff?.count).toBeGreaterThan(1);
      const logs = await box.run(kubectl, ['logs', pod.metadata.name, '-n', ns]);
      expect(logs.stdout).toContain('FATAL: could not load configuration');
    });

    it('refuses to upgrade a release stuck in pending-upgrade with helm’s own error', async () => {
      expect(sim.setReleaseStatus(release, ns)).toBe(6);
      const status = parseJson<{ info: { status: string } }>(
        await box.run(helm, ['status', release, '-n', ns, '-o', 'json']),
        'helm status',
      );
      expect(status.info.status).toBe('pending-upgrade');
      const result = await upgrade('nginx:1.29', '--wait', '--timeout', '5s');
      expect(result.code).not.toBe(0);
      const expected = readFileSync(
        fixturePath(`helm/v${major}-error-upgrade-another-operation-in-progress.txt`),
        'utf8',
      ).trim();
      expect(result.stderr.trim().split('\n').at(-1)).toBe(expected);
    });

    it('prints the manifest and uninstalls everything, pods and release secrets included', async () => {
      const manifest = await box.run(helm, ['get', 'manifest', release, '-n', ns]);
      expect(manifest.stdout).toContain('kind: Deployment');
      expect(manifest.stdout).toContain(`name: ${release}-config`);
      const uninstall = await box.run(helm, ['uninstall', release, '-n', ns]);
      expect(uninstall.code, uninstall.stderr).toBe(0);
      expect(sim.get('Deployment', ns, release)).toBeUndefined();
      expect(sim.list('Pod', ns).filter((p) => p.metadata.labels?.app === release)).toEqual([]);
      expect(sim.helmReleases(release, ns)).toEqual([]);
      expect(sim.helmReleases('broken', ns)).toHaveLength(1);
    });
  });
}
