/**
 * Failure scenarios, chosen per container by its image name or tag (case-insensitive):
 *
 * | image contains | behaviour |
 * |---|---|
 * | `imagepull` | never starts: Pending, waiting `ErrImagePull` / `ImagePullBackOff` in turns; Failed/BackOff events |
 * | `crashloop` | exits with code 1 after each start: `CrashLoopBackOff` with a growing `restartCount` and `lastState.terminated` (exitCode 1); BackOff events. In a pod that does not restart (Job) it fails instead |
 * | `notready`  | Running but never Ready: readiness probe failing, `Unhealthy` events |
 * | `fail`      | in a pod with restartPolicy Never/OnFailure (a Job's, or a bare `helm test` hook Pod): exits with code 1, phase Failed, so a Job ends `BackoffLimitExceeded`; ignored elsewhere |
 * | anything else | Running and Ready after `readyDelayMs`; with restartPolicy Never/OnFailure (Job pods, bare test pods), Succeeded one more `readyDelayMs` later |
 *
 * Everything here is a pure function of the pod and the time since it was scheduled, so the controller can
 * recompute the status on every tick and write only what changed. Backoffs are compressed: the probe/backoff
 * period is `max(readyDelayMs, 500 ms)` and doubles per restart up to 8 periods.
 */
import type { JsonObject, KubeObject } from './types';
import { kubeTime } from './types';
import type { EventSpec } from './events';
import { ApiError } from './api-error';

/** What a container does in the simulator. */
export type Scenario = 'ready' | 'notready' | 'crashloop' | 'imagepull' | 'fail';

/** The line a scenario's container prints before it exits or misbehaves; `kubectl logs` shows it. */
export const SCENARIO_MESSAGES: Record<Scenario, string> = {
  ready: 'server listening on :8080, ready',
  notready: 'readiness check failing: GET /healthz -> 503 (dependency "db" not reachable)',
  crashloop: 'FATAL: could not load configuration: missing required setting DATABASE_URL',
  imagepull: 'image not found in registry',
  fail: 'ERROR: migration step 3 failed: relation "users" does not exist',
};

interface Container {
  name: string;
  image: string;
}

/** Time since the pod was scheduled, and the simulator's pacing. */
export interface PodClock {
  elapsedMs: number;
  readyDelayMs: number;
  startedAtMs: number;
}

/** The scenario a container's image selects, given whether its pod restarts containers. */
export function scenarioOf(image: string, restartPolicy: string): Scenario {
  const lower = image.toLowerCase();
  const restarts = restartPolicy === 'Always';
  if (lower.includes('imagepull')) return 'imagepull';
  if (lower.includes('crashloop')) return restarts ? 'crashloop' : 'fail';
  if (lower.includes('notready')) return 'notready';
  if (lower.includes('fail') && !restarts) return 'fail';
  return 'ready';
}

function containersOf(pod: KubeObject): Container[] {
  const list = (pod.spec?.containers ?? []) as JsonObject[];
  return list.map((c) => ({ name: String(c.name), image: typeof c.image === 'string' ? c.image : '' }));
}

const restartPolicyOf = (pod: KubeObject): string =>
  typeof pod.spec?.restartPolicy === 'string' ? pod.spec.restartPolicy : 'Always';
const periodOf = (clock: PodClock): number => Math.max(clock.readyDelayMs, 500);

/** Restarts so far of a crash-looping container: backoffs of 1, 2, 4, 8, 8… periods after the first crash. */
function restartsAt(clock: PodClock): number {
  const period = periodOf(clock);
  let restarts = 1;
  let at = clock.readyDelayMs + period;
  while (at <= clock.elapsedMs && restarts < 10_000) {
    restarts++;
    at += period * Math.min(2 ** (restarts - 1), 8);
  }
  return restarts;
}

