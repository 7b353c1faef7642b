import { afterAll, describe, expect, it } from 'vitest';
import {
  assignPackages,
  mergeReports,
  normalizePaths,
  readReport,
  reportTotals,
  toRepoPath,
} from '../src/index';
import { tempFiles } from './helpers';

const t = tempFiles({
  'unit.info':
    'TN:\nSF:/repo/src/a.ts\nDA:1,1\nDA:2,0\nDA:3,0\nBRDA:2,0,0,1\nBRDA:2,0,1,-\nend_of_record\nSF:/repo/src/b.ts\nDA:1,0\nend_of_record\n',
  'integration.info':
    'TN:\nSF:/repo/src/a.ts\nDA:1,4\nDA:2,2\nDA:3,0\nBRDA:2,0,0,0\nBRDA:2,0,1,1\nend_of_record\nSF:/elsewhere/lib.ts\nDA:1,1\nend_of_record\n',
  'unit.out': 'mode: count\nexample.com/m/pkg/a.go:3.10,5.2 2 1\nexample.com/m/pkg/a.go:6.10,8.2 1 0\n',
  'int.out':
    'mode: count\nexample.com/m/pkg/a.go:3.10,5.2 2 0\nexample.com/m/pkg/a.go:6.10,8.2 1 3\nexample.com/m/pkg/a.go:6.10,8.2 1 2\ngithub.com/other/x.go:1.1,2.2 1 1\n',
});
afterAll(t.cleanup);

describe('merging reports is a union of hit lines', () => {
  it('unit + integration never double-counts a line', async () => {
    const [unit, integ] = await Promise.all([
      readReport(t.path('unit.info')),
      readReport(t.path('integration.info')),
    ]);
    const merged = mergeReports([unit, integ].map((r) => normalizePaths(r, { repoRoot: '/repo' })));
    const a = merged.files.get('src/a.ts')!;
    expect(reportTotals(merged, 'lines')).toEqual({ covered: 3, total: 5 }); // a.ts 2/3, b.ts 0/1, lib.ts 1/1
    expect([...a.lines.lines]).toEqual([1, 2, 3]);
    expect(a.lines.get(2)).toBe(2);
    expect(a.lines.get(3)).toBe(0);
    expect(a.branches.counter()).toEqual({ covered: 1, total: 2 });
    expect(merged.files.get('/elsewhere/lib.ts')!.outside).toBe(true);
  });

  it('Go blocks merge by block (repeats in one profile add up) across profiles', async () => {
    const opts = { repoRoot: '/work/m', goModulePath: 'example.com/m' };
    const [u, i] = await Promise.all([readReport(t.path('unit.out')), readReport(t.path('int.out'))]);
    expect(reportTotals(i, 'lines')).toEqual({ covered: 2, total: 4 });
    expect(i.files.get('example.com/m/pkg/a.go')!.goBlocks!.find((b) => b.startLine === 6)!.count).toBe(5);
    const merged = mergeReports([normalizePaths(u, opts), normalizePaths(i, opts)]);
    expect(reportTotals(merged, 'lines', (f) => !f.outside)).toEqual({ covered: 3, total: 3 });
    expect(merged.files.get('github.com/other/x.go')!.outside).toBe(true);
  });
});

describe('paths become repository-relative', () => {
  it.each([
    ['/repo/src/a.ts', {}, { path: 'src/a.ts', outside: false }],
    ['C:\\repo\\src\\a.ts', { repoRoot: 'c:\\repo' }, { path: 'src/a.ts', outside: false }],
    ['src\\a.ts', {}, { path: 'src/a.ts', outside: false }],
    ['./src/../lib/x.ts', {}, { path: 'lib/x.ts', outside: false }],
    ['../outside.ts', {}, { path: '/outside.ts', outside: true }],
    ['/usr/lib/node/x.js', {}, { path: '/usr/lib/node/x.js', outside: true }],
    ['a.py', { sourceRoots: ['--source', '/repo/pkg'] }, { path: 'pkg/a.py', outside: false }],
    ['a.py', { sourceRoots: ['/tmp/build'] }, { path: '/tmp/build/a.py', outside: true }],
    [
      'x.py',
      { sourceRoots: ['/repo/one', '/repo/two'], exists: (p: string) => p === 'two/x.py' },
      { path: 'two/x.py', outside: false },
    ],
    ['example.com/m/cmd/main.go', { goModulePath: 'example.com/m' }, { path: 'cmd/main.go', outside: false }],
    [
      'example.com/m/cmd/main.go',
      { goModulePath: 'example.com/m', goModuleDir: 'go' },
      { path: 'go/cmd/main.go', outside: false },
    ],
  ])('%s %j → %j', (raw, opts, expected) => {
    expect(toRepoPath(raw, { repoRoot: '/repo', ...opts })).toEqual(expected);
  });

  it('Go import paths outside the module are flagged, not dropped', () => {
    expect(
      toRepoPath('github.com/x/y/z.go', { repoRoot: '/repo', goModulePath: 'example.com/m' }, true),
    ).toEqual({ path: 'github.com/x/y/z.go', outside: true });
  });
});

describe('packages', () => {
  it('assigns files by glob, totals each, and marks packages without files', async () => {
    const r = normalizePaths(await readReport(t.path('integration.info')), { repoRoot: '/repo' });
    const pk = assignPackages(r, { web: { paths: ['src/**'], threshold: 70 }, api: { paths: ['api/**'] } });
    expect(pk).toEqual([
      { name: 'web', status: 'ok', files: ['src/a.ts'], covered: 2, total: 3, pct: 66.66, threshold: 70 },
      { name: 'api', status: 'no report', files: [], covered: 0, total: 0, pct: null },
    ]);
    expect(() => assignPackages(r, { bad: { paths: [] } })).toThrow(
      /package "bad": paths must be a non-empty list/,
    );
  });
});
