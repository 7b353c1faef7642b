import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '@shipyard/testbed';
import { detectK6Format, parseK6Output, percentile } from '../src/index';

const dir = fixturePath('k6');
const read = (name: string) => readFileSync(join(dir, name), 'utf8');

describe('every k6 fixture', () => {
  it('is covered below (a new fixture must be added here)', () => {
    expect(readdirSync(dir).sort()).toEqual([
      'handlesummary-data-checks-failing.json',
      'out-json-ndjson-k6-0.46-full.json',
      'out-json-ndjson-k6-0.46-head46.json',
      'summary-export-legacy-thresholds-passed.json',
    ]);
  });

  it('legacy --summary-export: `false` means passed; flat stats; checks keyed by name', () => {
    // jq '.metrics.http_req_duration | {med, "p(90)", "p(95)", "p(99)"}', '.metrics.http_reqs.rate', '.metrics.http_req_failed.value',
    //    '[.metrics | to_entries[] | select(.value.thresholds) | .value.thresholds[]]' → 5 × false
    const r = parseK6Output(read('summary-export-legacy-thresholds-passed.json'), 'carga.json');
    expect(r.format).toBe('summary-export');
    expect(r.latency).toMatchObject({
      p50: 9.7105,
      p90: 74.08690000000001,
      p95: 89.1869,
      p99: 136.74509999999998,
    });
    expect(r.errorRate).toBe(0);
    expect(r.rps).toBe(79.1574364623872);
    expect(r).toMatchObject({ requests: 21442, iterations: 10721, vus: 50, vusMax: 50, passed: true });
    expect(r.thresholds).toHaveLength(5);
    expect(r.thresholds.every((t) => t.passed)).toBe(true);
    expect(r.thresholds.find((t) => t.metric === 'http_reqs')).toEqual({
      metric: 'http_reqs',
      expression: 'rate>=30',
      observed: 79.1574364623872,
      passed: true,
    });
    expect(r.thresholds.find((t) => t.metric === 'http_req_duration{name:voz_listar}')?.observed).toBe(
      106.107,
    );
    expect(r.thresholds.find((t) => t.metric === 'http_req_failed')?.observed).toBe(0);
    expect(r.checks).toEqual([
      { name: 'voz_listar responde 200', group: '', passes: 10721, fails: 0 },
      { name: 'voz_registrar responde 201', group: '', passes: 10721, fails: 0 },
    ]);
  });

  it('legacy export: a `true` threshold is a FAILED one', () => {
    const doc = JSON.parse(read('summary-export-legacy-thresholds-passed.json')) as {
      metrics: Record<string, { thresholds?: Record<string, boolean> }>;
    };
    const failed = doc.metrics.http_req_duration?.thresholds;
    if (!failed) throw new Error('fixture changed');
    failed['p(95)<500'] = true;
    const r = parseK6Output(JSON.stringify(doc), 'x.json');
    expect(r.passed).toBe(false);
    expect(r.thresholds.filter((t) => !t.passed).map((t) => `${t.metric} ${t.expression}`)).toEqual([
      'http_req_duration p(95)<500',
    ]);
  });

  it('handleSummary data: values, {ok} thresholds, grouped checks with failures first', () => {
    // jq '.metrics.http_req_duration.values', '.metrics.http_req_failed.values.rate', '.metrics.http_reqs.values.rate',
    //    '.root_group | [.checks[], .groups[].checks[]] | map({name, passes, fails})'
    const r = parseK6Output(read('handlesummary-data-checks-failing.json'), 'test-data.json');
    expect(r.format).toBe('handle-summary');
    expect(r.latency).toMatchObject({
      p50: 20.090773,
      p90: 26.358651200000008,
      p95: 30.0256841,
      p99: 39.577136380000084,
      max: 143.326605,
    });
    expect(r.errorRate).toBe(0.39749430523917995);
    expect(r.rps).toBe(35.94634922417172);
    expect(r).toMatchObject({ requests: 878, iterations: 439, vus: 20, vusMax: 20, passed: true });
    expect(r.durationSec).toBeCloseTo(24.425289882, 9);
    expect(r.thresholds).toEqual([
      { metric: 'http_req_duration', expression: 'p(95)<1000', observed: 30.0256841, passed: true },
      { metric: 'iteration_duration', expression: 'max<4000', observed: 1175.743348, passed: true },
    ]);
    expect(r.checks).toEqual([
      { name: 'Status is ok', group: '', passes: 90, fails: 349 },
      { name: 'NOT 500', group: '::Example group', passes: 439, fails: 0 },
    ]);
  });

  it('--out json NDJSON (full, 3597 lines): percentiles, error rate, RPS computed like k6', () => {
    // jq -s 'def pct($p): . as $v | ($p*(($v|length)-1)) as $i | ($i|floor) as $lo | ($i|ceil) as $hi | $v[$lo]+($v[$hi]-$v[$lo])*($i-$lo);
    //        [.[] | select(.type=="Point" and .metric=="http_req_duration") | .data.value] | sort | {n:length, p50:pct(0.5), …}'
    // → n 322, p50 121.843412, p90 124.8793207, p95 125.2926859, p99 126.49753705;
    // http_req_failed: 322 points, sum 0; http_reqs: 322; iterations: 161; max vus: 2;
    // first/last point 21:03:10.549397854 → 21:03:30.449498216 (19.9001 s)
    const r = parseK6Output(read('out-json-ndjson-k6-0.46-full.json'), 'result.json');
    expect(r.format).toBe('ndjson');
    expect(r.latency.p50).toBeCloseTo(121.843412, 9);
    expect(r.latency.p90).toBeCloseTo(124.8793207, 9);
    expect(r.latency.p95).toBeCloseTo(125.2926859, 9);
    expect(r.latency.p99).toBeCloseTo(126.49753705, 9);
    expect(r).toMatchObject({
      errorRate: 0,
      requests: 322,
      iterations: 161,
      vus: 2,
      thresholds: [],
      checks: [],
      passed: true,
    });
    // Date.parse keeps milliseconds only: 19.900 s.
    expect(r.durationSec).toBeCloseTo(19.9, 3);
    expect(r.rps).toBeCloseTo(322 / 19.9001, 1);
  });

  it('--out json NDJSON (first 46 lines): a truncated stream still parses', () => {
    // same jq → n 4, p95 125.37365154999999; http_req_failed 3 points; http_reqs 4; iterations 1; no vus point
    const r = parseK6Output(read('out-json-ndjson-k6-0.46-head46.json'), 'head.json');
    expect(r.latency.p95).toBeCloseTo(125.37365155, 8);
    expect(r.latency.p50).toBeCloseTo(122.284779, 9);
    expect(r).toMatchObject({ errorRate: 0, requests: 4, iterations: 1 });
    expect(r.vus).toBeUndefined();
  });

  it('NDJSON thresholds declared on Metric lines are evaluated on the computed figures', () => {
    const lines = read('out-json-ndjson-k6-0.46-head46.json').replace(
      '"name":"http_req_duration","type":"trend","contains":"time","thresholds":[]',
      '"name":"http_req_duration","type":"trend","contains":"time","thresholds":["p(95)<125","p(50)<200"]',
    );
    const r = parseK6Output(lines, 'head.json');
    expect(r.thresholds.map((t) => [t.expression, t.passed])).toEqual([
      ['p(95)<125', false],
      ['p(50)<200', true],
    ]);
    expect(r.passed).toBe(false);
  });
});

