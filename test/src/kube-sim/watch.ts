/**
 * Streaming watches. A watch first reports the state it starts from — synthetic ADDED events when asked for
 * (`resourceVersion` unset or `0`, or `sendInitialEvents=true`, which helm 4's watcher uses and which must end
 * with a BOOKMARK annotated `k8s.io/initial-events-end`) or the changes after the given resourceVersion — then
 * every matching change. Idle watches get a newline every 250 ms: without traffic the Go clients hang.
 */
import type { ServerResponse } from 'node:http';
import type { ResourceType } from './resources';
import { apiVersionOf } from './resources';
import type { ObjectStore, StoreEvent } from './store';
import type { KubeObject } from './types';

const KEEPALIVE_MS = 250;

/** What one watch request asks for. */
export interface WatchRequest {
  type: ResourceType;
  namespace: string | undefined;
  matches: (obj: KubeObject) => boolean;
  resourceVersion: string | null;
  sendInitialEvents: boolean;
  timeoutSeconds: number | undefined;
}

/**
 * Streams a watch on `res` until the client goes away, `timeoutSeconds` pass, or the returned stop function is
 * called (the simulator's `stop()` calls it for every open watch).
 */
export function serveWatch(store: ObjectStore, request: WatchRequest, res: ServerResponse): () => void {
  const { type, namespace } = request;
  const inScope = (obj: KubeObject): boolean => !namespace || obj.metadata.namespace === namespace;
  const send = (event: object): void => void res.write(`${JSON.stringify(event)}\n`);
  const relevant = (e: StoreEvent): boolean =>
    e.resourceType === type && inScope(e.object) && request.matches(e.object);

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  const unsubscribe = store.subscribe((e) => relevant(e) && send({ type: e.type, object: e.object }));
  const startVersion = store.resourceVersion;
  const rv = request.resourceVersion;

  if (request.sendInitialEvents || !rv || rv === '0') {
    for (const obj of store.list(type, namespace).filter(request.matches))
      send({ type: 'ADDED', object: obj });
    if (request.sendInitialEvents) {
      const metadata = {
        resourceVersion: String(startVersion),
        annotations: { 'k8s.io/initial-events-end': 'true' },
      };
      send({ type: 'BOOKMARK', object: { kind: type.kind, apiVersion: apiVersionOf(type), metadata } });
    }
  } else {
    const changes = store.changesSince(Number(rv));
    if (changes === 'expired') {
      const status = {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason: 'Expired',
        code: 410,
        message: `too old resource version: ${rv} (${startVersion})`,
      };
      send({ type: 'ERROR', object: status });
    } else {
      for (const e of changes.filter(relevant)) send({ type: e.type, object: e.object });
    }
  }

  const keepalive = setInterval(() => res.write('\n'), KEEPALIVE_MS);
  const timeout = request.timeoutSeconds
    ? setTimeout(() => stop(), request.timeoutSeconds * 1000)
    : undefined;
  let stopped = false;
  function stop(): void {
    if (stopped) return;
    stopped = true;
    unsubscribe();
    clearInterval(keepalive);
    clearTimeout(timeout);
    res.end();
  }
  // `res` 'close' fires when the client disconnects; `req` 'close' would fire as soon as the body was read.
  res.on('close', stop);
  return stop;
}
