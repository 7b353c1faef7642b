import type { KubectlClient } from './kubectl';
import type { WorkloadRef } from './manifest';
import type { KubeObject } from './objects';
import { analysePod, summariseEvents, type EventLine, type PodDiagnosis } from './pod-analysis';
import { selectorOf } from './workload-status';

/** A capped log tail of one container. */
export interface LogTail {
  pod: string;
  container: string;
  /** From the previous (crashed) instance. */
  previous: boolean;
  text: string;
}

/** Everything known about why a workload is not ready. */
export interface WorkloadDiagnosis {
  ref: WorkloadRef;
  /** Pods not ready first, at most `maxPods`. */
  pods: PodDiagnosis[];
  /** Pods of the workload in all (before the cap). */
  podCount: number;
  /** Events of the workload and of the shown pods, newest first, capped. */
  events: EventLine[];
  logs: LogTail[];
  /** Reads that failed (RBAC, timeouts): shown so a gap is never silent. */
  errors: string[];
}

/** Caps on what diagnostics fetch and show. */
export interface DiagnoseLimits {
  maxPods?: number;
  maxEvents?: number;
  maxLogs?: number;
  logLines?: number;
  logBytes?: number;
}

/**
 * Which containers deserve a log tail: crash-looping ones (previous instance: the current one has not
 * started), terminated with a failure, or running but not ready. Pure. Never-started containers
 * (image pulls, ContainerCreating) have no log to show.
 */
export function logTargets(pods: readonly PodDiagnosis[], max: number): Omit<LogTail, 'text'>[] {
  const targets: Omit<LogTail, 'text'>[] = [];
  for (const pod of pods) {
    for (const c of pod.containers) {
      if (c.ready || c.state === 'unknown') continue;
      if (c.state === 'waiting' && c.lastTerminated)
        targets.push({ pod: pod.name, container: c.name, previous: true });
      else if (c.state === 'terminated' && c.exitCode !== 0)
        targets.push({ pod: pod.name, container: c.name, previous: false });
      else if (c.state === 'running') targets.push({ pod: pod.name, container: c.name, previous: false });
    }
  }
  return targets.slice(0, max);
}

const KIND_OF: Record<WorkloadRef['kind'], string> = {
  Deployment: 'Deployment',
  StatefulSet: 'StatefulSet',
  DaemonSet: 'DaemonSet',
  Job: 'Job',
};

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Fetches and reads what explains a not-ready workload: its pods (via its selector), their container
 * states and restarts, recent events, and capped log tails of failing containers. Every read is bounded
 * and a failed read becomes an entry in `errors`, never an exception: diagnostics must not mask the verdict.
 */
export async function diagnoseWorkload(
  kubectl: Pick<KubectlClient, 'listPods' | 'events' | 'logs'>,
  ref: WorkloadRef,
  object: KubeObject | undefined,
  limits: DiagnoseLimits = {},
): Promise<WorkloadDiagnosis> {
  const { maxPods = 5, maxEvents = 10, maxLogs = 3, logLines = 20, logBytes = 4096 } = limits;
  const errors: string[] = [];
  let pods: PodDiagnosis[] = [];
  let podCount = 0;
  const selector = object ? selectorOf(object) : undefined;
  if (selector) {
    try {
      const all = (await kubectl.listPods(selector, ref.namespace)).map(analysePod);
      podCount = all.length;
      pods = [...all]
        .sort((a, b) => Number(a.ready) - Number(b.ready) || b.restarts - a.restarts)
        .slice(0, maxPods);
    } catch (error) {
      errors.push(message(error));
    }
  }
  const rawEvents: KubeObject[] = [];
  const sources: [string, string][] = [
    [KIND_OF[ref.kind], ref.name],
    ...pods
      .filter((p) => !p.ready)
      .slice(0, 3)
      .map((p): [string, string] => ['Pod', p.name]),
  ];
  for (const [kind, name] of sources) {
    try {
      rawEvents.push(...(await kubectl.events(kind, name, ref.namespace)));
    } catch (error) {
      errors.push(message(error));
    }
  }
  const logs: LogTail[] = [];
  for (const target of logTargets(
    pods.filter((p) => !p.ready),
    maxLogs,
  )) {
    try {
      const text = await kubectl.logs(target.pod, ref.namespace, {
        container: target.container,
        previous: target.previous,
        tail: logLines,
        limitBytes: logBytes,
      });
      logs.push({ ...target, text: text.slice(0, logBytes) });
    } catch (error) {
      errors.push(message(error));
    }
  }
  return { ref, pods, podCount, events: summariseEvents(rawEvents, maxEvents), logs, errors };
}

/** Short reasons for `failed-resources`: the distinct container reasons of a diagnosis (e.g. `ImagePullBackOff`). */
export function diagnosisReasons(d: WorkloadDiagnosis): string[] {
  const reasons = new Set<string>();
  for (const pod of d.pods) {
    if (pod.ready) continue;
    if (pod.podReason) reasons.add(pod.podReason.split(':')[0] ?? pod.podReason);
    for (const c of pod.containers) {
      if (c.ready) continue;
      if (c.reason && c.reason !== 'Completed') reasons.add(c.reason);
      else if (c.state === 'running') reasons.add('NotReady');
    }
  }
  return [...reasons];
}
