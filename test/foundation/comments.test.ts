import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAction, startFakeGitHub, type FakeGitHub } from '@shipyard/testbed';

let gh: FakeGitHub;
beforeEach(async () => {
  gh = await startFakeGitHub();
});
afterEach(async () => {
  await gh.stop();
});

const prEvent = (number = 7) => ({
  name: 'pull_request',
  payload: { number, pull_request: { number, labels: [] } },
});
const comment = (extra: Record<string, string> = {}, event = prEvent()) =>
  runAction('probe', {
    inputs: { greeting: 'hello', mode: 'comment', 'github-token': 'ghs_test', ...extra },
    env: { GITHUB_API_URL: gh.url },
    event,
  });

describe('sticky comments through the bundle and the fake GitHub API', () => {
  it('three reruns leave exactly one comment, updated in place', async () => {
    for (const greeting of ['one', 'two', 'three']) {
      const r = await comment({ greeting });
      expect(r.exitCode).toBe(0);
    }
    const comments = gh.commentsOn(7);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('three');
    expect(comments[0]?.body.startsWith('<!-- shipyard:probe:default -->')).toBe(true);
    expect(gh.log.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('two instance names give two comments', async () => {
    await comment({ name: 'unit' });
    await comment({ name: 'integration' });
    await comment({ name: 'unit', greeting: 'again' });
    expect(gh.commentsOn(7).map((c) => c.body.split('\n')[0])).toEqual([
      '<!-- shipyard:probe:unit -->',
      '<!-- shipyard:probe:integration -->',
    ]);
  });

  it('keeps one comment when a race left two', async () => {
    await comment();
    const first = gh.commentsOn(7)[0]!;
    gh.state.comments.set(first.id + 500, { ...first, id: first.id + 500 });
    const r = await comment({ greeting: 'after race' });
    expect(r.exitCode).toBe(0);
    const left = gh.commentsOn(7);
    expect(left).toHaveLength(1);
    expect(left[0]?.id).toBe(first.id);
    expect(left[0]?.body).toContain('after race');
  });

  it('survives a 5xx, then succeeds', async () => {
    gh.fault({ method: 'GET', path: /\/comments$/, status: 502, times: 1 });
    const r = await comment();
    expect(r.exitCode).toBe(0);
    expect(gh.commentsOn(7)).toHaveLength(1);
    expect(gh.log.filter((q) => q.status === 502)).toHaveLength(1);
  });

  it('honours retry-after on a secondary rate limit', async () => {
    gh.fault({
      method: 'POST',
      path: /\/comments$/,
      status: 403,
      headers: { 'retry-after': '2' },
      body: {
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      },
    });
    const r = await comment();
    expect(r.exitCode).toBe(0);
    const posts = gh.log.filter((q) => q.method === 'POST');
    expect(posts.map((p) => p.status)).toEqual([403, 201]);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(1_900);
    expect(gh.commentsOn(7)).toHaveLength(1);
  });

  it('never reaches the 422: the budget holds a 200,000-character report under 65,536', async () => {
    const r = await comment({ size: '200000' });
    expect(r.exitCode).toBe(0);
    expect(gh.log.some((q) => q.status === 422)).toBe(false);
    const body = gh.commentsOn(7)[0]!.body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain("Truncated to fit GitHub's size limit");
    expect(body).toContain('### probe default');
  });

  it('a comment that cannot be written is a warning, never a failure', async () => {
    gh.fault({ method: 'GET', path: /\/comments$/, status: 500, times: 20 });
    const r = await comment();
    expect(r.exitCode).toBe(0);
    expect(r.annotations).toEqual([
      expect.objectContaining({ level: 'warning', message: expect.stringContaining('could not be written') }),
    ]);
  }, 30_000);

  it('finds the PR of a pushed commit through the API', async () => {
    const sha = 'b'.repeat(40);
    gh.addPull({
      number: 12,
      state: 'open',
      head: { sha, ref: 'feature' },
      base: { sha: 'c'.repeat(40), ref: 'main' },
    });
    const r = await runAction('probe', {
      inputs: { greeting: 'pushed', mode: 'comment', 'github-token': 'ghs_test' },
      env: { GITHUB_API_URL: gh.url, GITHUB_SHA: sha },
      event: { name: 'push', payload: {} },
    });
    expect(r.exitCode).toBe(0);
    expect(gh.commentsOn(12)).toHaveLength(1);
    expect(r.outputs['comment-url']).toContain('/pull/12#issuecomment-');
  });
});

describe('comments someone else wrote with our marker', () => {
  it('are never updated or deleted with the GITHUB_TOKEN: ours is a separate bot comment', async () => {
    const human = {
      id: 10,
      issue_number: 7,
      body: '<!-- shipyard:probe:default -->\nquoting your report here',
      html_url: 'https://github.com/octo-org/octo-repo/pull/7#issuecomment-10',
      user: { login: 'mallory', type: 'User' },
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
    };
    gh.state.comments.set(human.id, human);
    for (const greeting of ['first', 'second']) expect((await comment({ greeting })).exitCode).toBe(0);
    const comments = gh.commentsOn(7);
    expect(comments.map((c) => [c.user.login, c.body.split('\n')[1]])).toEqual([
      ['mallory', 'quoting your report here'],
      ['github-actions[bot]', '### probe default'],
    ]);
    expect(comments[1]?.body).toContain('second');
  });

  it("with a person's token, only that person's marked comment is theirs to update", async () => {
    gh.state.authenticatedUser = { login: 'deployer', type: 'User' };
    gh.state.comments.set(10, {
      id: 10,
      issue_number: 7,
      body: '<!-- shipyard:probe:default -->\nnot yours',
      html_url: 'https://github.com/octo-org/octo-repo/pull/7#issuecomment-10',
      user: { login: 'mallory', type: 'User' },
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
    });
    for (const greeting of ['one', 'two', 'three']) expect((await comment({ greeting })).exitCode).toBe(0);
    const comments = gh.commentsOn(7);
    expect(comments.map((c) => c.user.login)).toEqual(['mallory', 'deployer']);
    expect(comments[0]?.body).toContain('not yours');
    expect(comments[1]?.body).toContain('three');
  });
});
