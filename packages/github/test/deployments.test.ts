import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '@shipyard/testbed';
import { createDeployment, createGitHubClient, findRunDeployment, type GitHubClient } from '../src/index';

let gh: FakeGitHub;
let client: GitHubClient;
beforeEach(async () => {
  gh = await startFakeGitHub();
  client = createGitHubClient({ token: 'ghs_test', baseUrl: gh.url });
});
afterEach(async () => {
  await gh.stop();
});

const where = { owner: 'octo-org', repo: 'octo-repo' };
const SHA = 'a'.repeat(40);

describe('findRunDeployment', () => {
  it("prefers the deployment whose payload names this run's release, namespace and revision", async () => {
    const other = { release: 'web', namespace: 'shop', revision: 4 };
    const ours = await createDeployment(client, where, {
      ref: SHA,
      environment: 'staging',
      payload: { release: 'web', namespace: 'shop', revision: 3 },
    });
    // A later deployment of the same commit (a re-run) with another revision: newer, but not this run's.
    await createDeployment(client, where, { ref: SHA, environment: 'staging', payload: other });
    const query = { environment: 'staging', sha: SHA };
    expect(
      await findRunDeployment(client, where, {
        ...query,
        payload: { release: 'web', namespace: 'shop', revision: 3 },
      }),
    ).toBe(ours);
    expect(
      await findRunDeployment(client, where, { ...query, payload: { release: 'web', revision: '3' } }),
    ).toBe(ours);
  });

  it('falls back to the newest deployment at the commit (or ref) when no payload matches', async () => {
    const old = await createDeployment(client, where, { ref: SHA, environment: 'staging' });
    const newest = await createDeployment(client, where, { ref: SHA, environment: 'staging' });
    await createDeployment(client, where, { ref: 'b'.repeat(40), environment: 'staging' });
    await createDeployment(client, where, { ref: SHA, environment: 'production' });
    const payload = { release: 'api', namespace: 'shop', revision: 9 };
    expect(await findRunDeployment(client, where, { environment: 'staging', sha: SHA, payload })).toBe(
      newest,
    );
    expect(newest).not.toBe(old);
    const byRef = await createDeployment(client, where, { ref: 'refs/tags/v1', environment: 'staging' });
    expect(
      await findRunDeployment(client, where, { environment: 'staging', sha: '', ref: 'refs/tags/v1' }),
    ).toBe(byRef);
  });

  it('finds nothing in an environment without a deployment of this run', async () => {
    await createDeployment(client, where, {
      ref: 'b'.repeat(40),
      environment: 'staging',
      payload: { release: 'web' },
    });
    expect(
      await findRunDeployment(client, where, {
        environment: 'staging',
        sha: SHA,
        payload: { release: 'api' },
      }),
    ).toBeUndefined();
    expect(await findRunDeployment(client, where, { environment: 'review', sha: SHA })).toBeUndefined();
  });
});
