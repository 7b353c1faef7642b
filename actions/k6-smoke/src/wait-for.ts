/** The edges of the readiness wait, injected so tests can run it against a real server with short bounds. */
export interface WaitDeps {
  fetch: (url: string, init: { signal: AbortSignal }) => Promise<{ status: number }>;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** How the wait ended. */
export interface WaitResult {
  healthy: boolean;
  elapsedMs: number;
  attempts: number;
  /** The last status or network error, for the failure message. */
  last: string;
}

const describe = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
};

/**
 * Polls `url` until it answers 2xx or `timeoutMs` passes. Each request is cut at the time left (and at
 * most `requestTimeoutMs`), and the sleeps never overrun the deadline, so the whole wait is bounded.
 */
export async function waitForHealthy(
  url: string,
  o: { timeoutMs: number; intervalMs?: number; requestTimeoutMs?: number },
  deps: WaitDeps,
): Promise<WaitResult> {
  const started = deps.now();
  const deadline = started + o.timeoutMs;
  const interval = o.intervalMs ?? 1_000;
  let attempts = 0;
  let last = 'no attempt';
  for (;;) {
    const left = deadline - deps.now();
    if (left <= 0) break;
    attempts++;
    try {
      const response = await deps.fetch(url, {
        signal: AbortSignal.timeout(Math.max(1, Math.min(left, o.requestTimeoutMs ?? 5_000))),
      });
      last = `HTTP ${response.status}`;
      if (response.status >= 200 && response.status < 300)
        return { healthy: true, elapsedMs: deps.now() - started, attempts, last };
    } catch (error: unknown) {
      last = describe(error);
    }
    const remaining = deadline - deps.now();
    if (remaining <= 0) break;
    await deps.sleep(Math.min(interval, remaining));
  }
  return { healthy: false, elapsedMs: deps.now() - started, attempts, last };
}

/** The real edges: global fetch (body discarded), wall clock, timers. */
export const realWaitDeps: WaitDeps = {
  fetch: async (url, init) => {
    const response = await fetch(url, { signal: init.signal, redirect: 'follow' });
    await response.body?.cancel();
    return { status: response.status };
  },
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
