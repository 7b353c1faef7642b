import { readFileSync } from 'node:fs';
import { fixturePath } from '@shipyard/testbed';
import { describe, expect, it } from 'vitest';
import {
  CoverageInputError,
  detectFormat,
  readReport,
  reportTotals,
  type CoverageReport,
  type Metric,
} from '../src/index';

const fx = (name: string) => fixturePath(`coverage/${name}`);
const text = (name: string) => readFileSync(fx(name), 'utf8');
const totals = (r: CoverageReport, m: Metric) => reportTotals(r, m);

/** Sums of `<metrics …>` attributes that sit directly under `<file>` (the files really present in the report). */
function fileMetrics(xml: string, covered: string, total: string) {
  const sum = { covered: 0, total: 0 };
  for (const part of xml.split('<file ').slice(1)) {
    const file = part.slice(0, part.indexOf('</file>'));
    // PHPUnit puts the file's metrics last (after class metrics), istanbul/OpenClover first.
    const m = /<metrics ([^>]*)\/>/.exec(file.replace(/<class[\s\S]*?<\/class>/g, ''));
    const attr = (name: string) =>
      Number(new RegExp(`\\s${name}="(\\d+)"`).exec(` ${m?.[1] ?? ''}`)?.[1] ?? 0);
    sum.covered += attr(covered);
    sum.total += attr(total);
  }
  return sum;
}

describe('formats are detected from content', () => {
  it.each([
    ['lcov-cpp-small.info', 'lcov'],
    ['lcov-typescript-istanbul-small.info', 'lcov'],
    ['cobertura-dotnet-coverlet.xml', 'cobertura'],
    ['cobertura-java-cobertura-2.1.1.xml', 'cobertura'],
    ['cobertura-scoverage-scala.xml', 'cobertura'],
    ['jacoco-0.8.3.xml', 'jacoco'],
    ['clover-openclover-4.3.1.xml', 'clover'],
    ['clover-phpunit-phpcsutils.xml', 'clover'],
    ['clover-istanbul-typescript-unleash.xml', 'clover'],
    ['istanbul-coverage-summary-partial.json', 'istanbul-summary'],
    ['go-coverprofile-mode-set.out', 'go-coverprofile'],
  ])('%s → %s', (name, format) => {
    expect(detectFormat(text(name).slice(0, 8192))).toBe(format);
  });

  it('returns null for something else', () => {
    expect(detectFormat('<html><body/></html>')).toBeNull();
    expect(detectFormat('{"meta": {"version": "7.0"}, "files": {}}')).toBeNull();
    expect(detectFormat('hello world')).toBeNull();
  });
});

