import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What the runner tells an action about where and why it runs. Read once, here, so no other module reaches
 * into `process.env` for `GITHUB_*` or `RUNNER_*`.
 */
export interface RunnerEnv {
  eventName: string;
  /** The webhook payload (`GITHUB_EVENT_PATH`); `{}` when absent or unreadable, as under some local runners. */
  event: Record<string, unknown>;
  repository: { owner: string; repo: string } | undefined;
  sha: string;
  ref: string;
  headRef: string;
  baseRef: string;
  runId: string;
  runAttempt: string;
  job: string;
  workflow: string;
  serverUrl: string;
  apiUrl: string;
  workspace: string;
  runnerTemp: string;
  toolCache: string;
  os: string;
  arch: string;
  debug: boolean;
  /** Whether the cache/artifact services are reachable (absent under act and local runs). */
  hasCacheService: boolean;
}

/** Reads the runner environment, with defaults that keep local runs working. */
export function readRunnerEnv(env: NodeJS.ProcessEnv = process.env): RunnerEnv {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  let event: Record<string, unknown> = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as Record<string, unknown>;
    } catch {
      event = {};
    }
  }
  const temp = env.RUNNER_TEMP || tmpdir();
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    event,
    repository: owner && repo ? { owner, repo } : undefined,
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    headRef: env.GITHUB_HEAD_REF ?? '',
    baseRef: env.GITHUB_BASE_REF ?? '',
    runId: env.GITHUB_RUN_ID ?? '',
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
    job: env.GITHUB_JOB ?? '',
    workflow: env.GITHUB_WORKFLOW ?? '',
    serverUrl: (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/$/, ''),
    apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, ''),
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    runnerTemp: temp,
    toolCache: env.RUNNER_TOOL_CACHE || join(temp, 'tool-cache'),
    os: env.RUNNER_OS ?? process.platform,
    arch: env.RUNNER_ARCH ?? process.arch,
    debug: env.RUNNER_DEBUG === '1',
    hasCacheService: Boolean(env.ACTIONS_RUNTIME_TOKEN && (env.ACTIONS_RESULTS_URL || env.ACTIONS_CACHE_URL)),
  };
}

/** A link to a blob at a commit, for reports that point at lines. */
export function blobUrl(env: RunnerEnv, path: string, line?: number): string | undefined {
  if (!env.repository || !env.sha) return undefined;
  const { owner, repo } = env.repository;
  return `${env.serverUrl}/${owner}/${repo}/blob/${env.sha}/${path.split('/').map(encodeURIComponent).join('/')}${line ? `#L${line}` : ''}`;
}

/** The link to this run, for "see the job summary" notes. */
export function runUrl(env: RunnerEnv): string | undefined {
  if (!env.repository || !env.runId) return undefined;
  return `${env.serverUrl}/${env.repository.owner}/${env.repository.repo}/actions/runs/${env.runId}`;
}

/**
 * The base commit of a pull request event (for base comparisons and patch coverage), read from the payload.
 * Pure event reading: it lives here, not with the API client, so using it never loads Octokit.
 */
export function pullRequestBase(event: Record<string, unknown>): { sha: string; ref: string } | undefined {
  const sha = eventValue(event, 'pull_request', 'base', 'sha');
  const ref = eventValue(event, 'pull_request', 'base', 'ref');
  return typeof sha === 'string' && typeof ref === 'string' ? { sha, ref } : undefined;
}

/** A value at a path in an event payload (or any JSON), or undefined when any step is missing. */
export function eventValue(event: unknown, ...path: string[]): unknown {
  let current = event;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * A push to the repository's default branch: the run whose results become the baseline pull requests are
 * compared with (coverage totals, Trivy findings, k6 latencies).
 */
export function isDefaultBranchPush(env: Pick<RunnerEnv, 'eventName' | 'ref' | 'event'>): boolean {
  const branch = eventValue(env.event, 'repository', 'default_branch');
  return env.eventName === 'push' && typeof branch === 'string' && env.ref === `refs/heads/${branch}`;
}
