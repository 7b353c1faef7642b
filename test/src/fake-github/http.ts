import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake saw it, for assertions. */
export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  at: number;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (req: {
  params: string[];
  query: Record<string, string>;
  body: unknown;
  url: URL;
}) => Reply;

export interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

/** A fault to inject: the next `times` requests matching method and path get this reply instead. */
export interface Fault {
  method?: string;
  path: RegExp;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  times?: number;
  delayMs?: number;
}

/** A small JSON-over-HTTP server on 127.0.0.1 with a route table, injected faults, latency and a log. */
export async function startJsonServer(routes: () => Route[], options: { latencyMs?: number } = {}) {
  const log: LoggedRequest[] = [];
  const faults: (Fault & { left: number })[] = [];
  let latencyMs = options.latencyMs ?? 0;

  const respond = (res: ServerResponse, reply: Reply) => {
    const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
    res.end(payload);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const query = Object.fromEntries(url.searchParams);
    const method = req.method ?? 'GET';
    const entry: LoggedRequest = { method, path: url.pathname, query, body, status: 0, at: Date.now() };
    log.push(entry);
    const fault = faults.find(
      (f) => f.left > 0 && (!f.method || f.method === method) && f.path.test(url.pathname),
    );
    const delay = (fault?.delayMs ?? 0) + latencyMs;
    if (delay) await new Promise((r) => setTimeout(r, delay));
    if (fault) {
      fault.left--;
      entry.status = fault.status;
      return respond(res, {
        status: fault.status,
        body: fault.body ?? { message: `injected ${fault.status}` },
        headers: fault.headers ?? {},
      });
    }
    for (const route of routes()) {
      if (route.method !== method) continue;
      const m = route.pattern.exec(url.pathname);
      if (!m) continue;
      const reply = route.handler({ params: m.slice(1), query, body, url });
      entry.status = reply.status;
      return respond(res, reply);
    }
    entry.status = 404;
    respond(res, {
      status: 404,
      body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' },
    });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) =>
      respond(res, { status: 500, body: { message: String(error) } }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    fault(f: Fault) {
      faults.push({ ...f, left: f.times ?? 1 });
    },
    setLatency(ms: number) {
      latencyMs = ms;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
