import { COMMENT_LIMIT, truncateMarkdown } from '@shipyard/markdown';
import type { GitHubClient } from './octokit';

export interface TrackedIssue {
  owner: string;
  repo: string;
  /** Label that finds the issue again (e.g. `drift`); created on the issue if missing. */
  label: string;
  /** Hidden marker in the body that tells this issue from others with the same label. */
  marker: string;
}

async function findOpen(client: GitHubClient, t: TrackedIssue) {
  const open = await client.paginate(client.rest.issues.listForRepo, {
    owner: t.owner,
    repo: t.repo,
    state: 'open',
    labels: t.label,
    per_page: 100,
  });
  return open
    .filter((i) => !i.pull_request && (i.body ?? '').includes(t.marker))
    .sort((a, b) => a.number - b.number)[0];
}

/** Opens the tracked issue, or updates the one already open, so a recurring finding never piles up issues. */
export async function openOrUpdateIssue(
  client: GitHubClient,
  t: TrackedIssue,
  content: { title: string; body: string },
): Promise<{ number: number; url: string; outcome: 'created' | 'updated' }> {
  const body = truncateMarkdown(`${t.marker}\n${content.body}`, COMMENT_LIMIT);
  const existing = await findOpen(client, t);
  if (existing) {
    await client.rest.issues.update({
      owner: t.owner,
      repo: t.repo,
      issue_number: existing.number,
      title: content.title,
      body,
    });
    return { number: existing.number, url: existing.html_url, outcome: 'updated' };
  }
  const { data } = await client.rest.issues.create({
    owner: t.owner,
    repo: t.repo,
    title: content.title,
    body,
    labels: [t.label],
  });
  return { number: data.number, url: data.html_url, outcome: 'created' };
}

/** Closes the tracked issue if one is open, with a comment saying why. */
export async function closeIssueIfOpen(
  client: GitHubClient,
  t: TrackedIssue,
  reason: string,
): Promise<number | undefined> {
  const existing = await findOpen(client, t);
  if (!existing) return undefined;
  await client.rest.issues.createComment({
    owner: t.owner,
    repo: t.repo,
    issue_number: existing.number,
    body: reason,
  });
  await client.rest.issues.update({
    owner: t.owner,
    repo: t.repo,
    issue_number: existing.number,
    state: 'closed',
  });
  return existing.number;
}
