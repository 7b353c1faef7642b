import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeAffected, parseServices, type ChangeEvent } from '../src/index';
import { tempRepo, type TempRepo } from './git-fixture';

const SERVICES = parseServices(`
api:
  paths: [services/api/**]
  images:
    - ghcr.io/acme/api
    - { name: ghcr.io/acme/api-migrations, dockerfile: services/api/Dockerfile.migrations }
  chart: charts/app
  tests: services/api/tests
worker:
  paths: [services/worker/**, libs/queue/**]
  image: ghcr.io/acme/worker
web:
  paths: [services/web/**]
  images: [ghcr.io/acme/web, ghcr.io/acme/web-static]
`);
const SHARED = ['libs/common/**', '.github/workflows/**'];

let repo: TempRepo;
let root: string;
beforeEach(async () => {
  repo = await tempRepo();
  root = await repo.commit({
    'services/api/main.py': 'a',
    'services/worker/main.py': 'w',
    'services/web/index.ts': 'x',
    'libs/common/util.py': 'u',
    'libs/queue/q.py': 'q',
    'README.md': 'r',
  });
});
afterEach(() => repo.remove());

const affected = (event: ChangeEvent, sharedPaths = SHARED) =>
  computeAffected({ services: SERVICES, sharedPaths, event, git: repo.git });

