/** The REST verbs on resources: get, list, watch, create, update, patch, delete, and the pod `log` subresource. */
import type { ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { ResourceType } from './resources';
import { apiVersionOf, resourceType } from './resources';
import type { ObjectStore } from './store';
import type { KubeObject } from './types';
import { isObject } from './types';
import { ApiError, badRequest, notFound } from './api-error';
import { parseFieldSelector, parseLabelSelector } from './selectors';
import { jsonMergePatch, jsonPatch, serverSideApply, strategicMerge } from './patch';
import { serveWatch } from './watch';

/** A request aimed at one resource type, one object, or one object's subresource. */
export interface ResourceRequest {
  method: string;
  type: ResourceType;
  namespace: string | undefined;
  name: string | undefined;
  subresource: string | undefined;
  query: URLSearchParams;
  contentType: string;
  /** The decoded body (JSON, YAML or protobuf), or undefined when there was none. */
  body: unknown;
}

/** What the handlers need from the simulator. */
export interface HandlerContext {
  store: ObjectStore;
  /** Text of a container's log; throws an ApiError when the container has not started. */
  podLog: (pod: KubeObject, container: string | undefined, previous: boolean) => string;
  /** Stop functions of open watches, so the simulator can end them all on stop(). */
  watches: Set<() => void>;
}

type Reply = { code: number; body: unknown } | 'streaming';

function asObject(req: ResourceRequest): KubeObject {
  const body = req.body;
  if (!isObject(body) || !isObject(body.metadata)) {
    throw badRequest(
      `${req.method} ${req.type.plural}: body must be a ${req.type.kind} object with metadata`,
    );
  }
  const obj = body as unknown as KubeObject;
  if (req.type.namespaced) obj.metadata.namespace = req.namespace; // the URL decides, not the body
  if (req.name) obj.metadata.name = req.name;
  if (!obj.metadata.name && typeof obj.metadata.generateName === 'string') {
    obj.metadata.name = obj.metadata.generateName + randomBytes(3).toString('hex').slice(0, 5);
  }
  if (!obj.metadata.name)
    throw new ApiError(422, 'Invalid', `${req.type.kind} "": metadata.name: Required value`);
  return obj;
}

function requireNamespace(ctx: HandlerContext, req: ResourceRequest): void {
  const nsType = resourceType('Namespace');
  if (req.type.namespaced && nsType && req.namespace && !ctx.store.get(nsType, undefined, req.namespace)) {
    throw notFound('namespaces', '', req.namespace);
  }
}

function existing(ctx: HandlerContext, req: ResourceRequest): KubeObject {
  const obj = ctx.store.get(req.type, req.namespace, req.name ?? '');
  if (!obj) throw notFound(req.type.plural, req.type.group, req.name ?? '');
  return obj;
}

/** Writes `next` over `live`: status only through the status subresource, which changes nothing else. */
function save(ctx: HandlerContext, req: ResourceRequest, live: KubeObject, next: KubeObject): KubeObject {
  const version = next.metadata.resourceVersion;
  if (version && version !== live.metadata.resourceVersion) {
    const what = req.type.group ? `${req.type.plural}.${req.type.group}` : req.type.plural;
    throw new ApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${what} "${live.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`,
    );
  }
  const merged =
    req.subresource === 'status' ? { ...live, status: next.status } : { ...next, status: live.status };
  if (merged.status === undefined) delete merged.status;
  if (req.query.get('dryRun') === 'All') return merged;
  return ctx.store.update(req.type, merged);
}

function patched(req: ResourceRequest, live: KubeObject | undefined): KubeObject {
  const type = req.contentType.split(';')[0]?.trim();
  if (type === 'application/apply-patch+yaml') return serverSideApply(live, asObject(req));
  if (!live) throw notFound(req.type.plural, req.type.group, req.name ?? '');
  if (type === 'application/strategic-merge-patch+json') return strategicMerge(live, req.body) as KubeObject;
  if (type === 'application/merge-patch+json') return jsonMergePatch(live, req.body) as KubeObject;
  if (type === 'application/json-patch+json') return jsonPatch(live, req.body) as KubeObject;
  throw new ApiError(
    415,
    'UnsupportedMediaType',
    `PATCH content type "${req.contentType}" is not supported (strategic-merge-patch+json, merge-patch+json, json-patch+json, apply-patch+yaml are)`,
  );
}

