import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actionDir, manifestProblems, runAction } from '@shipyard/testbed';
import { tempRepo, type TempRepo } from '../../../packages/pipeline/test/git-fixture';
import { affectedServices } from '../src/main';

const SERVICES = `
api:
  paths: [services/api/**]
  images: [ghcr.io/acme/api, ghcr.io/acme/api-migrations]
  chart: charts/app
worker:
  paths: [services/worker/**]
  image: { name: ghcr.io/acme/worker, context: ., dockerfile: services/worker/Dockerfile }
web:
  paths: [services/web/**]
  images: [ghcr.io/acme/web, ghcr.io/acme/web-static]
  chart: charts/app
`;

let repo: TempRepo;
let root: string;
beforeEach(async () => {
  repo = await tempRepo();
  root = await repo.commit({
    'services/api/a.py': '1',
    'services/worker/w.py': '1',
    'services/web/i.ts': '1',
    'pnpm-lock.yaml': '1',
  });
});
afterEach(() => repo.remove());

const run = (inputs: Record<string, string>, event: { name: string; payload?: Record<string, unknown> }) =>
  runAction('affected-services', { inputs: { services: SERVICES, ...inputs }, event, cwd: repo.dir });

describe('affected-services through the bundle', () => {
  it('the schema and action.yml agree', () => {
    expect(manifestProblems(actionDir('affected-services'), affectedServices)).toEqual([]);
  });

  it('a pull request touching one service emits its matrix and images', async () => {
    await repo.run('checkout', '-q', '-b', 'feature');
    const head = await repo.commit({ 'services/worker/w.py': '2' });
    const r = await run(
      {},
      { name: 'pull_request', payload: { pull_request: { base: { sha: root }, head: { sha: head } } } },
    );
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.outputs.services ?? '')).toEqual(['worker']);
    expect(JSON.parse(r.outputs.matrix ?? '')).toEqual({
      include: [
        {
          service: 'worker',
          image: 'ghcr.io/acme/worker',
          images: 'ghcr.io/acme/worker',
          chart: '',
          tests: '',
          reason: 'changed: services/worker/w.py',
        },
      ],
    });
    expect(JSON.parse(r.outputs.images ?? '')).toEqual([
      {
        name: 'ghcr.io/acme/worker',
        context: '.',
        dockerfile: 'services/worker/Dockerfile',
        service: 'worker',
      },
    ]);
    expect(r.outputs.any).toBe('true');
    expect(r.outputs.all).toBe('false');
    expect(r.summary).toContain('1 of 3 services affected');
    expect(r.summary).toMatch(/\| ⏭️ \| api \| unchanged \|/);
  });

  it('a shared path on a push selects all five images, reading the map from a file', async () => {
    writeFileSync(join(repo.dir, 'services.yml'), SERVICES);
    const after = await repo.commit({ 'pnpm-lock.yaml': '2' });
    const r = await runAction('affected-services', {
      inputs: { services: 'services.yml', 'shared-paths': 'pnpm-lock.yaml\n.github/workflows/**' },
      event: { name: 'push', payload: { before: root, after, repository: { default_branch: 'main' } } },
      cwd: repo.dir,
      node: 'node24',
    });
    expect(r.exitCode).toBe(0);
    expect(r.outputs.all).toBe('true');
    expect(r.outputs.reason).toBe('shared path changed: pnpm-lock.yaml');
    expect(JSON.parse(r.outputs.images ?? '[]')).toHaveLength(5);
  });

  it('explicit base and head override the event', async () => {
    const base = await repo.commit({ 'services/web/i.ts': '2' });
    const head = await repo.commit({ 'services/api/a.py': '2' });
    const r = await run({ base, head }, { name: 'workflow_dispatch' });
    expect(JSON.parse(r.outputs.services ?? '')).toEqual(['api']);
    expect(r.outputs.reason).toMatch(/^given range/);
  });

  it('nothing affected: any is false and the matrix is empty', async () => {
    const after = await repo.commit({ 'README.md': 'docs' });
    const r = await run({}, { name: 'push', payload: { before: root, after } });
    expect(r.outputs.any).toBe('false');
    expect(JSON.parse(r.outputs.matrix ?? '')).toEqual({ include: [] });
  });

  it('a misspelt key is one error naming the input, service and the allowed keys', async () => {
    const r = await run({ services: 'api:\n  path: [x/**]\n' }, { name: 'push' });
    expect(r.exitCode).toBe(1);
    const errors = r.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toBe(
      "affected-services: input 'services': service 'api' has unknown key 'path': allowed keys are paths, image, images, chart, tests",
    );
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a base that is not a SHA is refused before git runs', async () => {
    const r = await run({ base: 'main; rm -rf /' }, { name: 'push' });
    expect(r.exitCode).toBe(1);
    expect(r.annotations.filter((a) => a.level === 'error')[0]?.message).toMatch(
      /input 'base' is "main; rm -rf \/": expected a commit SHA/,
    );
  });
});
