import { conditionOf, num, text, type KubeObject } from './objects';

/**
 * Why pods are not ready, from the Pod objects alone: the container states kubelet reports. Pure, so the
 * same reading is used by verification (fail fast) and diagnostics (explain).
 */

/** Waiting reasons that do not resolve by waiting longer (without a human fixing something). */
export const FATAL_WAITING_REASONS: readonly string[] = [
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'ErrImageNeverPull',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
];

/** One container of a pod, as diagnostics show it. */
export interface ContainerDiagnosis {
  name: string;
  image: string;
  ready: boolean;
  restartCount: number;
  /** `waiting`, `running` or `terminated`; `unknown` when kubelet has not reported yet. */
  state: 'waiting' | 'running' | 'terminated' | 'unknown';
  reason: string;
  message: string;
  exitCode?: number;
  /** How the previous instance ended (crash loops): reason and exit code. */
  lastTerminated?: { reason: string; exitCode: number };
  /** An init container. */
  init: boolean;
}

/** One pod, as diagnostics show it. */
export interface PodDiagnosis {
  name: string;
  namespace: string;
  phase: string;
  ready: boolean;
  containers: ContainerDiagnosis[];
  /** A pod-level reason (Unschedulable, Evicted…) when the containers do not explain it. */
  podReason: string;
  /** The most telling problem, one line; '' when the pod is fine. */
  problem: string;
  restarts: number;
}

function container(status: Record<string, unknown>, init: boolean): ContainerDiagnosis {
  const state = (status.state ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const last = (status.lastState ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const [kind, detail]: [ContainerDiagnosis['state'], Record<string, unknown>] = state.waiting
    ? ['waiting', state.waiting]
    : state.terminated
      ? ['terminated', state.terminated]
      : state.running
        ? ['running', state.running]
        : ['unknown', {}];
  const d: ContainerDiagnosis = {
    name: text(status.name),
    image: text(status.image),
    ready: status.ready === true,
    restartCount: num(status.restartCount),
    state: kind,
    reason: text(detail.reason),
    message: text(detail.message),
    init,
  };
  if (kind === 'terminated') d.exitCode = num(detail.exitCode);
  if (last.terminated)
    d.lastTerminated = { reason: text(last.terminated.reason), exitCode: num(last.terminated.exitCode) };
  return d;
}

function describeProblem(c: ContainerDiagnosis): string {
  const who = `container ${c.name}`;
  const restarts = c.restartCount > 0 ? `, ${c.restartCount} restarts` : '';
  const last = c.lastTerminated
    ? ` (last exit ${c.lastTerminated.exitCode}: ${c.lastTerminated.reason})`
    : '';
  if (c.state === 'waiting') return `${who} waiting: ${c.reason || 'unknown reason'}${restarts}${last}`;
  if (c.state === 'terminated')
    return `${who} terminated: ${c.reason || 'exit'} (exit code ${c.exitCode ?? '?'})${restarts}`;
  if (c.state === 'running' && !c.ready) return `${who} running but not ready (readiness probe)${restarts}`;
  return '';
}

/** Reads a Pod object into a {@link PodDiagnosis}. */
export function analysePod(pod: KubeObject): PodDiagnosis {
  const status = pod.status ?? {};
  const list = (key: string): Record<string, unknown>[] =>
    Array.isArray(status[key]) ? (status[key] as Record<string, unknown>[]) : [];
  const containers = [
    ...list('initContainerStatuses').map((s) => container(s, true)),
    ...list('containerStatuses').map((s) => container(s, false)),
  ];
  const phase = text(status.phase) || 'Unknown';
  const ready = conditionOf(pod, 'Ready')?.status === 'True';
  const scheduled = conditionOf(pod, 'PodScheduled');
  let podReason = text(status.reason);
  if (!podReason && scheduled?.status === 'False')
    podReason = `${scheduled.reason ?? 'Unschedulable'}: ${scheduled.message ?? ''}`;
  // Init containers that completed are fine; the first one that is not explains a stuck pod best.
  const troubled = containers.filter(
    (c) =>
      !(c.init && c.state === 'terminated' && c.exitCode === 0) &&
      !(c.state === 'running' && c.ready) &&
      !(c.state === 'terminated' && c.exitCode === 0),
  );
  const fatal = troubled.find((c) => FATAL_WAITING_REASONS.includes(c.reason));
  const first = fatal ?? troubled[0];
  const problem =
    ready || phase === 'Succeeded'
      ? ''
      : podReason || (first ? describeProblem(first) : `pod ${phase}, not ready`);
  return {
    name: pod.metadata?.name ?? '',
    namespace: pod.metadata?.namespace ?? '',
    phase,
    ready,
    containers,
    podReason,
    problem,
    restarts: containers.reduce((sum, c) => sum + c.restartCount, 0),
  };
}

/** The fatal waiting reasons present in a pod (e.g. `CrashLoopBackOff`), for fail-fast decisions. */
export function fatalReasons(pod: PodDiagnosis): string[] {
  return [
    ...new Set(pod.containers.filter((c) => FATAL_WAITING_REASONS.includes(c.reason)).map((c) => c.reason)),
  ];
}

/** One event line, deduplicated and ready to show. */
export interface EventLine {
  type: string;
  reason: string;
  message: string;
  count: number;
  /** `Kind/name` of the involved object. */
  object: string;
  /** ISO time of the last occurrence ('' when unknown). */
  lastSeen: string;
}

/** Events newest first, warnings before normal events of the same time, deduplicated, at most `limit`. */
export function summariseEvents(events: readonly KubeObject[], limit = 10): EventLine[] {
  const lines = new Map<string, EventLine>();
  for (const e of events) {
    const involved = (e.involvedObject ?? e.regarding ?? {}) as { kind?: string; name?: string };
    const line: EventLine = {
      type: text(e.type) || 'Normal',
      reason: text(e.reason),
      message: text(e.message) || text(e.note),
      count: Math.max(1, num(e.count, num((e.series as { count?: number } | undefined)?.count, 1))),
      object: `${involved.kind ?? '?'}/${involved.name ?? '?'}`,
      lastSeen: text(e.lastTimestamp) || text(e.eventTime) || text(e.metadata?.creationTimestamp),
    };
    const key = `${line.object}|${line.type}|${line.reason}|${line.message}`;
    const seen = lines.get(key);
    if (!seen) lines.set(key, line);
    else {
      seen.count += line.count;
      if (line.lastSeen > seen.lastSeen) seen.lastSeen = line.lastSeen;
    }
  }
  return [...lines.values()]
    .sort(
      (a, b) =>
        b.lastSeen.localeCompare(a.lastSeen) || Number(b.type === 'Warning') - Number(a.type === 'Warning'),
    )
    .slice(0, limit);
}
