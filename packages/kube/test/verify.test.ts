import { describe, expect, it } from 'vitest';
import { failedResources, verifyWorkloads, type KubeObject } from '../src';
import { kubeFixture } from './fixtures';

/** A fake clock: sleep advances time instead of waiting. */
function clock() {
  let t = 0;
  return { now: () => t, sleep: (ms: number) => Promise.resolve(void (t += ms)) };
}

const web = { kind: 'Deployment' as const, name: 'web', namespace: 'shop' };

describe('verifyWorkloads', () => {
  it('polls until a rollout completes', async () => {
    const c = clock();
    const sequence = [
      kubeFixture('deployment-mid-rollout-progressing.yaml'),
      kubeFixture('deployment-complete-rollout.json'),
    ];
    let gets = 0;
    const result = await verifyWorkloads({
      kubectl: {
        get: () => Promise.resolve(sequence[Math.min(gets++, 1)]),
        listPods: () => Promise.resolve([]),
      },
      workloads: [web],
      timeoutMs: 10_000,
      pollMs: 1_000,
      ...c,
    });
    expect(result).toMatchObject({ ok: true, timedOut: false, polls: 2, durationMs: 1_000 });
    expect(result.results[0]?.state).toBe('ready');
  });

  it('fails fast when pods stay in CrashLoopBackOff for three polls', async () => {
    const c = clock();
    const progressing = kubeFixture('deployment-mid-rollout-progressing.yaml');
    const result = await verifyWorkloads({
      kubectl: {
        get: () => Promise.resolve(progressing),
        listPods: () => Promise.resolve([kubeFixture('pod-crashloopbackoff.yaml')]),
      },
      workloads: [web],
      timeoutMs: 60_000,
      pollMs: 1_000,
      ...c,
    });
    expect(result).toMatchObject({ ok: false, timedOut: false, polls: 3 });
    expect(result.results[0]?.state).toBe('failed');
    expect(result.results[0]?.reason).toContain('my-pod: CrashLoopBackOff (3 restarts)');
  });

  it('fails at once on ProgressDeadlineExceeded and times out a missing workload within the deadline', async () => {
    const c = clock();
    const deadline = kubeFixture('deployment-failed-progress-deadline-exceeded.yaml');
    const r1 = await verifyWorkloads({
      kubectl: { get: () => Promise.resolve(deadline), listPods: () => Promise.resolve([]) },
      workloads: [web],
      timeoutMs: 60_000,
      ...c,
    });
    expect(r1.polls).toBe(1);
    expect(r1.results[0]?.state).toBe('failed');
    const c2 = clock();
    const r2 = await verifyWorkloads({
      kubectl: { get: () => Promise.resolve(undefined), listPods: () => Promise.resolve([]) },
      workloads: [web],
      timeoutMs: 5_000,
      pollMs: 2_000,
      ...c2,
    });
    expect(r2).toMatchObject({ ok: false, timedOut: true, durationMs: 5_000 });
    expect(r2.results[0]).toMatchObject({ state: 'missing', reason: 'Deployment web does not exist' });
    expect(failedResources(r2, [])).toEqual([
      {
        kind: 'Deployment',
        namespace: 'shop',
        name: 'web',
        state: 'missing',
        reason: 'Deployment web does not exist',
        podReasons: [],
        restarts: 0,
      },
    ]);
  });

  it('with no workloads is ok without polling', async () => {
    const get = (): Promise<KubeObject | undefined> => Promise.reject(new Error('not called'));
    const r = await verifyWorkloads({
      kubectl: { get, listPods: () => Promise.resolve([]) },
      workloads: [],
      timeoutMs: 1_000,
    });
    expect(r).toMatchObject({ ok: true, polls: 0 });
  });
});