function containerStatus(pod: KubeObject, c: Container, clock: PodClock): JsonObject {
  const scenario = scenarioOf(c.image, restartPolicyOf(pod));
  const base = {
    name: c.name,
    image: c.image,
    imageID: '',
    lastState: {},
    ready: false,
    restartCount: 0,
    started: false,
  };
  const started = kubeTime(clock.startedAtMs + clock.readyDelayMs);
  const id = `containerd://${(pod.metadata.uid ?? '').replace(/-/g, '')}${c.name}`.slice(0, 77);
  const pulled = {
    ...base,
    imageID: `docker.io/library/${c.image}@sha256:${'0'.repeat(64)}`,
    containerID: id,
  };
  if (clock.elapsedMs < clock.readyDelayMs)
    return { ...base, state: { waiting: { reason: 'ContainerCreating' } } };
  const terminated = (exitCode: number): JsonObject => ({
    terminated: {
      exitCode,
      reason: exitCode === 0 ? 'Completed' : 'Error',
      startedAt: started,
      finishedAt: started,
      containerID: id,
    },
  });
  switch (scenario) {
    case 'imagepull': {
      const pulls = Math.floor((clock.elapsedMs - clock.readyDelayMs) / periodOf(clock));
      const waiting =
        pulls % 2 === 0
          ? {
              reason: 'ErrImagePull',
              message: `rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/${c.image}": not found`,
            }
          : { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}"` };
      return { ...base, state: { waiting } };
    }
    case 'crashloop': {
      const restarts = restartsAt(clock);
      const backoff = 10 * Math.min(2 ** (restarts - 1), 32);
      const message = `back-off ${backoff}s restarting failed container=${c.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
      return {
        ...pulled,
        restartCount: restarts,
        lastState: terminated(1),
        state: { waiting: { reason: 'CrashLoopBackOff', message } },
      };
    }
    case 'fail':
      return { ...pulled, state: terminated(1) };
    case 'notready':
      return { ...pulled, started: true, state: { running: { startedAt: started } } };
    case 'ready':
      if (restartPolicyOf(pod) !== 'Always' && clock.elapsedMs >= 2 * clock.readyDelayMs)
        return { ...pulled, state: terminated(0) };
      return { ...pulled, ready: true, started: true, state: { running: { startedAt: started } } };
  }
}

function condition(type: string, ok: boolean, since: string, reason?: string, message?: string): JsonObject {
  return {
    type,
    status: ok ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: since,
    ...(reason ? { reason, message } : {}),
  };
}

/** The pod's whole `status` at this point of its scenario. */
export function podStatus(pod: KubeObject, clock: PodClock, podIP: string): JsonObject {
  const statuses = containersOf(pod).map((c) => containerStatus(pod, c, clock));
  const state = (s: JsonObject): JsonObject => s.state as JsonObject;
  const running = (s: JsonObject): boolean => 'running' in state(s);
  const exitCode = (s: JsonObject): number | undefined =>
    (state(s).terminated as { exitCode?: number } | undefined)?.exitCode;
  let phase = 'Running';
  if (statuses.some((s) => exitCode(s) !== undefined && exitCode(s) !== 0)) phase = 'Failed';
  else if (statuses.length > 0 && statuses.every((s) => exitCode(s) === 0)) phase = 'Succeeded';
  else if (!statuses.some(running) && !statuses.some((s) => Number(s.restartCount) > 0)) phase = 'Pending';
  const ready = phase === 'Running' && statuses.every((s) => s.ready === true);
  const unready = statuses.filter((s) => s.ready !== true).map((s) => String(s.name));
  const since = kubeTime(clock.startedAtMs);
  const whenReady = kubeTime(clock.startedAtMs + clock.readyDelayMs);
  const done = phase === 'Succeeded' || phase === 'Failed';
  const notReady = done
    ? ['PodCompleted', '']
    : ['ContainersNotReady', `containers with unready status: [${unready.join(' ')}]`];
  return {
    phase,
    conditions: [
      condition('PodReadyToStartContainers', clock.elapsedMs >= clock.readyDelayMs, whenReady),
      condition('Initialized', true, since),
      condition('Ready', ready, ready ? whenReady : since, ...(ready ? [] : notReady)),
      condition('ContainersReady', ready, ready ? whenReady : since, ...(ready ? [] : notReady)),
      condition('PodScheduled', true, since),
    ],
    hostIP: '10.0.0.10',
    hostIPs: [{ ip: '10.0.0.10' }],
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: since,
    containerStatuses: statuses,
    qosClass: 'BestEffort',
  };
}

/** The events the kubelet would have recorded for this pod so far (the recorder adds or bumps them). */
export function podEvents(pod: KubeObject, clock: PodClock): EventSpec[] {
  const node = 'kube-sim-node';
  const target = `${pod.metadata.namespace}/${pod.metadata.name}`;
  const events: EventSpec[] = [
    {
      type: 'Normal',
      reason: 'Scheduled',
      message: `Successfully assigned ${target} to ${node}`,
      component: 'default-scheduler',
    },
  ];
  if (clock.elapsedMs < clock.readyDelayMs) return events;
  const period = periodOf(clock);
  const ticks = Math.floor((clock.elapsedMs - clock.readyDelayMs) / period) + 1;
  for (const c of containersOf(pod)) {
    const scenario = scenarioOf(c.image, restartPolicyOf(pod));
    const fieldPath = `spec.containers{${c.name}}`;
    const add = (type: EventSpec['type'], reason: string, message: string, count = 1): number =>
      events.push({ type, reason, message, count, fieldPath });
    if (scenario === 'imagepull') {
      const message = `Failed to pull image "${c.image}": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/${c.image}": not found`;
      add('Normal', 'Pulling', `Pulling image "${c.image}"`, Math.ceil(ticks / 2));
      add('Warning', 'Failed', message, Math.ceil(ticks / 2));
      add('Warning', 'Failed', 'Error: ErrImagePull', Math.ceil(ticks / 2));
      if (ticks > 1) add('Normal', 'BackOff', `Back-off pulling image "${c.image}"`, Math.floor(ticks / 2));
      if (ticks > 1) add('Warning', 'Failed', 'Error: ImagePullBackOff', Math.floor(ticks / 2));
      continue;
    }
    const starts = scenario === 'crashloop' ? restartsAt(clock) : 1;
    add('Normal', 'Pulled', `Container image "${c.image}" already present on machine`, starts);
    add('Normal', 'Created', `Created container: ${c.name}`, starts);
    add('Normal', 'Started', `Started container ${c.name}`, starts);
    if (scenario === 'crashloop') {
      add(
        'Warning',
        'BackOff',
        `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
        starts,
      );
    }
    if (scenario === 'notready')
      add('Warning', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', ticks);
  }
  return events;
}

/**
 * A short log of one container (`kubectl logs`): what its scenario prints. Containers that never started answer
 * 400 like the kubelet does; `container` may be omitted only for single-container pods.
 */
export function podLog(pod: KubeObject, container: string | undefined, clock: PodClock): string {
  const containers = containersOf(pod);
  const podName = pod.metadata.name;
  if (!container && containers.length > 1) {
    throw new ApiError(
      400,
      'BadRequest',
      `a container name must be specified for pod ${podName}, choose one of: [${containers.map((c) => c.name).join(' ')}]`,
    );
  }
  const c = container ? containers.find((x) => x.name === container) : containers[0];
  if (!c)
    throw new ApiError(400, 'BadRequest', `container ${container ?? ''} is not valid for pod ${podName}`);
  const scenario = scenarioOf(c.image, restartPolicyOf(pod));
  if (clock.elapsedMs < clock.readyDelayMs || scenario === 'imagepull') {
    const why = scenario === 'imagepull' ? 'trying and failing to pull image' : 'ContainerCreating';
    throw new ApiError(
      400,
      'BadRequest',
      `container "${c.name}" in pod "${podName}" is waiting to start: ${why}`,
    );
  }
  const lines = [
    `starting ${c.image}`,
    'loading configuration from /etc/app/config.yaml',
    SCENARIO_MESSAGES[scenario],
  ];
  if (scenario === 'crashloop' || scenario === 'fail') lines.push('exit status 1');
  return `${lines.join('\n')}\n`;
}
