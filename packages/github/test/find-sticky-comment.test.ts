import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '@shipyard/testbed';
import {
  createGitHubClient,
  findStickyComment,
  pullRequestOfCommit,
  upsertStickyComment,
  type GitHubClient,
} from '../src/index';

let gh: FakeGitHub;
let client: GitHubClient;
beforeEach(async () => {
  gh = await startFakeGitHub();
  client = createGitHubClient({ token: 'ghs_test', baseUrl: gh.url });
});
afterEach(async () => {
  await gh.stop();
});

const target = { owner: 'octo-org', repo: 'octo-repo', issueNumber: 5 };

describe('findStickyComment', () => {
  it('reads back the comment of one instance, not of another, and nothing on an empty PR', async () => {
    expect(await findStickyComment(client, target, { action: 'a', instance: 'x' })).toBeUndefined();
    await upsertStickyComment(client, target, { action: 'a', instance: 'x', body: 'body of x' });
    await upsertStickyComment(client, target, { action: 'a', instance: 'y', body: 'body of y' });
    const found = await findStickyComment(client, target, { action: 'a', instance: 'x' });
    expect(found?.body).toBe('<!-- shipyard:a:x -->\nbody of x');
    expect(found?.url).toContain('/pull/5#issuecomment-');
  });

  it('ignores a look-alike comment written by a person', async () => {
    const forged = {
      id: 1,
      issue_number: 5,
      body: '<!-- shipyard:a:x -->\nforged',
      html_url: 'https://github.com/octo-org/octo-repo/pull/5#issuecomment-1',
      user: { login: 'mallory', type: 'User' },
      created_at: '',
      updated_at: '',
    };
    gh.state.comments.set(1, forged);
    expect(await findStickyComment(client, target, { action: 'a', instance: 'x' })).toBeUndefined();
  });
});

describe('pullRequestOfCommit', () => {
  it('finds an open PR by its head commit, and nothing for an unknown commit', async () => {
    const sha = 'd'.repeat(40);
    gh.addPull({
      number: 9,
      state: 'open',
      head: { sha, ref: 'f' },
      base: { sha: 'e'.repeat(40), ref: 'main' },
    });
    expect(await pullRequestOfCommit(client, { owner: 'octo-org', repo: 'octo-repo' }, sha)).toBe(9);
    expect(
      await pullRequestOfCommit(client, { owner: 'octo-org', repo: 'octo-repo' }, 'f'.repeat(40)),
    ).toBeUndefined();
  });

  it('finds a merged PR, but not one closed unmerged', async () => {
    const sha = 'c'.repeat(40);
    const base = { sha: 'e'.repeat(40), ref: 'main' };
    gh.addPull({ number: 3, state: 'closed', head: { sha, ref: 'old' }, base });
    expect(await pullRequestOfCommit(client, { owner: 'octo-org', repo: 'octo-repo' }, sha)).toBeUndefined();
    gh.addPull({
      number: 4,
      state: 'closed',
      head: { sha, ref: 'f' },
      base,
      merged_at: '2025-01-01T00:00:00Z',
    } as never);
    expect(await pullRequestOfCommit(client, { owner: 'octo-org', repo: 'octo-repo' }, sha)).toBe(4);
  });
});
