import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { normalizePaths, percent, readReport, reportTotals } from '@shipyard/coverage';
import { actionDir, fixturePath, manifestProblems } from '@shipyard/testbed';
import { coverageGate } from '../src/main';
import { gate, lcov, tempRoot, writeFiles } from './helpers';

const tmp = tempRoot('cov-gate-');
afterAll(tmp.cleanup);
// The scoverage file is not well-formed XML upstream (stray closing tags at line 781): the malformed case.
const MALFORMED = 'cobertura-scoverage-scala.xml';
const fixtures = readdirSync(fixturePath('coverage'))
  .filter((f) => f !== MALFORMED)
  .sort();
const errorsOf = (r: { annotations: { level: string; message: string }[] }) =>
  r.annotations.filter((a) => a.level === 'error');

describe('coverage-gate: reports through the bundle', () => {
  it('action.yml and the input schema agree', () => {
    expect(manifestProblems(actionDir('coverage-gate'), coverageGate)).toEqual([]);
  });

  it('reads every fixture format as a single report; the output equals the domain total', async () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(14);
    const results = await Promise.all(
      fixtures.map(async (name, i) => {
        const ws = tmp.dir('ws');
        copyFileSync(fixturePath(`coverage/${name}`), join(ws, name));
        const domain = normalizePaths(await readReport(join(ws, name)), { repoRoot: ws });
        const expected = percent(reportTotals(domain, 'lines'));
        // One run under Node 24, as `runs.using: node24` means on a runner.
        const r = await gate(ws, tmp.dir('rt'), {
          inputs: { reports: name, threshold: '0' },
          ...(i === 0 ? { node: 'node24' as const } : {}),
        });
        return { name, r, expected };
      }),
    );
    for (const { name, r, expected } of results) {
      expect(r.exitCode, `${name}: ${r.stdout}`).toBe(0);
      expect(expected, name).not.toBeNull();
      expect(r.outputs.coverage, name).toBe(expected!.toFixed(2));
      expect(r.outputs.passed, name).toBe('true');
      expect(r.summary, name).toContain(`${expected!.toFixed(2)} %`);
    }
  });

  it('merges two reports as the union of hit lines and fails below the threshold with one error', async () => {
    const ws = tmp.dir('ws');
    writeFiles(ws, {
      'unit/lcov.info': lcov({ 'src/a.ts': { 1: 1, 2: 1, 3: 0, 4: 0 } }),
      'e2e/lcov.info': lcov({ 'src/a.ts': { 1: 0, 2: 3, 3: 1, 4: 0 }, [`${ws}/src/b.ts`]: { 1: 1 } }),
    });
    const r = await gate(ws, tmp.dir('rt'), {
      inputs: { reports: '*/lcov.info\nmissing/**/*.xml', threshold: '90' },
    });
    // a.ts: lines 1,2,3 hit by one run or the other, 4 by none; b.ts (absolute path, same file) fully hit → 4/5.
    expect(r.outputs.coverage).toBe('80.00');
    expect(r.exitCode).toBe(1);
    expect(errorsOf(r)).toHaveLength(1);
    expect(errorsOf(r)[0]!.message).toMatch(/total lines coverage 80% is below the threshold 90%/);
    expect(r.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: expect.stringContaining('"missing/**/*.xml" matched no file'),
      }),
    );
    expect(r.outputs.passed).toBe('false');
    const json = JSON.parse(readFileSync(r.outputs['report-json']!, 'utf8')) as Record<string, unknown>;
    expect(json.reports).toEqual(['e2e/lcov.info', 'unit/lcov.info']);
    expect(json.files).toEqual([
      expect.objectContaining({ path: 'src/a.ts', covered: 3, total: 4, missed: 1, outside: false }),
      expect.objectContaining({ path: 'src/b.ts', covered: 1, total: 1, outside: false }),
    ]);
    expect(json.total).toEqual({ pct: 80, covered: 4, total: 5, threshold: 90 });
  });

  it('gates per package from the packages YAML, with a chart, no-report packages and report-json', async () => {
    const ws = tmp.dir('ws');
    writeFiles(ws, {
      'lcov.info': lcov({
        'apps/web/a.ts': { 1: 1, 2: 1, 3: 1, 4: 0 },
        'libs/core/b.ts': { 1: 1, 2: 0, 3: 0, 4: 0 },
        '/elsewhere/vendor.ts': { 1: 1 },
      }),
    });
    const packages =
      'web: {paths: ["apps/web/**"], threshold: 70}\ncore:\n  paths: [libs/core/**]\n  threshold: 50\ndocs: [docs/**]\n';
    const run = (extra: Record<string, string>) =>
      gate(ws, tmp.dir('rt'), { inputs: { reports: 'lcov.info', threshold: '0', packages, ...extra } });
    const strict = await run({});
    expect(strict.exitCode).toBe(1);
    expect(errorsOf(strict)).toHaveLength(1);
    expect(errorsOf(strict)[0]!.message).toMatch(
      /package core: lines coverage 25% is below its threshold 50%/,
    );
    expect(errorsOf(strict)[0]!.message).toMatch(/package docs: no covered file/);
    expect(strict.summary).toMatch(/\| web \| 75\.00 % \| 70 % \|/);
    expect(strict.summary).toContain('no report');
    expect(strict.summary).toContain('xychart-beta');
    expect(strict.summary).toContain('/elsewhere/vendor.ts');

    const tolerant = await run({
      'allow-missing-packages': 'true',
      packages: packages.replace('threshold: 50', 'threshold: 25'),
    });
    expect(tolerant.exitCode).toBe(0);
    const json = JSON.parse(readFileSync(tolerant.outputs['report-json']!, 'utf8')) as {
      packages: { name: string; status: string; pct: number | null; files: string[] }[];
      files: { path: string; outside: boolean }[];
    };
    expect(json.packages.map((p) => [p.name, p.status, p.pct])).toEqual([
      ['web', 'ok', 75],
      ['core', 'ok', 25],
      ['docs', 'no report', null],
    ]);
    expect(json.files.find((f) => f.path === '/elsewhere/vendor.ts')?.outside).toBe(true);
  });

  it('bad input: one clear error each (malformed, unknown format, nothing matched, empty, bad YAML)', async () => {
    const ws = tmp.dir('ws');
    writeFiles(ws, {
      [`reports/${MALFORMED}`]: readFileSync(fixturePath(`coverage/${MALFORMED}`), 'utf8'),
      'notes.txt': 'this is not coverage\n',
      'empty.info': 'TN:\nSF:src/a.ts\nLF:0\nLH:0\nend_of_record\n',
    });
    const cases: [Record<string, string>, RegExp][] = [
      [
        { reports: 'reports/*.xml' },
        /coverage report reports\/cobertura-scoverage-scala\.xml:781: malformed XML/,
      ],
      [
        { reports: 'notes.txt' },
        /notes\.txt: unrecognised coverage report format; supported formats: lcov, cobertura, jacoco/,
      ],
      [
        { reports: 'build/**/lcov.info\nother.xml' },
        /no coverage report matched "build\/\*\*\/lcov\.info", "other\.xml"/,
      ],
      [{ reports: 'empty.info' }, /empty\.info: the lcov report has no measurable lines \(0 of 0\)/],
      [
        { reports: 'empty.info', packages: 'web: {paths: 3}' },
        /input 'packages' is .*package "web": expected YAML/,
      ],
      [
        { reports: 'empty.info', threshold: '120' },
        /input 'threshold' is "120": expected a number from 0 to 100/,
      ],
    ];
    const runs = await Promise.all(cases.map(([inputs]) => gate(ws, tmp.dir('rt'), { inputs })));
    runs.forEach((r, i) => {
      expect(r.exitCode).toBe(1);
      expect(errorsOf(r)).toHaveLength(1);
      expect(errorsOf(r)[0]!.message).toMatch(cases[i]![1]);
      expect(r.stdout).not.toMatch(/\n\s+at /);
      expect(r.outputs.coverage).toBeUndefined();
    });
  });
});
