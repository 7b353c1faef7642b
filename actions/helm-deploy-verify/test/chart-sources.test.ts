import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  realTools,
  runAction,
  startKubeSimulator,
  type KubeObject,
  type KubeSimulator,
  type RunActionResult,
} from '@shipyard/testbed';
import { runTool, startChartRepo, toolDir, workspaceWithValuesChart } from './harness';

let sim: KubeSimulator;
let workspace: string;
let repo: Awaited<ReturnType<typeof startChartRepo>>;
const temps: string[] = [];

const run = (major: 3 | 4, inputs: Record<string, string>, runnerTemp?: string) =>
  runAction('helm-deploy-verify', {
    cwd: workspace,
    path: [toolDir(major)],
    runnerTemp,
    timeoutMs: 30_000,
    inputs: {
      release: 'app',
      chart: 'chart',
      namespace: 'sources',
      'create-namespace': 'true',
      kubeconfig: sim.kubeconfig(),
      timeout: '8s',
      ...inputs,
    },
  });
const errors = (r: RunActionResult) => r.annotations.filter((a) => a.level === 'error');
type Container = { image: string; env: { name: string; value: string }[] };
const container = (d: KubeObject | undefined): Container | undefined =>
  (d?.spec?.template as { spec: { containers: Container[] } } | undefined)?.spec.containers[0];

beforeAll(async () => {
  sim = await startKubeSimulator({ readyDelayMs: 200 });
  workspace = workspaceWithValuesChart();
  repo = await startChartRepo(realTools.helm3, join(workspace, 'chart'));
});
afterAll(async () => {
  await sim.stop();
  await repo.stop();
  for (const dir of [workspace, ...temps]) rmSync(dir, { recursive: true, force: true });
});

describe('helm-deploy-verify chart sources and values (real helm, through the bundle)', () => {
  it(
    'layers two values files (later wins), then set and set-string on top',
    { timeout: 10_000 },
    async () => {
      writeFileSync(
        join(workspace, 'base.yaml'),
        'image: nginx:1.26\nreplicas: 2\nlogLevel: debug\ntier: base\n',
      );
      writeFileSync(join(workspace, 'prod.yaml'), 'image: nginx:1.27\nlogLevel: warn\n');
      const r = await run(4, {
        release: 'layered',
        values: 'base.yaml\nprod.yaml\n',
        set: 'replicas=3',
        'set-string': 'tier=007',
      });
      expect(errors(r), r.stdout).toEqual([]);
      expect(r.outputs.status).toBe('deployed');
      const deployment = sim.get('Deployment', 'sources', 'layered');
      // prod.yaml beats base.yaml, set beats both, set-string keeps 007 a string (a number would be 7).
      expect(container(deployment)?.image).toBe('nginx:1.27');
      expect(container(deployment)?.env).toEqual([{ name: 'LOG_LEVEL', value: 'warn' }]);
      expect(deployment?.spec?.replicas).toBe(3);
      expect(deployment?.metadata.annotations?.['shipyard.test/tier']).toBe('007');
      expect(deployment?.status?.readyReplicas).toBe(3);
    },
  );

  it(
    'names the input and the path of a missing values file, before helm runs',
    { timeout: 10_000 },
    async () => {
      const r = await run(4, { release: 'layered', values: 'base.yaml\nmissing/prod.yaml' });
      expect(r.exitCode).toBe(1);
      expect(errors(r).map((e) => e.message)).toEqual([
        `helm-deploy-verify: input 'values' names "missing/prod.yaml": no such file (looked for ${join(workspace, 'missing/prod.yaml')}); expected values files, one per line, relative to the workspace or absolute`,
      ]);
      expect(sim.helmReleases('layered', 'sources')).toHaveLength(1);
    },
  );

  // `helm repo add` in an earlier step, with helm's default homes under HOME, as a workflow does it.
  it.for([3, 4] as const)(
    'deploys repo/name at a version after helm repo add in an earlier step (helm %i)',
    { timeout: 10_000 },
    async (major) => {
      const runnerTemp = mkdtempSync(join(tmpdir(), 'hdv-runner-'));
      temps.push(runnerTemp);
      const helm = major === 3 ? realTools.helm3 : realTools.helm4;
      await runTool(helm, ['repo', 'add', 'testrepo', repo.url], {
        PATH: process.env.PATH,
        HOME: join(runnerTemp, 'home'),
      });
      const release = `repo${major}`;
      const r = await run(major, { release, chart: 'testrepo/demo', version: '0.1.0' }, runnerTemp);
      expect(errors(r), r.stdout).toEqual([]);
      expect(r.outputs).toMatchObject({ status: 'deployed', revision: '1' });
      expect(sim.helmReleases(release, 'sources')[0]?.release.chart).toMatchObject({
        metadata: { version: '0.1.0' },
      });
      expect(sim.get('Deployment', 'sources', release)).toBeDefined();

      const missing = await run(major, { release, chart: 'testrepo/demo', version: '9.9.9' }, runnerTemp);
      expect(missing.exitCode).toBe(1);
      expect(errors(missing)).toHaveLength(1);
      expect(errors(missing)[0]?.message).toContain(
        `input 'chart' is "testrepo/demo" with 'version' "9.9.9"`,
      );
      expect(errors(missing)[0]?.message).toMatch(/demo-9\.9\.9|9\.9\.9 not found/);
      expect(sim.helmReleases(release, 'sources')).toHaveLength(1);
    },
  );
});
