/** Workload scenarios through the REAL kubectl 1.31 (helm 3's) against the simulator. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeSimulator } from '@shipyard/testbed';
import { realTools, requireTool, startKubeSimulator } from '@shipyard/testbed';
import type { Sandbox } from './harness';
import { eventually, parseJson, sandbox } from './harness';

const kubectl = requireTool(realTools.kubectl3);
let sim: KubeSimulator;
let box: Sandbox;

beforeAll(async () => {
  sim = await startKubeSimulator({ readyDelayMs: 150 });
  box = sandbox(sim);
});
afterAll(async () => {
  await sim.stop();
  box.cleanup();
});

/** `kubectl apply -f` of YAML text (typed `kubectl create` sends protobuf bodies the simulator does not decode). */
async function apply(name: string, yaml: string): Promise<void> {
  const file = join(box.dir, `${name}.yaml`);
  writeFileSync(file, yaml);
  const result = await box.run(kubectl, ['apply', '-f', file]);
  expect(result.code, result.stderr).toBe(0);
}

function deployment(name: string, image: string, strategy = 'RollingUpdate'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: 2
  strategy: {type: ${strategy}}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: main, image: "${image}", env: [{name: MODE, value: demo}]}]
`;
}

const imageOf = (name: string): string | undefined =>
  (sim.get('Deployment', 'default', name)?.spec?.template as { spec: { containers: { image: string }[] } })
    .spec.containers[0]?.image;

describe('kubectl against the simulator', () => {
  it('rolls out, updates and undoes a plain Deployment (Recreate)', async () => {
    await apply('api', deployment('api', 'api:1', 'Recreate'));
    const first = await box.run(kubectl, ['rollout', 'status', 'deployment/api', '--timeout=15s']);
    expect(first.stdout).toContain('deployment "api" successfully rolled out');
    expect((await box.run(kubectl, ['set', 'image', 'deployment/api', 'main=api:2'])).code).toBe(0);
    expect((await box.run(kubectl, ['rollout', 'status', 'deployment/api', '--timeout=15s'])).code).toBe(0);
    expect(imageOf('api')).toBe('api:2');
    const undo = await box.run(kubectl, ['rollout', 'undo', 'deployment/api']);
    expect(undo.code, undo.stderr).toBe(0);
    expect((await box.run(kubectl, ['rollout', 'status', 'deployment/api', '--timeout=15s'])).code).toBe(0);
    expect(imageOf('api')).toBe('api:1');
    // The rollback re-used revision 1's ReplicaSet and gave it revision 3, as the real controller does.
    const revisions = sim
      .list('ReplicaSet', 'default')
      .map((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision']);
    expect(revisions.sort()).toEqual(['2', '3']);
    const pods = sim.list('Pod', 'default').filter((p) => p.metadata.labels?.app === 'api');
    expect(pods).toHaveLength(2);
    expect(pods.every((p) => (p.spec?.containers as { image: string }[])[0]?.image === 'api:1')).toBe(true);
  });

  it('shows ErrImagePull / ImagePullBackOff with pull events, and refuses logs of a container that never started', async () => {
    await apply('pull', deployment('pull', 'registry.local/missing:imagepull'));
    const reasons = await eventually('both image pull reasons', async () => {
      const pods = parseJson<{
        items: {
          status: { phase: string; containerStatuses: { state: { waiting?: { reason: string } } }[] };
        }[];
      }>(await box.run(kubectl, ['get', 'pods', '-l', 'app=pull', '-o', 'json']), 'kubectl get pods');
      expect(pods.items.every((p) => p.status.phase === 'Pending')).toBe(true);
      const seen = new Set(pods.items.map((p) => p.status.containerStatuses[0]?.state.waiting?.reason));
      return seen.has('ImagePullBackOff') ? seen : undefined;
    });
    expect([...reasons].every((r) => r === 'ErrImagePull' || r === 'ImagePullBackOff')).toBe(true);
    const events = parseJson<{ items: { reason: string; message: string }[] }>(
      await box.run(kubectl, ['get', 'events', '-o', 'json']),
      'events',
    );
    expect(
      events.items.some(
        (e) =>
          e.reason === 'Failed' &&
          e.message.startsWith('Failed to pull image "registry.local/missing:imagepull"'),
      ),
    ).toBe(true);
    expect(
      events.items.some((e) => e.reason === 'BackOff' && e.message.startsWith('Back-off pulling image')),
    ).toBe(true);
    const logs = await box.run(kubectl, ['logs', 'deployment/pull']);
    expect(logs.code).not.toBe(0);
    expect(logs.stderr).toContain('is waiting to start');
    const rollout = await box.run(kubectl, ['rollout', 'status', 'deployment/pull', '--timeout=1s']);
    expect(rollout.code).not.toBe(0);
  });

  it('fails a Job whose image contains "fail" with BackoffLimitExceeded, and completes a healthy one', async () => {
    const job = (name: string, image: string) =>
      `apiVersion: batch/v1\nkind: Job\nmetadata: {name: ${name}}\nspec:\n  backoffLimit: 1\n  template:\n    spec:\n      containers: [{name: run, image: "${image}"}]\n`;
    await apply('jobs', `${job('migrate', 'tools/migrate:fail')}---\n${job('seed', 'tools/seed:1')}`);
    const failed = await box.run(kubectl, ['wait', '--for=condition=Failed', 'job/migrate', '--timeout=15s']);
    expect(failed.code, failed.stderr).toBe(0);
    const status = sim.get('Job', 'default', 'migrate')?.status as {
      failed: number;
      conditions: { type: string; reason: string }[];
    };
    expect(status.failed).toBe(2);
    expect(status.conditions.find((c) => c.type === 'Failed')?.reason).toBe('BackoffLimitExceeded');
    const complete = await box.run(kubectl, [
      'wait',
      '--for=condition=Complete',
      'job/seed',
      '--timeout=15s',
    ]);
    expect(complete.code, complete.stderr).toBe(0);
    const logs = await box.run(kubectl, ['logs', 'job/migrate']);
    expect(logs.stdout).toContain('migration step 3 failed');
  });

  it('keeps a notready StatefulSet Running but unready, and rolls a healthy one out in order', async () => {
    const sts = (name: string, image: string) =>
      `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: ${name}}\nspec:\n  replicas: 2\n  serviceName: ${name}\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n      containers: [{name: db, image: "${image}"}]\n`;
    await apply('sts', `${sts('db', 'postgres:16')}---\n${sts('cache', 'redis:notready')}`);
    const rollout = await box.run(kubectl, ['rollout', 'status', 'statefulset/db', '--timeout=15s']);
    expect(rollout.code, rollout.stderr).toBe(0);
    expect(
      sim
        .list('Pod', 'default')
        .filter((p) => p.metadata.labels?.app === 'db')
        .map((p) => p.metadata.name),
    ).toEqual(['db-0', 'db-1']);
    const unhealthy = await eventually('an Unhealthy event', async () => {
      const events = parseJson<{
        items: { reason: string; message: string; involvedObject: { name: string } }[];
      }>(
        await box.run(kubectl, [
          'get',
          'events',
          '--field-selector',
          'involvedObject.name=cache-0',
          '-o',
          'json',
        ]),
        'events',
      );
      return events.items.find((e) => e.reason === 'Unhealthy');
    });
    expect(unhealthy.message).toContain('Readiness probe failed');
    expect(sim.get('Pod', 'default', 'cache-0')?.status?.phase).toBe('Running');
    expect(sim.get('Pod', 'default', 'cache-1')).toBeUndefined(); // OrderedReady waits for cache-0
  });

  it('logs every request with its status', () => {
    const patches = sim.requests.filter((r) => r.method === 'PATCH');
    expect(patches.some((r) => r.contentType === 'application/json-patch+json' && r.status === 200)).toBe(
      true,
    );
    expect(sim.requests.every((r) => r.status > 0 || r.query.includes('watch'))).toBe(true);
  });
});
