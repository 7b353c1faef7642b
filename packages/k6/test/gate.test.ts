import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '@shipyard/testbed';
import { COMMENT_LIMIT } from '@shipyard/markdown';
import {
  classifyK6Exit,
  compareToBaseline,
  k6Args,
  parseK6Output,
  parseMaxRegression,
  renderK6Markdown,
} from '../src/index';
import type { K6Result } from '../src/index';

const load = (name: string) => parseK6Output(readFileSync(fixturePath(`k6/${name}`), 'utf8'), name);

describe('baseline comparison', () => {
  it('parses max-regression as "20%" or "20"', () => {
    expect(parseMaxRegression('20%')).toBe(20);
    expect(parseMaxRegression(' 12.5 ')).toBe(12.5);
    expect(() => parseMaxRegression('twenty')).toThrow(
      'max-regression: "twenty" is not a percentage; use e.g. "20%" or "20"',
    );
  });

  it('fails on a p95 regression beyond the bound even when thresholds pass', () => {
    const current = load('handlesummary-data-checks-failing.json'); // p95 30.0256841, thresholds pass
    const baseline: K6Result = { ...current, latency: { ...current.latency, p95: 20 } };
    const c = compareToBaseline(current, baseline, 20);
    expect(current.passed).toBe(true);
    expect(c.passed).toBe(false);
    expect(c.reasons).toEqual(['p95 latency regressed 50.1% (20.0 ms → 30.0 ms), over the allowed 20%']);
    expect(compareToBaseline(current, baseline, 60).passed).toBe(true);
    expect(compareToBaseline(current, current, 0).deltas.map((d) => d.changePct)).toEqual([0, 0, 0, -0]);
  });

  it('reports RPS drops as worse and error-rate rises as worse', () => {
    const legacy = load('summary-export-legacy-thresholds-passed.json'); // rps 79.157…, errorRate 0
    const hs = load('handlesummary-data-checks-failing.json'); // rps 35.946…, errorRate 0.397…
    const c = compareToBaseline(hs, legacy, 1000);
    const by = Object.fromEntries(c.deltas.map((d) => [d.metric, d.changePct]));
    expect(by.rps).toBeCloseTo(((79.1574364623872 - 35.94634922417172) / 79.1574364623872) * 100, 9);
    expect(by.errorRate).toBe(Infinity);
  });
});

describe('exit codes and args', () => {
  it('classifies 0, 99 and others', () => {
    expect(classifyK6Exit(0).kind).toBe('ok');
    expect(classifyK6Exit(99).kind).toBe('thresholds-failed');
    expect(classifyK6Exit(107)).toEqual({
      kind: 'error',
      description: 'k6 failed: script exception (exit 107)',
    });
    expect(classifyK6Exit(1).kind).toBe('error');
  });

  it('builds k6 args with one element per env pair and per user-arg line', () => {
    expect(
      k6Args({
        script: 'tests/load test.js',
        summaryExportPath: '/tmp/s.json',
        env: { BASE_URL: 'https://example.com', GREETING: 'hello world=1' },
        userArgs: '--tag=team=core\n\n  --no-usage-report  \n',
      }),
    ).toEqual([
      'run',
      '--summary-export=/tmp/s.json',
      '--env=BASE_URL=https://example.com',
      '--env=GREETING=hello world=1',
      '--tag=team=core',
      '--no-usage-report',
      'tests/load test.js',
    ]);
    expect(() => k6Args({ script: 'a.js', env: { 'BAD NAME': 'x' } })).toThrow(
      'env: "BAD NAME" is not a valid variable name',
    );
    expect(() => k6Args({ script: '--help' })).toThrow('script: "--help" is not a script path');
  });
});

describe('k6 markdown', () => {
  it('shows thresholds, failing checks first, latency and a baseline chart', () => {
    const r = load('handlesummary-data-checks-failing.json');
    const baseline = { ...r, latency: { ...r.latency, p95: 20 } };
    const { text } = renderK6Markdown(r, {
      baseline: { result: baseline, comparison: compareToBaseline(r, baseline, 20) },
    });
    expect(text).toContain('❌ k6: failed');
    expect(text).toContain('- p95 latency regressed 50.1%');
    expect(text).toContain('| ✅ | http\\_req\\_duration | `p(95)<1000` | 30.026 |');
    expect(text.indexOf('Status is ok')).toBeLessThan(text.indexOf('NOT 500'));
    expect(text).toContain('#### Checks (1 failing)');
    expect(text).toContain('| p95 | 30.0 ms | 20.0 ms |');
    expect(text).toContain('xychart-beta');
    expect(text).toContain('errors 39.75 %');
  });

  it('a passing run without baseline; huge check lists are condensed under the comment limit', () => {
    const r = load('summary-export-legacy-thresholds-passed.json');
    expect(renderK6Markdown(r).text).toContain('✅ k6: passed');
    const many: K6Result = {
      ...r,
      checks: Array.from({ length: 4000 }, (_, i) => ({
        name: `check number ${i} <b>`,
        group: '',
        passes: 1,
        fails: i % 2,
      })),
    };
    const fitted = renderK6Markdown(many);
    expect(fitted.text.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(fitted.condensed).toContain('checks');
    expect(fitted.text).toContain('2000 of 4000 checks failing');
  });
});
