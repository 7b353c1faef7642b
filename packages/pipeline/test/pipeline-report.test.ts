import { describe, expect, it } from 'vitest';
import { buildPipelineReport, PipelineInputError } from '../src/index';

const RUN = 'https://github.com/acme/shop/actions/runs/42';
const coverageReport = {
  passed: true,
  waived: false,
  metric: 'lines',
  total: { pct: 83.456, covered: 834, total: 1000, threshold: 80 },
  patch: { pct: 91, covered: 91, total: 100, passed: true },
  delta: { base: 83, change: 0.456, passed: true },
};

describe('pipeline report', () => {
  it('renders every gate with its numbers and a link to the run', () => {
    const r = buildPipelineReport({
      coverage: JSON.stringify(coverageReport),
      trivy: [
        { target: 'ghcr.io/acme/api@sha256:1', critical: '0', high: '0', medium: '2', passed: 'true' },
        { target: 'ghcr.io/acme/web@sha256:2', critical: 1, high: 3, new: 1 },
      ],
      k6: { passed: 'true', p95: '120.4', p99: '300', 'error-rate': '0.001', rps: '55.5' },
      terraform: {
        directory: 'infra/prod',
        'has-changes': 'true',
        add: 2,
        change: 1,
        replace: 0,
        destroy: 0,
      },
      deploy: { environment: 'staging', status: 'deployed', revision: '7', 'rolled-back': 'false' },
      runUrl: RUN,
    });
    expect(r.passed).toBe(false);
    expect(r.failed.map((f) => f.target)).toEqual(['ghcr.io/acme/web@sha256:2']);
    expect(r.markdown).toContain('83.46 % (min 80 %), patch 91.00 %, Δ +0.46');
    expect(r.markdown).toContain('1 critical, 3 high; 1 new');
    expect(r.markdown).toContain('p95 120 ms, p99 300 ms, errors 0.10 %, 55.5 req/s');
    expect(r.markdown).toContain('2 add, 1 change, 0 replace, 0 destroy');
    expect(r.markdown).toContain('deployed (revision 7)');
    expect(r.markdown).toContain(`[summary](${RUN})`);
    expect(r.markdown).toContain('❌ **1 gate result and 0 jobs failed**');
  });

  it('reports absent gates as skipped and a job that died without a result as failed', () => {
    const r = buildPipelineReport({
      coverage: { coverage: '81.00', passed: 'true' },
      needs: {
        lint: { result: 'success', outputs: {} },
        k6: { result: 'failure', outputs: {} },
        deploy: { result: 'skipped', outputs: {} },
      },
    });
    const byGate = Object.fromEntries(r.rows.map((row) => [row.gate, row]));
    expect(byGate.Coverage?.status).toBe('pass');
    expect(byGate['k6 smoke']).toMatchObject({
      status: 'fail',
      summary: 'job failure before reporting a result',
    });
    expect(byGate.Trivy).toMatchObject({ status: 'skip', summary: 'skipped (no result)' });
    expect(byGate.Deploy?.status).toBe('skip');
    expect(r.passed).toBe(false);
    expect(r.markdown).toMatch(/\| ✅ \| lint \| success \|/);
  });

  it('all green with nothing but coverage passes', () => {
    const r = buildPipelineReport({ coverage: coverageReport });
    expect(r.passed).toBe(true);
    expect(r.markdown).toContain('✅ **1 gate result passed**');
  });

  it('a rollback makes the deploy row fail and says what was restored', () => {
    const r = buildPipelineReport({
      deploy: { environment: 'prod', status: 'failed', 'rolled-back': 'true', 'restored-revision': '6' },
    });
    expect(r.rows.find((x) => x.gate === 'Deploy')).toMatchObject({
      status: 'fail',
      summary: 'failed, rolled back to 6',
      target: 'prod',
    });
  });

  it('keeps 5,000 scan targets within the comment limit, failures kept', () => {
    const trivy = Array.from({ length: 5000 }, (_, i) => ({
      target: `ghcr.io/acme/image-${i}@sha256:${'a'.repeat(64)}`,
      critical: i === 4321 ? 1 : 0,
      high: 0,
    }));
    const r = buildPipelineReport({ trivy, runUrl: RUN });
    expect(r.markdown.length).toBeLessThanOrEqual(65_536);
    expect(r.truncated).toBe(true);
    expect(r.markdown).toContain('image-4321');
    expect(r.markdown).not.toContain('image-4320@');
    expect(r.markdown).toContain("Truncated to fit GitHub's size limit (condensed: gates)");
  });

  it('rejects a result that is not JSON, naming the gate', () => {
    expect(() => buildPipelineReport({ k6: '{p95: 1' })).toThrow(PipelineInputError);
    expect(() => buildPipelineReport({ k6: '{p95: 1' })).toThrow('k6 smoke result: is not JSON');
    expect(() => buildPipelineReport({ trivy: '[1,2]' })).toThrow(
      'expected a JSON object or an array of objects',
    );
  });
});
