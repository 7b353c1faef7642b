import type { KubectlClient } from './kubectl';
import { workloadKey, type WorkloadRef } from './manifest';
import type { KubeObject } from './objects';
import { analysePod, fatalReasons } from './pod-analysis';
import { rolloutStatus, selectorOf } from './workload-status';

/** The verdict on one workload after verification. */
export interface WorkloadResult {
  ref: WorkloadRef;
  /** `key` of the ref: `Kind/namespace/name`. */
  key: string;
  /**
   * `ready`; `failed` (definitive, seen before the deadline); `timeout` (not ready when the loop ended — at the
   * deadline, or early because another workload failed); `missing` (the object does not exist).
   */
  state: 'ready' | 'failed' | 'timeout' | 'missing';
  reason: string;
  ready: number;
  desired: number;
  /** The last object read, for diagnostics (undefined when missing). */
  object?: KubeObject;
}

/** The verdict on all workloads. */
export interface VerifyResult {
  ok: boolean;
  /** True when the deadline ended the loop with workloads still not ready. */
  timedOut: boolean;
  results: WorkloadResult[];
  durationMs: number;
  polls: number;
}

/** Options of {@link verifyWorkloads}; clock and sleep are injected so tests run without waiting. */
export interface VerifyOptions {
  kubectl: Pick<KubectlClient, 'get' | 'listPods'>;
  workloads: readonly WorkloadRef[];
  timeoutMs: number;
  /** Between polls. Default 1 s. */
  pollMs?: number;
  /** Consecutive polls a pod must show a fatal waiting reason before the workload fails fast. Default 3. */
  fatalPolls?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Called with a line per state change, for the log. */
  onProgress?: (message: string) => void;
}

const API_KIND: Record<WorkloadRef['kind'], string> = {
  Deployment: 'deployment.apps',
  StatefulSet: 'statefulset.apps',
  DaemonSet: 'daemonset.apps',
  Job: 'job.batch',
};

/** Pods of a workload that show a fatal waiting reason, as `pod: Reason (n restarts)` text. */
async function fatalPods(
  kubectl: VerifyOptions['kubectl'],
  ref: WorkloadRef,
  object: KubeObject,
): Promise<string[]> {
  const selector = selectorOf(object);
  if (!selector) return [];
  const pods = await kubectl.listPods(selector, ref.namespace);
  return pods
    .map(analysePod)
    .filter((p) => !p.ready && fatalReasons(p).length > 0)
    .map((p) => `${p.name}: ${fatalReasons(p).join(', ')}${p.restarts ? ` (${p.restarts} restarts)` : ''}`);
}

/**
 * Polls every workload until all are ready, one fails definitively, or the deadline passes. Definitive:
 * a failed Job, ProgressDeadlineExceeded, a paused rollout, or pods stuck in CrashLoopBackOff /
 * ImagePullBackOff (and similar) for `fatalPolls` consecutive polls — waiting out the timeout would only
 * delay the same answer.
 */
export async function verifyWorkloads(options: VerifyOptions): Promise<VerifyResult> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const pollMs = options.pollMs ?? 1_000;
  const fatalPolls = options.fatalPolls ?? 3;
  const started = now();
  const deadline = started + options.timeoutMs;
  const results = new Map<string, WorkloadResult>();
  const fatalStreak = new Map<string, number>();
  const lastReason = new Map<string, string>();
  for (const ref of options.workloads) {
    const key = workloadKey(ref);
    results.set(key, { ref, key, state: 'missing', reason: 'not found yet', ready: 0, desired: 0 });
  }
  let polls = 0;
  const open = () => [...results.values()].filter((r) => r.state !== 'ready' && r.state !== 'failed');
  while (open().length > 0) {
    polls++;
    for (const result of open()) {
      const { ref, key } = result;
      const object = await options.kubectl.get(API_KIND[ref.kind], ref.name, ref.namespace);
      if (!object) {
        Object.assign(result, {
          state: 'missing',
          reason: `${ref.kind} ${ref.name} does not exist`,
          object: undefined,
        });
        continue;
      }
      const status = rolloutStatus(ref.kind, object);
      Object.assign(result, { object, ready: status.ready, desired: status.desired, reason: status.reason });
      if (status.state === 'ready' || status.state === 'failed') {
        result.state = status.state;
      } else {
        result.state = 'timeout';
        const fatal = await fatalPods(options.kubectl, ref, object);
        const streak = fatal.length > 0 ? (fatalStreak.get(key) ?? 0) + 1 : 0;
        fatalStreak.set(key, streak);
        if (fatal.length > 0) result.reason = `${status.reason}; ${fatal.join('; ')}`;
        if (streak >= fatalPolls) result.state = 'failed';
      }
      if (lastReason.get(key) !== `${result.state}:${result.reason}`) {
        lastReason.set(key, `${result.state}:${result.reason}`);
        options.onProgress?.(
          `${key}: ${result.state === 'timeout' ? 'waiting' : result.state} — ${result.reason}`,
        );
      }
    }
    if ([...results.values()].some((r) => r.state === 'failed')) break;
    if (open().length === 0 || now() >= deadline) break;
    await sleep(Math.min(pollMs, Math.max(0, deadline - now())));
  }
  const all = [...results.values()];
  return {
    ok: all.every((r) => r.state === 'ready'),
    timedOut: now() >= deadline && all.some((r) => r.state === 'timeout' || r.state === 'missing'),
    results: all,
    durationMs: now() - started,
    polls,
  };
}
