import { afterAll, describe, expect, it } from 'vitest';
import { COMMENT_BUDGET, fitSections } from '@shipyard/markdown';
import {
  buildBaseline,
  commentSections,
  evaluateGates,
  assignPackages,
  goModulePath,
  normalizePaths,
  parseBaseline,
  pointsChange,
  readReport,
  summarySections,
  type CoverageView,
} from '../src/index';
import { tempFiles } from './helpers';

const many = Array.from({ length: 3000 }, (_, f) => `SF:/repo/pkg/f${f}.ts\nDA:1,1\nDA:2,0\nend_of_record`);
const t = tempFiles({
  'a.info':
    'TN:\nSF:/repo/web/a.ts\nDA:1,1\nDA:2,1\nDA:3,0\nend_of_record\nSF:/repo/core/b.ts\nDA:1,0\nDA:2,1\nend_of_record\nSF:/opt/x.ts\nDA:1,1\nend_of_record\n',
  'many.info': `TN:\n${many.join('\n')}\n`,
});
afterAll(t.cleanup);
const packages = {
  web: { paths: ['web/**'], threshold: 50 },
  core: { paths: ['core/**'], threshold: 80 },
  docs: { paths: ['docs/**'] },
};
const load = async (name: string) => normalizePaths(await readReport(t.path(name)), { repoRoot: '/repo' });

function view(over: Partial<CoverageView> & Pick<CoverageView, 'result'>): CoverageView {
  return { name: 'unit', uncovered: [], link: (p, l) => `https://x.test/${p}#L${l}`, notes: [], ...over };
}

describe('go.mod module path', () => {
  it('reads the module line, quoted or with a comment, and null without one', () => {
    expect(goModulePath('// x\nmodule github.com/o/r // main\n\ngo 1.22\n')).toBe('github.com/o/r');
    expect(goModulePath('module "example.com/m"\n')).toBe('example.com/m');
    expect(goModulePath('go 1.22\n')).toBeNull();
  });
});

describe('baselines', () => {
  it('round-trip every metric and package; corrupt entries read as none', async () => {
    const report = await load('a.info');
    const base = buildBaseline(report, packages, 'abc');
    expect(base.metrics.lines).toEqual({ total: 66.66, packages: { web: 66.66, core: 50, docs: null } });
    expect(parseBaseline(JSON.stringify(base))).toEqual(base);
    expect(
      parseBaseline('{"version":1,"sha":"x","metrics":{"lines":{"total":140,"packages":{}}}}'),
    ).toBeUndefined();
    expect(parseBaseline('not json')).toBeUndefined();
    expect(pointsChange(75, 90)).toBe(-15);
    expect(pointsChange(75, null)).toBeNull();
  });
});

describe('rendering', () => {
  it('a waived failure is a loud warning listing the failed gates; packages show deltas and no-report', async () => {
    const report = await load('a.info');
    const pkgs = assignPackages(report, packages);
    const result = evaluateGates({ report, threshold: 90, packages: pkgs, waive: true, basePct: 70 });
    const base = buildBaseline(report, packages, 'b'.repeat(40)).metrics.lines!;
    const text = summarySections(
      view({
        result,
        base: { sha: 'b'.repeat(40), exact: true, totals: { ...base, packages: { web: 70 } } },
      }),
    )
      .map((s) => s.content)
      .join('\n\n');
    expect(text).toContain('> **Coverage gate waived by label.**');
    expect(text).toContain('> - total lines coverage 66.66% is below the threshold 90%');
    expect(text).toMatch(/\| web \| 66\.66 % \| 50 % \| −3\.34 pp \| 1 \|/);
    expect(text).toMatch(/\| docs \| no report \|/);
    expect(text).toContain('xychart-beta');
    expect(text).toContain('`/opt/x.ts`');
    expect(text).toContain('−3.34 pp (base 66.66 % at bbbbbbb)');
  });

  it('a comment of 3,000 files fits the budget and keeps the verdict', async () => {
    const report = await load('many.info');
    const result = evaluateGates({ report, threshold: 80 });
    const uncovered = Array.from({ length: 3000 }, (_, f) => ({
      path: `pkg/f${f}.ts`,
      start: 2,
      end: 2,
      lines: 1,
    }));
    const fit = fitSections(commentSections(view({ result, uncovered })), { limit: COMMENT_BUDGET });
    expect(fit.text.length).toBeLessThanOrEqual(COMMENT_BUDGET);
    expect(fit.text).toContain('❌ Coverage unit: 50.00 % lines — failed');
    expect(fit.text).toContain('… and 2990 more ranges');
    expect(fit.text).toContain('https://x.test/pkg/f0.ts#L2');
  });
});
