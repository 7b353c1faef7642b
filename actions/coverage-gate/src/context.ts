import type * as GitHub from '@shipyard/github';
import { eventValue, isDefaultBranchPush, type RunnerEnv } from '@shipyard/runtime';

/** What this run is: a PR (with its number, base and head) or a push, and whether it is on the default branch. */
export interface RunKind {
  pr?: { number: number; baseSha: string; headSha?: string };
  /** A push to the repository's default branch: the run that records the baseline. */
  defaultBranchPush: boolean;
}

/**
 * Reads the event: PR events give the PR number and head SHA (links must point at the PR's head, not the
 * merge commit GITHUB_SHA names); `base` comes from the shared `pullRequestBase` so every action agrees on it.
 */
export function runKind(env: RunnerEnv, base: { sha: string } | undefined): RunKind {
  const defaultBranchPush = isDefaultBranchPush(env);
  const number = eventValue(env.event, 'pull_request', 'number') ?? eventValue(env.event, 'number');
  if (!env.eventName.startsWith('pull_request') || !base || typeof number !== 'number')
    return { defaultBranchPush };
  const headSha = eventValue(env.event, 'pull_request', 'head', 'sha');
  return {
    pr: { number, baseSha: base.sha, ...(typeof headSha === 'string' ? { headSha } : {}) },
    defaultBranchPush,
  };
}

/** The PR's labels, read the shared way; a failure to read them is a warning and means "not waived". */
export async function hasWaiverLabel(
  env: RunnerEnv,
  gh: typeof GitHub,
  options: { label: string; number: number; token: string | undefined; warn: (m: string) => void },
): Promise<boolean> {
  if (!env.repository) return false;
  try {
    const client = gh.lazyClient(env, options.token ?? '', options.warn);
    const labels = await gh.pullRequestLabels({ ...env, repository: env.repository }, client, options.number);
    return labels.includes(options.label);
  } catch (error: unknown) {
    options.warn(
      `Could not read the PR's labels for the waiver (${error instanceof Error ? error.message : String(error)}); the gates apply.`,
    );
    return false;
  }
}
