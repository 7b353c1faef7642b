import { describe, expect, it } from 'vitest';
import {
  analysePod,
  diagnoseWorkload,
  diagnosisReasons,
  fatalReasons,
  logTargets,
  renderDiagnostics,
  summariseEvents,
  type KubeObject,
} from '../src';
import { kubeFixture } from './fixtures';

describe('analysePod on real pods', () => {
  it('names CrashLoopBackOff with restart count and the last exit', () => {
    const pod = analysePod(kubeFixture('pod-crashloopbackoff.yaml'));
    expect(pod).toMatchObject({ name: 'my-pod', phase: 'Running', ready: false, restarts: 3 });
    expect(pod.problem).toBe('container main waiting: CrashLoopBackOff, 3 restarts (last exit 1: Error)');
    expect(fatalReasons(pod)).toEqual(['CrashLoopBackOff']);
    expect(logTargets([pod], 3)).toEqual([{ pod: 'my-pod', container: 'main', previous: true }]);
  });

  it('names ImagePullBackOff and asks no log of a container that never started', () => {
    const pod = analysePod(kubeFixture('pod-imagepullbackoff.yaml'));
    expect(pod.problem).toMatch(/waiting: ImagePullBackOff/);
    expect(fatalReasons(pod)).toEqual(['ImagePullBackOff']);
    expect(logTargets([pod], 3)).toEqual([]);
  });

  it('a pending pod is not fatal yet; a running-not-ready pod points at readiness', () => {
    const pending = analysePod(kubeFixture('pod-pending.yaml'));
    expect(pending.phase).toBe('Pending');
    expect(pending.problem).toMatch(/PodInitializing/);
    expect(fatalReasons(pending)).toEqual([]);
    const notReady = analysePod(kubeFixture('pod-running-not-ready.yaml'));
    expect(notReady.ready).toBe(false);
    expect(notReady.problem).toMatch(/not ready|waiting|terminated/);
  });

  it('reads a terminated container exit code', () => {
    const pod = analysePod(kubeFixture('pod-terminated-error.yaml'));
    expect(pod.containers.some((c) => c.state === 'terminated' && c.reason === 'Error')).toBe(true);
  });
});

describe('summariseEvents', () => {
  const ev = (reason: string, type: string, last: string, count = 1): KubeObject => ({
    type,
    reason,
    message: `${reason} happened`,
    count,
    lastTimestamp: last,
    involvedObject: { kind: 'Pod', name: 'p' },
  });
  it('sorts newest first, merges duplicates and caps', () => {
    const lines = summariseEvents(
      [
        ev('Scheduled', 'Normal', '2026-01-01T00:00:00Z'),
        ev('BackOff', 'Warning', '2026-01-01T00:00:05Z', 2),
        ev('BackOff', 'Warning', '2026-01-01T00:00:09Z', 3),
        ev('Pulled', 'Normal', '2026-01-01T00:00:02Z'),
      ],
      2,
    );
    expect(lines.map((l) => [l.reason, l.count, l.lastSeen])).toEqual([
      ['BackOff', 5, '2026-01-01T00:00:09Z'],
      ['Pulled', 1, '2026-01-01T00:00:02Z'],
    ]);
  });
});

describe('diagnoseWorkload', () => {
  const deployment: KubeObject = {
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { selector: { matchLabels: { app: 'web' } } },
  };
  const ref = { kind: 'Deployment' as const, name: 'web', namespace: 'shop' };

  it('fetches pods by selector, events of the workload and its pods, and the previous log of a crash loop', async () => {
    const calls: string[] = [];
    const kubectl = {
      listPods: (selector: string, ns: string) => {
        calls.push(`pods ${selector} ${ns}`);
        return Promise.resolve([kubeFixture('pod-crashloopbackoff.yaml')]);
      },
      events: (kind: string, name: string) => {
        calls.push(`events ${kind}/${name}`);
        return Promise.resolve(
          kind === 'Pod'
            ? [
                {
                  type: 'Warning',
                  reason: 'BackOff',
                  message: 'Back-off restarting <b>failed</b> container',
                  count: 7,
                  lastTimestamp: '2026-01-01T00:00:00Z',
                  involvedObject: { kind, name },
                },
              ]
            : [],
        );
      },
      logs: (pod: string, _ns: string, o: { previous?: boolean; tail?: number }) => {
        calls.push(`logs ${pod} previous=${String(o.previous)} tail=${String(o.tail)}`);
        return Promise.resolve('FATAL: missing DATABASE_URL\n```\n');
      },
    };
    const d = await diagnoseWorkload(kubectl, ref, deployment);
    expect(calls).toEqual([
      'pods app=web shop',
      'events Deployment/web',
      'events Pod/my-pod',
      'logs my-pod previous=true tail=20',
    ]);
    expect(diagnosisReasons(d)).toEqual(['CrashLoopBackOff']);
    const md = renderDiagnostics([d])?.content ?? '';
    expect(md).toContain('| my-pod | main | Running | no | 3 | waiting: CrashLoopBackOff | Error (exit 1) |');
    expect(md).toContain('&lt;b&gt;failed&lt;/b&gt;');
    expect(md).toContain('````text\nFATAL: missing DATABASE_URL\n```\n````');
  });

  it('turns failed reads into listed errors instead of throwing', async () => {
    const fail = () => Promise.reject(new Error('forbidden: pods is forbidden'));
    const d = await diagnoseWorkload({ listPods: fail, events: fail, logs: fail }, ref, deployment);
    expect(d.pods).toEqual([]);
    expect(d.errors[0]).toBe('forbidden: pods is forbidden');
  });
});
