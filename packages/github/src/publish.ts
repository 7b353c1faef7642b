import { errorMessage } from '@shipyard/runtime';
import type { RunnerEnv } from '@shipyard/runtime';
import { createGitHubClient, type GitHubClient } from './octokit';
import { resolvePullRequest } from './pull-request';
import { upsertStickyComment, type UpsertResult } from './sticky-comment';

export interface PublishOptions {
  env: RunnerEnv;
  token: string | undefined;
  action: string;
  instance: string;
  body: string;
  /** An explicit PR number (input), for events that carry none. */
  pullRequest?: number;
  warn: (message: string) => void;
  info: (message: string) => void;
}

/** A lazily created client: actions that never talk to GitHub never pay for loading Octokit. */
export function lazyClient(env: RunnerEnv, token: string, warn: (m: string) => void): () => GitHubClient {
  let client: GitHubClient | undefined;
  return () => (client ??= createGitHubClient({ token, baseUrl: env.apiUrl, warn }));
}

/**
 * Publishes a report as the sticky PR comment. It never throws: a comment that cannot be written (no token,
 * no PR, a fork's read-only token, an API outage) is a warning, because a report must not change a verdict.
 */
export async function publishStickyComment(options: PublishOptions): Promise<UpsertResult | undefined> {
  const { env, token, warn, info } = options;
  if (!token) {
    warn('No github-token: the PR comment was skipped (the job summary has the report).');
    return undefined;
  }
  if (!env.repository) {
    warn('GITHUB_REPOSITORY is not set: the PR comment was skipped.');
    return undefined;
  }
  try {
    const client = lazyClient(env, token, warn);
    const number = await resolvePullRequest(
      { ...env, repository: env.repository },
      client,
      options.pullRequest,
    );
    if (!number) {
      info('No pull request for this run: no PR comment written.');
      return undefined;
    }
    const result = await upsertStickyComment(
      client(),
      { ...env.repository, issueNumber: number },
      {
        action: options.action,
        instance: options.instance,
        body: options.body,
      },
    );
    info(`PR #${number} comment ${result.outcome}: ${result.url}`);
    return result;
  } catch (error: unknown) {
    warn(`The PR comment could not be written (${errorMessage(error)}); the job summary has the report.`);
    return undefined;
  }
}
