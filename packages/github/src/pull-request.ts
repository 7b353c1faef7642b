import { eventValue } from '@shipyard/runtime';
import type { GitHubClient } from './octokit';

/** The parts of the runner environment PR resolution needs. */
export interface EventContext {
  eventName: string;
  event: Record<string, unknown>;
  sha: string;
  repository: { owner: string; repo: string };
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

/**
 * The pull request a run is about, or undefined. Order: an explicit number; the payload of PR events and
 * comments on PRs; a `workflow_run`'s PR (empty for forks, so then by head branch); and for pushes and
 * anything else the open PR whose head is this commit, asked from the API.
 */
export async function resolvePullRequest(
  ctx: EventContext,
  client: () => GitHubClient,
  explicit?: number,
): Promise<number | undefined> {
  if (explicit) return explicit;
  const { event, eventName } = ctx;
  if (eventName.startsWith('pull_request'))
    return num(eventValue(event, 'pull_request', 'number')) ?? num(eventValue(event, 'number'));
  if (eventName === 'issue_comment' && eventValue(event, 'issue', 'pull_request'))
    return num(eventValue(event, 'issue', 'number'));
  const { owner, repo } = ctx.repository;
  if (eventName === 'workflow_run') {
    const prs = eventValue(event, 'workflow_run', 'pull_requests');
    if (Array.isArray(prs) && prs.length > 0) return num(eventValue(prs[0], 'number'));
    // A fork's PR is not listed on the workflow_run payload: find it by the head repository and branch.
    const headOwner = eventValue(event, 'workflow_run', 'head_repository', 'owner', 'login');
    const headBranch = eventValue(event, 'workflow_run', 'head_branch');
    const headSha = eventValue(event, 'workflow_run', 'head_sha');
    if (typeof headOwner === 'string' && typeof headBranch === 'string') {
      const { data } = await client().rest.pulls.list({
        owner,
        repo,
        state: 'open',
        head: `${headOwner}:${headBranch}`,
      });
      const match = data.find((pr) => pr.head.sha === headSha) ?? data[0];
      if (match) return match.number;
    }
    return undefined;
  }
  const sha = ctx.sha;
  if (!sha) return undefined;
  const { data } = await client().rest.repos.listPullRequestsAssociatedWithCommit({
    owner,
    repo,
    commit_sha: sha,
  });
  const open = data.filter((pr) => pr.state === 'open');
  return (open.find((pr) => pr.head.sha === sha) ?? open[0])?.number;
}

/** Labels on a PR: from the payload when it has them, else from the API. */
export async function pullRequestLabels(
  ctx: EventContext,
  client: () => GitHubClient,
  number: number,
): Promise<string[]> {
  const fromEvent = eventValue(ctx.event, 'pull_request', 'labels');
  if (Array.isArray(fromEvent) && num(eventValue(ctx.event, 'pull_request', 'number')) === number) {
    return fromEvent.map((l) => String(eventValue(l, 'name'))).filter(Boolean);
  }
  const { owner, repo } = ctx.repository;
  const labels = await client().paginate(client().rest.issues.listLabelsOnIssue, {
    owner,
    repo,
    issue_number: number,
    per_page: 100,
  });
  return labels.map((l) => l.name);
}
