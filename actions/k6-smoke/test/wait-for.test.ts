import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { realWaitDeps, waitForHealthy } from '../src/wait-for';
import {
  errorsOf,
  fixtures,
  plainScript,
  removeTemps,
  runK6Smoke,
  standInK6,
  workspaceWith,
} from './helpers';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  removeTemps();
});

/** A loopback server answering 503 until `healthyAfterMs` has passed (never, for Infinity), then 200. */
async function service(healthyAfterMs: number): Promise<{ url: string; hits: () => number }> {
  const started = Date.now();
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.statusCode = Date.now() - started >= healthyAfterMs ? 200 : 503;
    res.end('ok');
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`, hits: () => hits };
}

describe('waitForHealthy against a real server', () => {
  it('returns once the service turns healthy, with how long it took', async () => {
    const svc = await service(600);
    const w = await waitForHealthy(svc.url, { timeoutMs: 5_000, intervalMs: 100 }, realWaitDeps);
    expect(w.healthy).toBe(true);
    expect(w.elapsedMs).toBeGreaterThanOrEqual(550);
    expect(w.elapsedMs).toBeLessThan(2_000);
    expect(w.attempts).toBe(svc.hits());
    expect(w.attempts).toBeGreaterThan(1);
  });

  it('gives up at the timeout when the service never turns healthy', async () => {
    const svc = await service(Infinity);
    const started = Date.now();
    const w = await waitForHealthy(svc.url, { timeoutMs: 700, intervalMs: 100 }, realWaitDeps);
    expect(w.healthy).toBe(false);
    expect(w.last).toBe('HTTP 503');
    expect(Date.now() - started).toBeLessThan(1_200);
    expect(w.elapsedMs).toBeGreaterThanOrEqual(700);
  });

  it('is bounded when nothing listens, and says why', async () => {
    const svc = await service(0);
    const url = svc.url;
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
    const w = await waitForHealthy(url, { timeoutMs: 400, intervalMs: 100 }, realWaitDeps);
    expect(w.healthy).toBe(false);
    expect(w.last).toBe('ECONNREFUSED');
  });

  it('never sleeps past the deadline (injected clock)', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const w = await waitForHealthy(
      'http://x/',
      { timeoutMs: 2_500, intervalMs: 1_000 },
      {
        fetch: () => Promise.resolve({ status: 500 }),
        now: () => now,
        sleep: (ms) => {
          sleeps.push(ms);
          now += ms;
          return Promise.resolve();
        },
      },
    );
    expect(sleeps).toEqual([1_000, 1_000, 500]);
    expect(w).toEqual({ healthy: false, elapsedMs: 2_500, attempts: 3, last: 'HTTP 500' });
  });
});

describe('wait-for through the bundle', () => {
  it('waits for a slow service, reports the wait, then runs k6', async () => {
    const svc = await service(1_200);
    const k6 = standInK6({ fixture: fixtures.legacy });
    const ws = workspaceWith({ 'load.js': plainScript });
    const r = await runK6Smoke(
      { scripts: 'load.js', 'wait-for': svc.url, 'wait-timeout': '10s', version: 'system' },
      { path: [k6.dir], cwd: ws },
    );
    expect(errorsOf(r)).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(r.summary).toMatch(/was healthy after \d+\.\d s/);
    expect(k6.calls()).toHaveLength(1);
  });

  it('fails without running k6 when the service never becomes healthy', async () => {
    const svc = await service(Infinity);
    const k6 = standInK6({ fixture: fixtures.legacy });
    const r = await runK6Smoke(
      { urls: 'http://127.0.0.1:1/', 'wait-for': svc.url, 'wait-timeout': '2s', version: 'system' },
      { path: [k6.dir] },
    );
    expect(r.exitCode).toBe(1);
    expect(r.durationMs).toBeLessThan(10_000);
    expect(errorsOf(r)).toEqual([
      expect.stringMatching(/not healthy within 2 s .*last: HTTP 503.*k6 was not run/),
    ]);
    expect(k6.calls()).toHaveLength(0);
    expect(r.outputs.passed).toBe('false');
  });
});
