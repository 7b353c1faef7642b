import { errorMessage } from '@shipyard/runtime';
import type { Logger, RunnerEnv } from '@shipyard/runtime';
import { readEmbeddedDigests } from '@shipyard/terraform';
import type { ReviewedPlan } from '@shipyard/terraform';

/** The action's name in comment markers. */
export const ACTION = 'terraform-plan-comment';

interface Edge {
  env: RunnerEnv;
  token: string | undefined;
  log: Logger;
}

/** Posts or updates the sticky plan comment; returns its URL. Never fails the step (a warning instead). */
export async function publishPlanComment(
  edge: Edge,
  instance: string,
  body: string,
): Promise<string | undefined> {
  // Loaded only here: runs that do not comment never load Octokit.
  const gh = await import('@shipyard/github');
  const result = await gh.publishStickyComment({
    env: edge.env,
    token: edge.token,
    action: ACTION,
    instance,
    body,
    warn: (m) => edge.log.warning(m),
    info: (m) => edge.log.info(m),
  });
  return result?.url;
}

/**
 * The reviewed plan's digests from the sticky comment of the PR this commit belongs to (open, or merged
 * into the branch being applied). Undefined, with the reason logged, when there is none.
 */
export async function reviewedFromPullRequest(
  edge: Edge,
  instance: string,
): Promise<{ reviewed: ReviewedPlan; source: string } | undefined> {
  const { env, token, log } = edge;
  if (!token || !env.repository) {
    log.info('No github-token or repository: the PR comment of the reviewed plan cannot be read.');
    return undefined;
  }
  const gh = await import('@shipyard/github');
  const client = gh.lazyClient(env, token, (m) => log.warning(m));
  const repository = env.repository;
  try {
    const number =
      (await gh.resolvePullRequest({ ...env, repository }, client)) ??
      (await gh.pullRequestOfCommit(client(), repository, env.sha));
    if (!number) {
      log.info(`No pull request found for commit ${env.sha}.`);
      return undefined;
    }
    const comment = await gh.findStickyComment(
      client(),
      { ...repository, issueNumber: number },
      { action: ACTION, instance },
    );
    const reviewed = comment && readEmbeddedDigests(comment.body);
    if (!reviewed) log.info(`PR #${number} has no plan comment with a digest for ${instance}.`);
    return reviewed ? { reviewed, source: `PR #${number}` } : undefined;
  } catch (error) {
    log.warning(`The PR comment of the reviewed plan could not be read (${errorMessage(error)}).`);
    return undefined;
  }
}

/** Opens or updates the drift issue (with changes) or closes it (without). Throws on API errors: the issue is the report. */
export async function syncDriftIssue(
  edge: Edge,
  instance: string,
  drift: { title: string; body: string } | undefined,
  closeReason: string,
): Promise<string | undefined> {
  const { env, token, log } = edge;
  if (!token || !env.repository)
    throw new Error('drift mode needs github-token and GITHUB_REPOSITORY to keep the drift issue');
  const gh = await import('@shipyard/github');
  const client = gh.lazyClient(env, token, (m) => log.warning(m))();
  const tracked = {
    ...env.repository,
    label: 'drift',
    marker: gh.commentMarker(`${ACTION}-drift`, instance),
  };
  if (drift) {
    const issue = await gh.openOrUpdateIssue(client, tracked, drift);
    log.info(`Drift issue #${issue.number} ${issue.outcome}: ${issue.url}`);
    return issue.url;
  }
  const closed = await gh.closeIssueIfOpen(client, tracked, closeReason);
  if (closed) log.info(`Drift issue #${closed} closed: no drift any more.`);
  return undefined;
}

/** The drift issue marker's length, reserved off the issue body budget. */
export function driftMarkerReserve(instance: string): number {
  return `<!-- shipyard:${ACTION}-drift:${instance} -->`.length + 1;
}
