import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

/** The Octokit every action uses: REST methods, pagination, retries on 5xx, GitHub's documented back-off. */
export type GitHubClient = ReturnType<typeof getOctokit>;

export interface ClientOptions {
  token: string;
  /** `GITHUB_API_URL`; tests point it at a loopback fake. */
  baseUrl: string;
  /** How many times a rate-limited request is retried after waiting `retry-after`. */
  rateLimitRetries?: number;
  warn?: (message: string) => void;
}

/**
 * Creates the client. Secondary rate limits (403/429 with `retry-after`) are waited out and retried a few
 * times; 5xx answers are retried by the retry plugin. Both are what GitHub asks integrators to do.
 */
export function createGitHubClient(options: ClientOptions): GitHubClient {
  const retries = options.rateLimitRetries ?? 2;
  const warn = options.warn ?? (() => undefined);
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _o: unknown, count: number) => {
      warn(
        `GitHub ${kind} rate limit on ${request.method} ${request.url}: retrying after ${retryAfter} s (attempt ${count + 1})`,
      );
      return count < retries;
    };
  return getOctokit(
    options.token,
    {
      baseUrl: options.baseUrl,
      throttle: { onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary') },
      retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 451] },
    },
    retry,
    throttling,
  );
}

/** The HTTP status of an Octokit error, if it has one. */
export function httpStatus(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number')
    return error.status;
  return undefined;
}