describe('k6 v1 machine-readable summary (no real sample: the documented example from grafana/k6-summary)', () => {
  const example = {
    version: '1.0.0',
    metadata: { generatedAt: '2025-01-15T10:30:45.123Z', k6Version: '1.1.0' },
    config: { execution: 'local', script: 'test-script.js', duration: 60.0 },
    results: {
      passed: true,
      metrics: [
        {
          name: 'http_reqs',
          type: 'counter',
          contains: 'default',
          category: 'http',
          values: { count: 1500, rate: 24.79 },
        },
        {
          name: 'http_req_duration',
          type: 'trend',
          contains: 'time',
          category: 'http',
          values: {
            avg: 245.67,
            min: 123.45,
            med: 234.56,
            max: 456.78,
            'p(90)': 387.65,
            'p(95)': 421.32,
            'p(99)': 445.12,
            count: 1500,
          },
        },
        {
          name: 'http_req_failed',
          type: 'rate',
          contains: 'default',
          category: 'http',
          values: { rate: 0.02, passes: 1470, fails: 30 },
        },
        {
          name: 'iterations',
          type: 'counter',
          contains: 'default',
          category: 'execution',
          values: { count: 1500, rate: 24.79 },
        },
        {
          name: 'vus',
          type: 'gauge',
          contains: 'default',
          category: 'execution',
          values: { value: 10, min: 1, max: 10 },
        },
      ],
      checks: {
        results: [
          { name: 'status is 200', passes: 1470, fails: 30 },
          { name: 'fast', passes: 1500, fails: 0 },
        ],
      },
    },
  };

  it('reads metrics, checks and the verdict', () => {
    expect(detectK6Format(example)).toBe('machine-readable');
    const r = parseK6Output(JSON.stringify(example), 'summary.json');
    expect(r).toMatchObject({
      format: 'machine-readable',
      rps: 24.79,
      requests: 1500,
      errorRate: 0.02,
      iterations: 1500,
      vus: 10,
      durationSec: 60,
      passed: true,
    });
    expect(r.latency).toMatchObject({ p50: 234.56, p95: 421.32, p99: 445.12 });
    expect(r.checks[0]).toEqual({ name: 'status is 200', group: '', passes: 1470, fails: 30 });
  });

  it("k6's own generator writes counters without rate and rates as matches/total: RPS from duration", () => {
    const variant = structuredClone(example);
    variant.results.passed = false;
    variant.results.metrics[0] = {
      name: 'http_reqs',
      type: 'counter',
      contains: 'default',
      category: 'http',
      values: { count: 1500 } as never,
    };
    variant.results.metrics[2] = {
      name: 'http_req_failed',
      type: 'rate',
      contains: 'default',
      category: 'http',
      values: { rate: 0.02, matches: 30, total: 1500 } as never,
    };
    const r = parseK6Output(JSON.stringify(variant), 'summary.json');
    expect(r.rps).toBe(25);
    expect(r.errorRate).toBe(0.02);
    expect(r.passed).toBe(false);
  });
});

describe('errors and helpers', () => {
  it('names the file for unreadable input', () => {
    expect(() => parseK6Output('{"metrics":', 'a.json')).toThrow('a.json: not valid JSON');
    expect(() => parseK6Output('{"foo":1}', 'b.json')).toThrow('b.json: not a k6 summary');
    expect(() => parseK6Output('{"type":"Point","metric":"vus","data":{}}\nnot json\n', 'c.json')).toThrow(
      'c.json:2: not a JSON line',
    );
  });

  it('percentile interpolates between closest ranks', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10], 99)).toBe(10);
    expect(percentile([], 95)).toBeUndefined();
  });
});
