/** Bounded HTTP checks of a deployed service; `fetch`, clock and sleep are injected. */

/** One URL to check (the shape `parseSmokeUrls` of `@shipyard/k6` returns). */
export interface SmokeTarget {
  method: string;
  url: string;
  expectedStatus: number;
}

/** The outcome of one URL. */
export interface SmokeResult extends SmokeTarget {
  ok: boolean;
  /** The last status seen (undefined when no answer). */
  status?: number;
  /** The last network error, if the last attempt had one. */
  error?: string;
  attempts: number;
  durationMs: number;
}

/** Options of {@link checkSmokeUrls}. */
export interface SmokeOptions {
  fetch: typeof globalThis.fetch;
  /** Total time for each URL, retries included (a new pod behind a Service may need a moment). */
  timeoutMs: number;
  /** Per request. Default 10 s. */
  requestTimeoutMs?: number;
  /** Between attempts. Default 1 s. */
  retryMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Checks each URL until it answers with its expected status or its time is up. Never throws. */
export async function checkSmokeUrls(
  targets: readonly SmokeTarget[],
  options: SmokeOptions,
): Promise<SmokeResult[]> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const results: SmokeResult[] = [];
  for (const target of targets) {
    const started = now();
    const result: SmokeResult = { ...target, ok: false, attempts: 0, durationMs: 0 };
    for (;;) {
      result.attempts++;
      const left = started + options.timeoutMs - now();
      try {
        const response = await options.fetch(target.url, {
          method: target.method,
          redirect: 'manual',
          signal: AbortSignal.timeout(Math.max(1, Math.min(options.requestTimeoutMs ?? 10_000, left))),
        });
        await response.body?.cancel();
        result.status = response.status;
        result.error = undefined;
        result.ok = response.status === target.expectedStatus;
      } catch (error) {
        result.error = error instanceof Error ? error.message : String(error);
      }
      if (result.ok || now() + (options.retryMs ?? 1_000) >= started + options.timeoutMs) break;
      await sleep(options.retryMs ?? 1_000);
    }
    result.durationMs = now() - started;
    results.push(result);
  }
  return results;
}
