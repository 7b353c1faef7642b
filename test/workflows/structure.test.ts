import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readYaml, repoRoot } from '@shipyard/testbed';
import { depths, needsOf, type Workflow } from './workflow-graph';

const pipeline = readYaml<Workflow>('.github/workflows/pipeline.yml');
const deploy = readYaml<Workflow>('.github/workflows/deploy.yml');
const terraform = readYaml<Workflow>('.github/workflows/terraform.yml');
const REUSABLE = { pipeline, deploy, terraform };

/** What each pipeline job may hold: anything beyond this is a privilege it does not need. */
const PIPELINE_PERMISSIONS: Record<string, Record<string, string>> = {
  affected: { contents: 'read' },
  lint: { contents: 'read' },
  unit: { contents: 'read' },
  integration: { contents: 'read' },
  coverage: { contents: 'read', 'pull-requests': 'read' },
  build: { contents: 'read', packages: 'write' },
  scan: { contents: 'read', packages: 'read' },
  smoke: { contents: 'read' },
  report: { contents: 'read', 'pull-requests': 'write' },
};

describe('pipeline.yml', () => {
  it('has the seven jobs, the affected job and the final report', () => {
    expect(Object.keys(pipeline.jobs).sort()).toEqual(Object.keys(PIPELINE_PERMISSIONS).sort());
  });

  it('keeps the critical path at three jobs, the report depending on every other job', () => {
    const d = depths(pipeline.jobs, ['report']);
    expect(Math.max(...Object.values(d))).toBeLessThanOrEqual(3);
    expect(d).toMatchObject({
      lint: 1,
      unit: 1,
      integration: 1,
      affected: 1,
      smoke: 1,
      coverage: 2,
      build: 2,
      scan: 3,
    });
    const report = pipeline.jobs.report!;
    expect(needsOf(report).sort()).toEqual(
      Object.keys(pipeline.jobs)
        .filter((j) => j !== 'report')
        .sort(),
    );
    expect(report.if).toBe('always()');
  });

  it('gives every job exactly the permissions it needs, and the workflow none', () => {
    expect(pipeline.permissions).toEqual({});
    for (const [name, job] of Object.entries(pipeline.jobs)) {
      expect({ name, permissions: job.permissions }).toEqual({
        name,
        permissions: PIPELINE_PERMISSIONS[name],
      });
    }
  });

  it('feeds build and scan from the affected matrix, and coverage from the unit artifact', () => {
    const text = readFileSync(join(repoRoot, '.github/workflows/pipeline.yml'), 'utf8');
    expect(needsOf(pipeline.jobs.build!)).toEqual(['affected']);
    expect(needsOf(pipeline.jobs.scan!)).toEqual(['affected', 'build']);
    expect(text.match(/needs\.affected\.outputs\.images \|\| inputs\.images/g)).toHaveLength(2);
    expect(needsOf(pipeline.jobs.coverage!)).toEqual(['unit']);
    const upload = pipeline.jobs.unit!.steps!.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    const download = pipeline.jobs.coverage!.steps!.find((s) =>
      s.uses?.startsWith('actions/download-artifact@'),
    );
    expect(upload?.with?.name).toBe('coverage-reports');
    expect(download?.with?.name).toBe('coverage-reports');
  });

  it('pushes images by digest with the GitHub Actions cache', () => {
    const build = pipeline.jobs.build!.steps!.find((s) => s.uses?.startsWith('docker/build-push-action@'));
    expect(build?.with?.outputs).toMatch(/push-by-digest=true/);
    expect(build?.with?.['cache-from']).toMatch(/^type=gha/);
    expect(build?.with?.['cache-to']).toMatch(/^type=gha/);
  });
});

describe('every reusable workflow', () => {
  it.each(Object.entries(REUSABLE))('%s: callable, timeouts on every job, no broad permissions', (_, wf) => {
    expect(typeof wf.on === 'object' && !Array.isArray(wf.on) && wf.on.workflow_call).toBeTruthy();
    expect(wf.permissions).toEqual({});
    for (const [name, job] of Object.entries(wf.jobs)) {
      expect({ name, timeout: typeof job['timeout-minutes'] }).toEqual({ name, timeout: 'number' });
      expect(typeof job.permissions).toBe('object');
      expect(Object.values(job.permissions as object)).not.toContain('write-all');
    }
  });

  it.each(Object.keys(REUSABLE))('%s: never uses ./ (it would resolve against the caller)', (name) => {
    const text = readFileSync(join(repoRoot, `.github/workflows/${name}.yml`), 'utf8');
    expect(text).not.toMatch(/uses:\s*\.\//);
  });

  it('pipeline and terraform cancel superseded pull request runs only', () => {
    for (const wf of [pipeline, terraform]) {
      expect(typeof wf.concurrency).toBe('object');
      expect((wf.concurrency as { 'cancel-in-progress': string })['cancel-in-progress']).toBe(
        "${{ github.event_name == 'pull_request' }}",
      );
      expect((wf.concurrency as { group: string }).group).toMatch(/^shipyard-/);
    }
  });
});

describe('deploy.yml', () => {
  const job = deploy.jobs.deploy!;
  it('deploys one environment at a time, never cancelling a running deploy', () => {
    expect(job.concurrency).toEqual({
      group: 'deploy-${{ inputs.environment }}',
      'cancel-in-progress': false,
    });
    expect(job.permissions).toEqual({ contents: 'read', deployments: 'write' });
  });

  it('rolls back to before the failed revision when anything failed', () => {
    const rollback = job.steps!.find((s) => s.uses?.includes('/actions/rollback-on-failure@'));
    expect(rollback?.if).toMatch(/^failure\(\)/);
    expect(rollback?.with?.['deployed-revision']).toBe('${{ steps.deploy.outputs.revision }}');
    expect(job.steps!.find((s) => s.id === 'deploy')?.uses).toMatch(/\/actions\/helm-deploy-verify@/);
  });
});

describe('terraform.yml', () => {
  it('plans on PRs, applies the checked planfile in the same job, checks drift on a schedule', () => {
    const modes = Object.fromEntries(
      Object.entries(terraform.jobs).map(([name, job]) => [
        name,
        job.steps!.find((s) => s.uses?.includes('/actions/terraform-plan-comment@'))?.with?.mode,
      ]),
    );
    expect(modes).toEqual({ plan: 'plan', apply: 'apply-check', drift: 'drift' });
    const apply = terraform.jobs.apply!.steps!;
    const checkAt = apply.findIndex((s) => s.id === 'check');
    const applyAt = apply.findIndex((s) => /terraform apply .*"\$PLAN_FILE"/.test(s.run ?? ''));
    expect(applyAt).toBeGreaterThan(checkAt);
    expect(JSON.stringify(apply[applyAt])).toContain('steps.check.outputs.plan-file');
    expect(terraform.jobs.plan!.if).toMatch(/pull_request/);
    expect(terraform.jobs.drift!.if).toMatch(/schedule/);
  });
});