function list(ctx: HandlerContext, req: ResourceRequest): Reply {
  const labels = parseLabelSelector(req.query.get('labelSelector'));
  const fields = parseFieldSelector(req.query.get('fieldSelector'));
  const items = ctx.store.list(req.type, req.namespace).filter((o) => labels(o) && fields(o));
  const metadata = { resourceVersion: String(ctx.store.resourceVersion) };
  return {
    code: 200,
    body: { kind: `${req.type.kind}List`, apiVersion: apiVersionOf(req.type), metadata, items },
  };
}

function watch(ctx: HandlerContext, req: ResourceRequest, res: ServerResponse): Reply {
  const labels = parseLabelSelector(req.query.get('labelSelector'));
  const fields = parseFieldSelector(req.query.get('fieldSelector'));
  const timeout = Number(req.query.get('timeoutSeconds') ?? '');
  const stop = serveWatch(
    ctx.store,
    {
      type: req.type,
      namespace: req.namespace,
      matches: (o) => labels(o) && fields(o) && (!req.name || o.metadata.name === req.name),
      resourceVersion: req.query.get('resourceVersion'),
      sendInitialEvents: req.query.get('sendInitialEvents') === 'true',
      timeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? timeout : undefined,
    },
    res,
  );
  ctx.watches.add(stop);
  res.on('close', () => ctx.watches.delete(stop));
  return 'streaming';
}

function remove(ctx: HandlerContext, req: ResourceRequest): Reply {
  const deleted = ctx.store.delete(req.type, req.namespace, req.name ?? '');
  const details = {
    name: deleted.metadata.name,
    group: req.type.group,
    kind: req.type.plural,
    uid: deleted.metadata.uid,
  };
  return { code: 200, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details } };
}

function removeCollection(ctx: HandlerContext, req: ResourceRequest): Reply {
  const listed = list(ctx, req);
  const items = listed === 'streaming' ? [] : ((listed.body as { items: KubeObject[] }).items ?? []);
  for (const obj of items) ctx.store.delete(req.type, obj.metadata.namespace, obj.metadata.name);
  return listed;
}

/** Serves one resource request; the reply is JSON unless it is a watch or a log. */
export function handleResource(ctx: HandlerContext, req: ResourceRequest, res: ServerResponse): Reply {
  const { method, type, name, subresource } = req;
  if (subresource === 'log' && type.kind === 'Pod' && method === 'GET') {
    const text = ctx.podLog(
      existing(ctx, req),
      req.query.get('container') ?? undefined,
      req.query.get('previous') === 'true',
    );
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end(text);
    return 'streaming';
  }
  if (subresource && subresource !== 'status')
    throw notFound(`${type.plural}/${subresource}`, type.group, name ?? '');
  if (method === 'GET' && !name)
    return req.query.get('watch') === 'true' || req.query.get('watch') === '1'
      ? watch(ctx, req, res)
      : list(ctx, req);
  if (method === 'GET') return { code: 200, body: existing(ctx, req) };
  if (method === 'POST' && !name) {
    requireNamespace(ctx, req);
    const obj = asObject(req);
    if (req.query.get('dryRun') === 'All') return { code: 201, body: obj };
    return { code: 201, body: ctx.store.create(type, obj) };
  }
  if (method === 'PUT' && name) return { code: 200, body: save(ctx, req, existing(ctx, req), asObject(req)) };
  if (method === 'PATCH' && name) {
    const live = ctx.store.get(type, req.namespace, name);
    const next = patched(req, live);
    if (req.type.namespaced) next.metadata.namespace = req.namespace;
    next.metadata.name = name;
    if (live)
      return {
        code: 200,
        body: save(ctx, req, live, { ...next, metadata: { ...next.metadata, resourceVersion: undefined } }),
      };
    requireNamespace(ctx, req);
    return { code: 201, body: ctx.store.create(type, next) };
  }
  if (method === 'DELETE') return name ? remove(ctx, req) : removeCollection(ctx, req);
  throw new ApiError(
    405,
    'MethodNotAllowed',
    `${method} is not supported on ${name ? 'an object' : 'a collection'} of ${type.plural}`,
  );
}
