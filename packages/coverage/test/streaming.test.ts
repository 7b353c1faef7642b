import { afterAll, describe, expect, it } from 'vitest';
import { readReport, reportTotals, type CoverageReport } from '../src/index';
import { tempFiles } from './helpers';

// Two sections for a.js (several TN runs), checksummed DA lines, BRDA with "-", FN/FNDA in both orders.
const LCOV = [
  'TN:unit',
  'SF:/repo/a.js',
  'FN:1,main',
  'FNDA:2,main',
  'DA:1,2',
  'DA:2,0,Zm9v',
  'DA:3,5',
  'BRDA:3,0,0,1',
  'BRDA:3,0,1,-',
  'LF:3',
  'LH:2',
  'end_of_record',
  'TN:integration',
  'SF:/repo/b.js',
  'DA:10,0',
  'end_of_record',
  'TN:integration',
  'SF:/repo/a.js',
  'FNDA:1,main',
  'FNDA:0,helper',
  'FN:7,helper',
  'DA:2,4',
  'DA:7,0',
  'BRDA:7,0,0,3',
  'end_of_record',
];

/** A tracefile larger than one 4 MB read: 3000 files × 200 DA lines, file f hits its lines with odd numbers. */
function bigLcov(): string {
  let s = '';
  for (let f = 0; f < 3000; f++) {
    s += `SF:/repo/src/file-${f}.ts\n`;
    for (let l = 1; l <= 200; l++) s += `DA:${l},${l % 2}\n`;
    s += 'end_of_record\n';
  }
  return s;
}

/** Cobertura of 3000 classes whose file names mix 1- to 4-byte UTF-8 characters: reads and pieces cut them. */
const NAMES = Array.from({ length: 3000 }, (_, i) =>
  Array.from({ length: 1 + (i % 37) }, (_, k) => ['a', 'é', '€', '𝄞', '中', '😀'][(i * 7 + k * 3) % 6]).join(
    '',
  ),
);
const UTF8_XML = [
  '\uFEFF<?xml version="1.0"?>',
  '<coverage><packages><package name="p"><classes>',
  ...NAMES.map(
    (n, i) =>
      `<class name="${n}" filename="src/${n}-${i}.py"><methods/><lines><line number="1" hits="${i % 2}"/></lines></class>`,
  ),
  '</classes></package></packages></coverage>',
].join('\n');

const t = tempFiles({
  'lf.info': `${LCOV.join('\n')}\n`,
  'crlf.info': `${LCOV.join('\r\n')}\r\n`,
  'no-final-newline.info': LCOV.join('\n'),
  'big.info': bigLcov(),
  'long-line.info': `SF:/repo/a.js\nFN:1,${'f'.repeat(5 << 20)}\nDA:1,1\nDA:2,0\nend_of_record\n`,
  'utf8.xml': UTF8_XML,
  'classes.xml': [
    '<?xml version="1.0"?>',
    '<coverage lines-valid="4" lines-covered="3">',
    '<packages><package name="p"><classes>',
    '<class name="A" filename="src/A.java"><methods>',
    '<method name="run" signature="()V"><lines><line number="2" hits="9"/></lines></method>',
    '</methods><lines>',
    '<line number="2" hits="1" branch="true" condition-coverage="50% (1/2)"/>',
    '<line number="1" hits="0"/>',
    '</lines></class>',
    '<class name="A$Inner" filename="src/A.java"><methods/><lines>',
    '<line number="1" hits="3"/><line number="5" hits="0"/>',
    '</lines></class>',
    '<class name="B" filename="src/B.java"><methods/><lines><line number="1" hits="1"/></lines></class>',
    '</classes></package></packages></coverage>',
  ].join('\n'),
});
afterAll(t.cleanup);

function table(report: CoverageReport, path: string) {
  const f = report.files.get(path)!;
  return {
    lines: [...f.lines.lines].map((l, i) => [l, f.lines.hits[i]]),
    branches: [...f.branches.lines].map((l, i) => [l, f.branches.covered[i], f.branches.total[i]]),
    functions: f.functions.map((fn) => [fn.name, fn.line, fn.hits]),
  };
}

describe('line formats stream in blocks', () => {
  it('LCOV sections of one file combine: lines by the larger count, function hits add up', async () => {
    const r = await readReport(t.path('lf.info'));
    expect(table(r, '/repo/a.js')).toEqual({
      lines: [
        [1, 2],
        [2, 4],
        [3, 5],
        [7, 0],
      ],
      branches: [
        [3, 1, 2],
        [7, 1, 1],
      ],
      functions: [
        ['main', 1, 3],
        ['helper', 7, 0],
      ],
    });
    expect(table(r, '/repo/b.js').lines).toEqual([[10, 0]]);
  });

  it('CRLF line ends and a missing final newline read the same as LF', async () => {
    const lf = await readReport(t.path('lf.info'));
    for (const name of ['crlf.info', 'no-final-newline.info']) {
      const other = await readReport(t.path(name));
      expect([...other.files.keys()]).toEqual([...lf.files.keys()]);
      for (const path of lf.files.keys()) expect(table(other, path)).toEqual(table(lf, path));
    }
  });

  it('records cut by a read boundary are whole: 600,000 lines, half of them hit', async () => {
    const r = await readReport(t.path('big.info'));
    expect(r.files.size).toBe(3000);
    expect(reportTotals(r, 'lines')).toEqual({ covered: 300_000, total: 600_000 });
    expect(table(r, '/repo/src/file-2999.ts').lines.slice(-2)).toEqual([
      [199, 1],
      [200, 0],
    ]);
  });

  it('a line longer than the read block (a 5 MB function name) is read whole', async () => {
    const r = await readReport(t.path('long-line.info'));
    const f = r.files.get('/repo/a.js')!;
    expect(f.functions[0]!.name.length).toBe(5 << 20);
    expect(reportTotals(r, 'lines')).toEqual({ covered: 1, total: 2 });
  });
});

describe('Cobertura classes', () => {
  it('classes sharing a file combine by the larger count; method lines are not counted twice', async () => {
    const r = await readReport(t.path('classes.xml'));
    expect(table(r, 'src/A.java')).toEqual({
      lines: [
        [1, 3],
        [2, 1],
        [5, 0],
      ],
      branches: [[2, 1, 2]],
      functions: [['run', 2, 9]],
    });
    expect(table(r, 'src/B.java').lines).toEqual([[1, 1]]);
  });
});

describe('XML text is decoded in pieces', () => {
  it('multi-byte characters cut by a read or piece boundary decode intact (BOM dropped)', async () => {
    const r = await readReport(t.path('utf8.xml'));
    expect([...r.files.keys()]).toEqual(NAMES.map((n, i) => `src/${n}-${i}.py`));
    expect(reportTotals(r, 'lines')).toEqual({ covered: 1500, total: 3000 });
  });
});