describe('totals equal the figures each report states about itself', () => {
  it('LCOV: LF/LH, BRF/BRH, FNF/FNH', async () => {
    for (const name of ['lcov-cpp-small.info', 'lcov-typescript-istanbul-small.info']) {
      const r = await readReport(fx(name));
      expect(totals(r, 'lines')).toEqual(r.statedTotals.lines);
      expect(totals(r, 'functions')).toEqual(r.statedTotals.functions);
      if (r.statedTotals.branches) expect(totals(r, 'branches')).toEqual(r.statedTotals.branches);
    }
  });

  it('LCOV (.NET): LF/LH count repeated DA lines; the unique lines are what is measured', async () => {
    const r = await readReport(fx('lcov-dotnet.info'));
    const src = text('lcov-dotnet.info');
    const hits = new Map<string, number>();
    let entries = 0;
    let file = '';
    for (const line of src.split('\n')) {
      if (line.startsWith('SF:')) file = line;
      const da = /^DA:(\d+),(\d+)/.exec(line);
      if (!da) continue;
      entries++;
      const key = `${file}#${da[1]}`;
      hits.set(key, Math.max(hits.get(key) ?? 0, Number(da[2])));
    }
    const repeated = entries - hits.size;
    const uniqueHit = [...hits.values()].filter((h) => h > 0).length;
    expect(repeated).toBeGreaterThan(0);
    expect(r.statedTotals.lines).toEqual({ covered: 124, total: 199 });
    expect(entries).toBe(199);
    expect(totals(r, 'lines')).toEqual({ covered: uniqueHit, total: hits.size });
    expect(totals(r, 'branches')).toEqual(r.statedTotals.branches);
  });

  it('Cobertura: lines-valid/lines-covered and branches (coverlet with a UTF-8 BOM, Cobertura 2.1.1)', async () => {
    expect(readFileSync(fx('cobertura-dotnet-coverlet.xml'))[0]).toBe(0xef);
    for (const name of ['cobertura-dotnet-coverlet.xml', 'cobertura-java-cobertura-2.1.1.xml']) {
      const r = await readReport(fx(name));
      expect(totals(r, 'lines')).toEqual(r.statedTotals.lines);
      expect(totals(r, 'branches')).toEqual(r.statedTotals.branches);
    }
  });

  it('Cobertura (istanbul, 1.16 MB): lines-valid 11340 / covered 1452 although 14032 <line> elements', async () => {
    const r = await readReport(fx('cobertura-istanbul-large.xml'));
    expect(r.statedTotals.lines).toEqual({ covered: 1452, total: 11340 });
    expect(totals(r, 'lines')).toEqual(r.statedTotals.lines);
    expect(r.sourceRoots).toEqual(['C:\\temp']);
  });

  it('JaCoCo 0.8.3: the report counters LINE, BRANCH, METHOD', async () => {
    const r = await readReport(fx('jacoco-0.8.3.xml'));
    expect(r.statedTotals.lines).toEqual({ covered: 26, total: 38 });
    for (const m of ['lines', 'branches', 'functions'] as const)
      expect(totals(r, m)).toEqual(r.statedTotals[m]);
  });

  it('JaCoCo (two packages): each <sourcefile> LINE/BRANCH counter', async () => {
    const r = await readReport(fx('jacoco-multiple-packages.xml'));
    const xml = text('jacoco-multiple-packages.xml');
    const sum = (type: string) => {
      const c = { covered: 0, total: 0 };
      for (const sf of xml.split('<sourcefile ').slice(1)) {
        const m = new RegExp(`<counter type="${type}" missed="(\\d+)" covered="(\\d+)"/>`).exec(
          sf.slice(0, sf.indexOf('</sourcefile>')),
        );
        if (m) {
          c.covered += Number(m[2]);
          c.total += Number(m[1]) + Number(m[2]);
        }
      }
      return c;
    };
    expect(totals(r, 'lines')).toEqual(sum('LINE'));
    expect(totals(r, 'branches')).toEqual(sum('BRANCH'));
    expect([...r.files.keys()].sort()).toEqual([
      'com/proj1/Info.java',
      'com/proj1/MessageBuilder.java',
      'com/proj2/MessageBuilder.java',
      'com/proj2/MessageService.java',
    ]);
  });

  it('Clover (OpenClover): project metrics statements, conditionals, methods', async () => {
    const r = await readReport(fx('clover-openclover-4.3.1.xml'));
    expect(r.statedTotals.lines).toEqual({ covered: 15, total: 22 });
    for (const m of ['lines', 'branches', 'functions'] as const)
      expect(totals(r, m)).toEqual(r.statedTotals[m]);
  });

  it.each(['clover-istanbul-typescript-unleash.xml', 'clover-phpunit-phpcsutils.xml'])(
    'Clover %s: per-file metrics (the project metrics describe files the trimmed upstream fixture no longer holds)',
    async (name) => {
      const r = await readReport(fx(name));
      const xml = text(name);
      expect(totals(r, 'lines')).toEqual(fileMetrics(xml, 'coveredstatements', 'statements'));
      expect(totals(r, 'branches')).toEqual(fileMetrics(xml, 'coveredconditionals', 'conditionals'));
      expect(totals(r, 'functions')).toEqual(fileMetrics(xml, 'coveredmethods', 'methods'));
      expect(r.files.size).toBe(2);
    },
  );

  it('istanbul coverage-summary.json: "total"', async () => {
    for (const name of [
      'istanbul-coverage-summary-partial.json',
      'istanbul-coverage-summary-100pct-windows-paths.json',
    ]) {
      const r = await readReport(fx(name));
      const total = (JSON.parse(text(name)) as { total: Record<Metric, { covered: number; total: number }> })
        .total;
      for (const m of ['lines', 'branches', 'functions'] as const)
        expect(totals(r, m)).toEqual({ covered: total[m].covered, total: total[m].total });
    }
  });

  it('Go coverprofile: 1148 statements of which 579 covered (50.44 %), blocks summed by hand', async () => {
    const r = await readReport(fx('go-coverprofile-mode-set.out'));
    let covered = 0;
    let total = 0;
    for (const line of text('go-coverprofile-mode-set.out').split('\n').slice(1)) {
      const m = / (\d+) (\d+)$/.exec(line);
      if (!m) continue;
      total += Number(m[1]);
      if (Number(m[2]) > 0) covered += Number(m[1]);
    }
    expect(totals(r, 'lines')).toEqual({ covered, total });
    expect({ covered, total }).toEqual({ covered: 579, total: 1148 });
    expect(r.files.size).toBe(28);
    const tiny = await readReport(fx('go-coverprofile-mode-atomic-tiny.out'));
    expect(totals(tiny, 'lines')).toEqual({ covered: 1, total: 1 });
  });
});

describe('malformed upstream fixture', () => {
  it('scoverage Cobertura with stray closing tags is a clear error naming the file and line 781', async () => {
    const err = await readReport(fx('cobertura-scoverage-scala.xml')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoverageInputError);
    const e = err as CoverageInputError;
    expect(e.file).toBe(fx('cobertura-scoverage-scala.xml'));
    expect(e.line).toBe(781);
    expect(e.message).toMatch(/cobertura-scoverage-scala\.xml:781: malformed XML: unexpected close tag/);
  });
});
