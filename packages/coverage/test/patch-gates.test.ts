import { afterAll, describe, expect, it } from 'vitest';
import {
  evaluateGates,
  normalizePaths,
  parseUnifiedDiff,
  patchCoverage,
  readReport,
  topUncoveredRanges,
  worstFiles,
} from '../src/index';
import { tempFiles } from './helpers';

const DIFF = [
  'diff --git a/src/a.ts b/src/a.ts',
  'index 1111111..2222222 100644',
  '--- a/src/a.ts',
  '+++ b/src/a.ts',
  '@@ -1,3 +1,5 @@',
  ' keep',
  '+added 2',
  '+added 3',
  '--- looks like a header but is a removed line',
  '+++ looks like a header but is an added line (4)',
  ' keep 5',
  '@@ -10,2 +13,2 @@',
  '-old',
  '+new 13',
  ' end 14',
  '\\ No newline at end of file',
  'diff --git a/old/name.ts b/src/b.ts',
  'similarity index 90%',
  'rename from old/name.ts',
  'rename to src/b.ts',
  '--- a/old/name.ts',
  '+++ b/src/b.ts',
  '@@ -1 +1,2 @@',
  ' same',
  '+added 2',
  'diff --git a/gone.ts b/gone.ts',
  'deleted file mode 100644',
  '--- a/gone.ts',
  '+++ /dev/null',
  '@@ -1,2 +0,0 @@',
  '-x',
  '-y',
  'diff --git a/img.png b/img.png',
  'Binary files a/img.png and b/img.png differ',
  'diff --git a/moved.ts b/moved2.ts',
  'similarity index 100%',
  'rename from moved.ts',
  'rename to moved2.ts',
  '',
].join('\n');

describe('parseUnifiedDiff', () => {
  it('returns added lines per new path; renames, deletions, binaries, "\\ No newline", header-like content', () => {
    expect(Object.fromEntries(parseUnifiedDiff(DIFF))).toEqual({
      'src/a.ts': [2, 3, 4, 13],
      'src/b.ts': [2],
    });
  });

  it('rejects a malformed hunk header', () => {
    expect(() => parseUnifiedDiff('--- a/x\n+++ b/x\n@@ nonsense @@\n')).toThrow(
      /malformed hunk header "@@ nonsense @@"/,
    );
  });
});

const t = tempFiles({
  'cov.info': [
    'SF:/repo/src/a.ts',
    ...[1, 2, 3, 5, 6, 7, 8].map((l) => `DA:${l},${l === 2 || l === 6 ? 1 : 0}`),
    'DA:13,1',
    'end_of_record',
    'SF:/repo/src/c.ts',
    ...Array.from({ length: 10 }, (_, i) => `DA:${i + 1},${i < 9 ? 1 : 0}`),
    'end_of_record',
    '',
  ].join('\n'),
});
afterAll(t.cleanup);

describe('patch coverage and gates', () => {
  it('counts changed executable lines only and finds uncovered runs', async () => {
    const report = normalizePaths(await readReport(t.path('cov.info')), { repoRoot: '/repo' });
    const patch = patchCoverage(
      report,
      new Map([
        ['src/a.ts', [2, 3, 4, 5, 7, 8, 13, 40]],
        ['docs/x.md', [1]],
      ]),
    );
    expect(patch).toMatchObject({ covered: 2, total: 6, pct: 33.33, unmeasured: ['docs/x.md'] });
    expect(patch.files[0]!.uncoveredLines).toEqual([3, 5, 7, 8]);
    // 3 and 5 join across non-executable line 4; 7–8 are a run of their own (6 is covered).
    expect(topUncoveredRanges(patch, 5)).toEqual([
      { path: 'src/a.ts', start: 3, end: 5, lines: 2 },
      { path: 'src/a.ts', start: 7, end: 8, lines: 2 },
    ]);
    expect(topUncoveredRanges(patch, 1)).toHaveLength(1);
  });

  it('no changed executable line passes the patch gate with a reason', async () => {
    const report = normalizePaths(await readReport(t.path('cov.info')), { repoRoot: '/repo' });
    const patch = patchCoverage(report, new Map([['src/a.ts', [4, 40]]]));
    const result = evaluateGates({ report, patch, patchThreshold: 90 });
    expect(result.patch).toEqual({
      pct: null,
      covered: 0,
      total: 0,
      threshold: 90,
      passed: true,
      reason: 'no changed executable lines',
    });
    expect(result.passed).toBe(true);
  });

  it('fails total, patch, decrease and package gates; a waiver keeps them as waived warnings', async () => {
    const report = normalizePaths(await readReport(t.path('cov.info')), { repoRoot: '/repo' });
    const patch = patchCoverage(report, new Map([['src/a.ts', [2, 3]]]));
    const input = {
      report,
      threshold: 80,
      patch,
      patchThreshold: 60,
      basePct: 80,
      maxDecrease: 1,
      packages: [
        {
          name: 'a',
          status: 'ok' as const,
          files: ['src/a.ts'],
          covered: 3,
          total: 8,
          pct: 37.5,
          threshold: 50,
        },
      ],
    };
    const failed = evaluateGates(input);
    expect(failed.total).toEqual({ pct: 66.66, covered: 12, total: 18, threshold: 80 });
    expect(failed.passed).toBe(false);
    expect(failed.failures.map((f) => f.gate)).toEqual(['total', 'patch', 'decrease', 'package']);
    expect(failed.delta).toEqual({ base: 80, change: -13.34, maxDecrease: 1, passed: false });
    expect(failed.failures[0]!.message).toBe('total lines coverage 66.66% is below the threshold 80%');
    const waived = evaluateGates({ ...input, waive: true });
    expect(waived).toMatchObject({ passed: true, waived: true });
    expect(waived.failures.every((f) => f.waived)).toBe(true);
    expect(JSON.parse(JSON.stringify(waived))).toEqual(waived);
  });

  it('no base yet is reported, not failed; thresholds compare exactly', async () => {
    const report = normalizePaths(await readReport(t.path('cov.info')), { repoRoot: '/repo' });
    const r = evaluateGates({ report, threshold: 66.67, maxDecrease: 0.5, basePct: null });
    expect(r.delta).toEqual({
      base: null,
      change: null,
      maxDecrease: 0.5,
      passed: true,
      reason: 'no base yet',
    });
    // 12/18 = 66.666…: below 66.67 though it would display as 66.66.
    expect(r.failures.map((f) => f.gate)).toEqual(['total']);
    expect(evaluateGates({ report, threshold: 66.666 }).passed).toBe(true);
  });

  it('worst files: lowest coverage first, then most missed lines', async () => {
    const report = normalizePaths(await readReport(t.path('cov.info')), { repoRoot: '/repo' });
    const files = evaluateGates({ report }).files;
    expect(worstFiles(files, 5).map((f) => [f.path, f.pct, f.missed])).toEqual([
      ['src/a.ts', 37.5, 5],
      ['src/c.ts', 90, 1],
    ]);
  });

  it('a missing package fails only when asked to', async () => {
    const report = normalizePaths(await readReport(t.path('cov.info')), { repoRoot: '/repo' });
    const packages = [
      { name: 'api', status: 'no report' as const, files: [], covered: 0, total: 0, pct: null },
    ];
    expect(evaluateGates({ report, packages }).passed).toBe(true);
    expect(evaluateGates({ report, packages, failOnMissingPackage: true }).failures).toEqual([
      { gate: 'package', message: 'package api: no covered file matches its paths', waived: false },
    ]);
  });
});
