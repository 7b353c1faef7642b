import type { GitHubClient } from './octokit';
import { commentMarker, listMarkedComments, type CommentTarget } from './sticky-comment';

/** A sticky comment as read back. */
export interface FoundComment {
  id: number;
  url: string;
  body: string;
}

/**
 * Reads the sticky comment of an (action, instance) on a PR, for actions that act on what an earlier run
 * reported. Only comments written by a bot count: anyone can post a comment that starts with the marker,
 * and what is read back here may decide whether something is applied.
 */
export async function findStickyComment(
  client: GitHubClient,
  target: CommentTarget,
  identity: { action: string; instance: string },
): Promise<FoundComment | undefined> {
  const marker = commentMarker(identity.action, identity.instance);
  // Only a bot's comment counts: a reviewed digest must not come from a comment anyone could have written.
  const found = (await listMarkedComments(client, target, marker)).find((c) => c.user?.type === 'Bot');
  return found ? { id: found.id, url: found.html_url, body: found.body ?? '' } : undefined;
}

/**
 * The PR a commit came from, merged ones included: after a merge, the push to the default branch is the
 * merge commit of a closed PR, which {@link resolvePullRequest} (open PRs only) does not return. Open PRs
 * whose head is the commit come first, then merged PRs; a PR closed unmerged is no source of anything.
 */
export async function pullRequestOfCommit(
  client: GitHubClient,
  repository: { owner: string; repo: string },
  sha: string,
): Promise<number | undefined> {
  if (!sha) return undefined;
  const { data } = await client.rest.repos.listPullRequestsAssociatedWithCommit({
    ...repository,
    commit_sha: sha,
  });
  const open = data.find((pr) => pr.state === 'open' && pr.head.sha === sha);
  const merged = data.find((pr) => pr.merged_at || pr.merge_commit_sha === sha);
  return (open ?? merged)?.number;
}
