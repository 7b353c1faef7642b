import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, startKubeSimulator, type KubeSimulator, type RunActionResult } from '@shipyard/testbed';
import { toolDir, workspaceWithValuesChart } from './harness';

const ns = 'tested';
let sim: KubeSimulator;
let workspace: string;

const run = (major: 3 | 4, release: string, set: string) =>
  runAction('helm-deploy-verify', {
    cwd: workspace,
    path: [toolDir(major)],
    timeoutMs: 30_000,
    inputs: {
      release,
      chart: 'chart',
      namespace: ns,
      'create-namespace': 'true',
      kubeconfig: sim.kubeconfig(),
      timeout: '8s',
      'helm-test': 'true',
      set,
    },
  });
const errors = (r: RunActionResult) => r.annotations.filter((a) => a.level === 'error');

beforeAll(async () => {
  sim = await startKubeSimulator({ readyDelayMs: 200 });
  workspace = workspaceWithValuesChart();
});
afterAll(async () => {
  await sim.stop();
  rmSync(workspace, { recursive: true, force: true });
});

describe('helm-deploy-verify helm-test: true (real helm, through the bundle)', () => {
  // hook-succeeded deletes the pod as soon as it passes: helm 3's `helm test --logs` would then fail the run.
  it.for([3, 4] as const)(
    'passes when the test pod succeeds, even when its delete policy removes it (helm %i)',
    { timeout: 10_000 },
    async (major) => {
      const r = await run(
        major,
        `ok${major}`,
        'testImage=busybox:1.36\ntestDeletePolicy=before-hook-creation\\,hook-succeeded',
      );
      expect(errors(r), r.stdout).toEqual([]);
      expect(r.outputs.status).toBe('deployed');
      expect(r.summary).toContain('### helm test');
      expect(r.summary).toMatch(/passed/);
      expect(r.summary).toMatch(new RegExp(`\\| ok${major}-probe \\| Succeeded \\|`));
      expect(sim.get('Pod', ns, `ok${major}-probe`)).toBeUndefined();
    },
  );

  it.for([3, 4] as const)(
    'fails with the test pod, its exit reason and its log tail when the test fails (helm %i)',
    { timeout: 10_000 },
    async (major) => {
      const r = await run(major, `bad${major}`, 'testImage=registry.local/probe:fail');
      expect(r.exitCode).toBe(1);
      expect(r.outputs).toMatchObject({ status: 'failed', revision: '1' });
      expect(errors(r).map((e) => e.message)).toEqual([
        `bad${major}: helm test failed: bad${major}-probe Failed: container probe terminated: Error (exit code 1)`,
      ]);
      expect(r.summary).toMatch(new RegExp(`\\| bad${major}-probe \\| Failed \\|`));
      expect(r.summary).toContain(`Log tail of bad${major}-probe`);
      expect(r.summary).toContain('ERROR: migration step 3 failed');
      expect(sim.get('Pod', ns, `bad${major}-probe`)?.status?.phase).toBe('Failed');
    },
  );
});