describe('affected services on real git repositories', () => {
  it('pull request: only what the branch changed, not what main gained since it forked', async () => {
    await repo.run('checkout', '-q', '-b', 'feature');
    const head = await repo.commit({ 'services/worker/main.py': 'w2' });
    await repo.run('checkout', '-q', 'main');
    const mainTip = await repo.commit({ 'services/web/index.ts': 'changed on main' });
    const r = await affected({ kind: 'pull_request', base: mainTip, head });
    expect(r.services).toEqual(['worker']);
    expect(r.all).toBe(false);
    expect(r.range?.base).toBe(root);
    expect(r.reasons[0]?.reason).toBe('changed: services/worker/main.py');
    expect(r.matrix.include).toEqual([
      {
        service: 'worker',
        image: 'ghcr.io/acme/worker',
        images: 'ghcr.io/acme/worker',
        chart: '',
        tests: '',
        reason: 'changed: services/worker/main.py',
      },
    ]);
  });

  it('push: diffs before..after and lists every image of the selected services', async () => {
    const before = await repo.commit({ 'README.md': 'r2' });
    await repo.commit({ 'services/api/main.py': 'a2' });
    const after = await repo.commit({ 'services/web/index.ts': 'x2', 'docs/x.md': 'd' });
    const r = await affected({ kind: 'push', before, after, defaultBranch: 'main' });
    expect(r.services).toEqual(['api', 'web']);
    expect(r.changedFiles).toBe(3);
    expect(r.images.map((i) => i.name)).toEqual([
      'ghcr.io/acme/api',
      'ghcr.io/acme/api-migrations',
      'ghcr.io/acme/web',
      'ghcr.io/acme/web-static',
    ]);
    expect(r.images[1]).toMatchObject({
      context: 'services/api',
      dockerfile: 'services/api/Dockerfile.migrations',
      service: 'api',
    });
  });

  it('a README-only push selects nothing', async () => {
    const after = await repo.commit({ 'README.md': 'only docs' });
    const r = await affected({ kind: 'push', before: root, after, defaultBranch: 'main' });
    expect(r.services).toEqual([]);
    expect(r.matrix.include).toEqual([]);
    expect(r.all).toBe(false);
  });

  it('a second glob of a service selects it, and a moved file selects both sides', async () => {
    await repo.run('mv', 'libs/queue/q.py', 'services/web/q.py');
    const after = await repo.commit({});
    const r = await affected({ kind: 'push', before: root, after });
    expect(r.services).toEqual(['worker', 'web']);
  });

  it('first push of a branch: compares with the merge base of the default branch', async () => {
    await repo.run('checkout', '-q', '-b', 'feature');
    await repo.commit({ 'services/api/main.py': 'a2' });
    const after = await repo.commit({ 'services/api/more.py': 'm' });
    const r = await affected({ kind: 'push', before: '0'.repeat(40), after, defaultBranch: 'main' });
    expect(r.services).toEqual(['api']);
    expect(r.range?.base).toBe(root);
    expect(r.range?.description).toMatch(/^first push of the branch: merge base with 'main'/);
  });

  it('first push without a default branch in the clone selects all, saying why', async () => {
    const after = await repo.commit({ 'services/api/main.py': 'a2' });
    const r = await affected({ kind: 'push', before: '0'.repeat(40), after });
    expect(r.all).toBe(true);
    expect(r.services).toEqual(['api', 'worker', 'web']);
    expect(r.allReason).toBe('first push of the branch and no default branch in the clone: building all');
  });

  it('force push: before is not an ancestor, so it falls back to the merge base with main', async () => {
    await repo.run('checkout', '-q', '-b', 'feature');
    const rewritten = await repo.commit({ 'services/web/index.ts': 'old attempt' });
    // Rewrite history the way `git commit --amend && git push --force` does.
    await repo.run('reset', '-q', '--hard', root);
    const after = await repo.commit({ 'services/worker/main.py': 'new attempt' });
    expect((await repo.git(['merge-base', '--is-ancestor', rewritten, after])).code).toBe(1);
    const r = await affected({ kind: 'push', before: rewritten, after, defaultBranch: 'main', forced: true });
    expect(r.services).toEqual(['worker']);
    expect(r.range?.description).toMatch(/^force push \(\w{7} is not an ancestor\): merge base with 'main'/);
  });

  it('force push whose old head was garbage-collected away still falls back safely', async () => {
    const after = await repo.commit({ 'services/web/index.ts': 'x3' });
    const r = await affected({ kind: 'push', before: 'f'.repeat(40), after, defaultBranch: 'main' });
    // main is at `after` itself: no merge base that excludes the change, so everything is built.
    expect(r.all).toBe(true);
    expect(r.allReason).toMatch(/already on 'main': building all$/);
  });

  it('a change under a shared path selects every service with that reason', async () => {
    const after = await repo.commit({ 'libs/common/util.py': 'u2', 'services/api/main.py': 'a3' });
    const r = await affected({ kind: 'push', before: root, after });
    expect(r.all).toBe(true);
    expect(r.services).toEqual(['api', 'worker', 'web']);
    expect(r.allReason).toBe('shared path changed: libs/common/util.py');
    expect(r.reasons.every((x) => x.reason === r.allReason)).toBe(true);
  });

  it('dotfiles match shared globs', async () => {
    const after = await repo.commit({ '.github/workflows/ci.yml': 'on: push' });
    const r = await affected({ kind: 'push', before: root, after });
    expect(r.all).toBe(true);
    expect((await affected({ kind: 'push', before: root, after }, [])).services).toEqual([]);
  });

  it('merge_group: base_sha..head_sha of the queued merge commit', async () => {
    await repo.run('checkout', '-q', '-b', 'gh-readonly-queue/main/pr-1');
    const head = await repo.commit({ 'services/web/index.ts': 'queued' });
    const r = await affected({ kind: 'merge_group', base: root, head });
    expect(r.services).toEqual(['web']);
    expect(r.range?.description).toMatch(/^merge queue group/);
  });

  it('a base missing from a shallow clone selects all and names fetch-depth', async () => {
    const head = await repo.commit({ 'services/web/index.ts': 'y' });
    const r = await affected({ kind: 'pull_request', base: 'a'.repeat(40), head });
    expect(r.all).toBe(true);
    expect(r.allReason).toMatch(/not in the clone \(check out with fetch-depth: 0\)/);
  });

  it('an event without commits selects all', async () => {
    const r = await affected({ kind: 'unknown', eventName: 'workflow_dispatch' });
    expect(r.all).toBe(true);
    expect(r.allReason).toBe("event 'workflow_dispatch' has no commit range: building all");
  });
});
