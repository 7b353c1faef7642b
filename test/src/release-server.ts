import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the release server answers one path. */
export interface ReleaseFile {
  body?: Buffer;
  status?: number;
  /** Wait before answering (to test download timeouts). */
  delayMs?: number;
  /** Answer 503 this many times before serving the file (to test retries). */
  failTimes?: number;
}

/**
 * A loopback stand-in for a release host (GitHub releases, get.helm.sh): serves the given files, counts hits,
 * and can be slow, flaky or missing. The installer's URL points here in tests.
 */
export async function startReleaseServer(files: Record<string, ReleaseFile>) {
  const hits: Record<string, number> = {};
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    hits[path] = (hits[path] ?? 0) + 1;
    const file = files[path];
    const answer = () => {
      if (!file) {
        res.writeHead(404).end('Not Found');
        return;
      }
      if ((file.failTimes ?? 0) >= (hits[path] ?? 0)) {
        res.writeHead(503).end('Service Unavailable');
        return;
      }
      res
        .writeHead(file.status ?? 200, { 'content-type': 'application/octet-stream' })
        .end(file.body ?? Buffer.alloc(0));
    };
    if (file?.delayMs) setTimeout(answer, file.delayMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type ReleaseServer = Awaited<ReturnType<typeof startReleaseServer>>;
