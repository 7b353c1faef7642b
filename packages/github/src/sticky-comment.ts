import { COMMENT_LIMIT, truncateMarkdown } from '@shipyard/markdown';
import type { GitHubClient } from './octokit';

/**
 * One comment per (action, instance) on a PR, updated in place. The identity is a hidden marker on the first
 * line, so reruns, re-pushes and several instances of one action in a PR each find their own comment.
 */

export interface CommentTarget {
  owner: string;
  repo: string;
  issueNumber: number;
}

export interface StickyComment {
  /** The action's name, e.g. `coverage-gate`. */
  action: string;
  /** The instance name (`name` input, a directory, a label): several gates in one PR keep apart. */
  instance: string;
  body: string;
}

export interface UpsertResult {
  id: number;
  url: string;
  outcome: 'created' | 'updated' | 'unchanged';
  /** Duplicate comments (from a race between two runs) that were deleted. */
  deleted: number[];
}

/** The hidden first line that identifies a comment. Instance text is reduced so it cannot close the HTML comment. */
export function commentMarker(action: string, instance: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._/:@ -]/g, '_').replace(/--/g, '_-');
  return `<!-- shipyard:${safe(action)}:${safe(instance || 'default')} -->`;
}

function withMarker(marker: string, body: string): string {
  const full = `${marker}\n${body}`;
  // The budget upstream should hold; this is the last guard against a 422 that would lose the comment.
  return full.length <= COMMENT_LIMIT
    ? full
    : `${marker}\n${truncateMarkdown(body, COMMENT_LIMIT - marker.length - 1)}`;
}

/** Every comment on the issue or PR whose first line is `marker`, oldest first, with its author. */
export async function listMarkedComments(client: GitHubClient, target: CommentTarget, marker: string) {
  const all = await client.paginate(client.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  });
  return all.filter((c) => (c.body ?? '').startsWith(marker)).sort((a, b) => a.id - b.id);
}

type MarkedComment = Awaited<ReturnType<typeof listMarkedComments>>[number];

/**
 * The marked comments this action may update or delete: a person who pastes our marker into a comment must
 * never see it overwritten or removed. With the GITHUB_TOKEN (or an app) our comments are a bot's; with a
 * person's token they are that person's, whose login `GET /user` tells (it refuses the GITHUB_TOKEN).
 */
async function ownComments(client: GitHubClient, marked: MarkedComment[]): Promise<MarkedComment[]> {
  const bots = marked.filter((c) => c.user?.type === 'Bot');
  if (bots.length > 0 || marked.length === 0) return bots;
  try {
    const { data: me } = await client.rest.users.getAuthenticated();
    return marked.filter((c) => c.user?.login === me.login);
  } catch {
    return [];
  }
}

/**
 * Creates or updates the comment. With several of our marked comments (two runs raced), the oldest is kept and
 * updated, the others deleted; after creating, the list is read again to catch a race that happened just now.
 * Marked comments written by anyone else are left alone.
 */
export async function upsertStickyComment(
  client: GitHubClient,
  target: CommentTarget,
  comment: StickyComment,
): Promise<UpsertResult> {
  const marker = commentMarker(comment.action, comment.instance);
  const body = withMarker(marker, comment.body);
  const { owner, repo } = target;
  let existing = await ownComments(client, await listMarkedComments(client, target, marker));
  let outcome: UpsertResult['outcome'];
  if (existing.length === 0) {
    await client.rest.issues.createComment({ owner, repo, issue_number: target.issueNumber, body });
    outcome = 'created';
    existing = await ownComments(client, await listMarkedComments(client, target, marker));
  } else {
    outcome = existing[0]?.body === body ? 'unchanged' : 'updated';
  }
  const [keep, ...duplicates] = existing;
  if (!keep) throw new Error('the comment was created but cannot be listed back');
  if (keep.body !== body) {
    await client.rest.issues.updateComment({ owner, repo, comment_id: keep.id, body });
    if (outcome === 'unchanged') outcome = 'updated';
  }
  for (const dup of duplicates) await client.rest.issues.deleteComment({ owner, repo, comment_id: dup.id });
  return { id: keep.id, url: keep.html_url, outcome, deleted: duplicates.map((d) => d.id) };
}
