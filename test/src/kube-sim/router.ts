/**
 * The HTTP front: bearer-token check, request log, body decoding (JSON, YAML, protobuf), discovery, OpenAPI
 * stubs and `/version`, then dispatch of resource URLs to the handlers. Replies are always JSON.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { HandlerContext, ResourceRequest } from './handlers';
import { handleResource } from './handlers';
import {
  coreVersions,
  groupList,
  openApiDocument,
  openApiIndex,
  resourceList,
  resourceTypeAt,
} from './resources';
import { ApiError, badRequest } from './api-error';
import { decodeProtobuf } from './protobuf';

/** One served request, as kept in `sim.requests`. */
export interface RequestRecord {
  method: string;
  path: string;
  query: string;
  contentType: string;
  userAgent: string;
  status: number;
}

/** Everything the router needs: the handlers' context plus auth and the request log. */
export interface RouterContext extends HandlerContext {
  token: string;
  requests: RequestRecord[];
  serverAddress: () => string;
}

const REQUEST_LOG_LIMIT = 50_000;

/** The version a kubectl 1.31–1.35 and helm 3/4 accept without skew warnings. */
const VERSION_INFO = {
  major: '1',
  minor: '33',
  gitVersion: 'v1.33.0-kube-sim',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.24.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function decodeBody(raw: Buffer, contentType: string): unknown {
  if (raw.length === 0) return undefined;
  if (contentType.startsWith('application/vnd.kubernetes.protobuf')) return decodeProtobuf(raw);
  try {
    return contentType.includes('yaml')
      ? (parseYaml(raw.toString('utf8')) as unknown)
      : (JSON.parse(raw.toString('utf8')) as unknown);
  } catch (error) {
    throw badRequest(
      `request body (${contentType || 'no content type'}) is not valid: ${(error as Error).message}`,
    );
  }
}

/** Splits `/api/v1/namespaces/ns/pods/name/log` into its parts; undefined when it is not a resource URL. */
function resourcePath(
  segments: string[],
): Omit<ResourceRequest, 'method' | 'query' | 'contentType' | 'body'> | undefined {
  const [root, ...rest] = segments;
  const group = root === 'apis' ? (rest.shift() ?? '') : '';
  const version = rest.shift() ?? '';
  if (root !== 'api' && root !== 'apis') return undefined;
  let namespace: string | undefined;
  const namespaced =
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    resourceTypeAt(group, version, rest[2] ?? '') !== undefined;
  if (namespaced) {
    namespace = rest[1];
    rest.splice(0, 2);
  }
  const [plural = '', name, subresource] = rest;
  const type = resourceTypeAt(group, version, plural);
  if (!type) return undefined;
  return { type, namespace, name, subresource };
}

function discovery(segments: string[], ctx: RouterContext): object | undefined {
  const path = segments.join('/');
  if (path === 'version') return VERSION_INFO;
  if (path === 'api') return coreVersions(ctx.serverAddress());
  if (path === 'apis') return groupList();
  if (path === 'api/v1') return resourceList('', 'v1');
  if (segments[0] === 'apis' && segments.length === 3)
    return resourceList(segments[1] ?? '', segments[2] ?? '');
  if (path === 'openapi/v3') return openApiIndex();
  if (segments[0] === 'openapi' && segments[1] === 'v3') return openApiDocument(segments.slice(2).join('/'));
  if (['healthz', 'readyz', 'livez'].includes(path)) return { ok: true };
  return undefined;
}

function sendJson(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

/** Serves one HTTP request; never throws (errors become Status replies). */
export async function route(ctx: RouterContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sim');
  const contentType = req.headers['content-type'] ?? '';
  const record: RequestRecord = {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.search,
    contentType,
    userAgent: req.headers['user-agent'] ?? '',
    status: 0,
  };
  ctx.requests.push(record);
  if (ctx.requests.length > REQUEST_LOG_LIMIT)
    ctx.requests.splice(0, ctx.requests.length - REQUEST_LOG_LIMIT);
  res.on('finish', () => (record.status = res.statusCode));
  try {
    // client-go never sends a bearer token over plain HTTP, so only a wrong token is refused.
    const auth = req.headers.authorization;
    if (auth !== undefined && auth !== `Bearer ${ctx.token}`)
      throw new ApiError(401, 'Unauthorized', 'Unauthorized');
    const body = decodeBody(await readBody(req), contentType);
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const doc = record.method === 'GET' ? discovery(segments, ctx) : undefined;
    if (doc) return sendJson(res, 200, doc);
    const target = resourcePath(segments);
    if (!target)
      throw new ApiError(
        404,
        'NotFound',
        `the server could not find the requested resource (${record.method} ${url.pathname})`,
      );
    const reply = handleResource(
      ctx,
      { ...target, method: record.method, query: url.searchParams, contentType, body },
      res,
    );
    if (reply !== 'streaming') sendJson(res, reply.code, reply.body);
  } catch (error) {
    const apiError =
      error instanceof ApiError
        ? error
        : new ApiError(500, 'InternalError', `simulator error: ${(error as Error).stack ?? String(error)}`);
    if (!res.headersSent) sendJson(res, apiError.code, apiError.toStatus());
    else res.end();
  }
}
