import { CoverageInputError } from './errors';
import { cursor, forEachLine, readNumber, startsWith } from './line-reader';
import { ReportBuilder, type FileAccumulator } from './report-builder';
import type { CoverageReport, FunctionHit } from './types';

const C_COMMA = 44;

/**
 * Parses an LCOV tracefile (`SF`, `DA`, `BRDA`, `FN`/`FNDA`, lcov 2 `FNL`/`FNA`, `LF`/`LH`, `BRF`/`BRH`,
 * `FNF`/`FNH`, `end_of_record`). The hot records (DA, BRDA) are parsed from bytes without creating strings.
 */
export async function parseLcov(path: string): Promise<CoverageReport> {
  const report = new ReportBuilder('lcov', path, 'sum');
  let file: FileAccumulator | null = null;
  let fns = new Map<string, FunctionHit>();
  const fnsByFile = new Map<FileAccumulator, Map<string, FunctionHit>>();
  const fnIndex = new Map<string, string>(); // lcov 2: FNL index → name, filled by FNA
  const fail = (lineNo: number, buf: Buffer, s: number, e: number, what: string): never => {
    throw new CoverageInputError(path, `${what}: "${buf.toString('utf8', s, Math.min(e, s + 120))}"`, lineNo);
  };
  const needFile = (lineNo: number, buf: Buffer, s: number, e: number): FileAccumulator =>
    file ?? fail(lineNo, buf, s, e, 'LCOV record before any SF: line');

  await forEachLine(path, (buf, s, e, lineNo) => {
    if (e === s) return;
    const c0 = buf[s];
    if (c0 === 68 /* D */ && buf[s + 1] === 65 && buf[s + 2] === 58) {
      // DA:<line>,<hits>[,<checksum>]
      const f = needFile(lineNo, buf, s, e);
      const line = readNumber(buf, s + 3, e);
      if (line < 0 || buf[cursor.pos] !== C_COMMA)
        fail(lineNo, buf, s, e, 'malformed DA record, expected DA:<line>,<hits>');
      const hits = readNumber(buf, cursor.pos + 1, e);
      if (hits < 0) fail(lineNo, buf, s, e, 'malformed DA hit count');
      f.lines.add(line, hits);
      return;
    }
    if (startsWith(buf, s, e, 'BRDA:')) {
      // BRDA:<line>,[<exception>]<block>,<branch>,<taken|->
      const f = needFile(lineNo, buf, s, e);
      const line = readNumber(buf, s + 5, e);
      const lastComma = buf.lastIndexOf(C_COMMA, e - 1);
      if (line < 0 || lastComma <= s + 5)
        fail(lineNo, buf, s, e, 'malformed BRDA record, expected BRDA:<line>,<block>,<branch>,<taken>');
      const taken = buf[lastComma + 1] === 45 && lastComma + 2 === e ? 0 : readNumber(buf, lastComma + 1, e);
      if (taken < 0) fail(lineNo, buf, s, e, 'malformed BRDA taken count, expected a number or "-"');
      f.branches.add(line, taken > 0 ? 1 : 0, 1);
      return;
    }
    const colon = buf.indexOf(58, s);
    if (colon < 0 || colon >= e) {
      if (startsWith(buf, s, e, 'end_of_record')) {
        if (file) report.endSection(file);
        file = null;
        return;
      }
      return fail(lineNo, buf, s, e, 'not an LCOV line (expected KEY:value or end_of_record)');
    }
    const key = buf.toString('latin1', s, colon);
    const value = buf.toString('utf8', colon + 1, e).trim();
    switch (key) {
      case 'SF': {
        file = report.file(value);
        fns = fnsByFile.get(file) ?? new Map<string, FunctionHit>();
        fnsByFile.set(file, fns);
        fnIndex.clear();
        return;
      }
      case 'FN': {
        const comma = value.indexOf(',');
        const line = Number(value.slice(0, comma));
        if (comma < 0 || !Number.isInteger(line))
          fail(lineNo, buf, s, e, 'malformed FN record, expected FN:<line>,<name>');
        addFunction(needFile(lineNo, buf, s, e), fns, value.slice(comma + 1), line, 0);
        return;
      }
      case 'FNDA': {
        const comma = value.indexOf(',');
        const hits = Number(value.slice(0, comma));
        if (comma < 0 || !(hits >= 0))
          fail(lineNo, buf, s, e, 'malformed FNDA record, expected FNDA:<hits>,<name>');
        addFunction(needFile(lineNo, buf, s, e), fns, value.slice(comma + 1), 0, hits);
        return;
      }
      case 'FNL': {
        // lcov 2: FNL:<index>,<start>[,<end>]
        const [index = '', start = ''] = value.split(',');
        fnIndex.set(index, start);
        return;
      }
      case 'FNA': {
        // lcov 2: FNA:<index>,<hits>,<name>
        const [index = '', hits = '', ...name] = value.split(',');
        addFunction(
          needFile(lineNo, buf, s, e),
          fns,
          name.join(','),
          Number(fnIndex.get(index) ?? 0),
          Number(hits) || 0,
        );
        return;
      }
      case 'LF':
      case 'LH':
      case 'BRF':
      case 'BRH':
      case 'FNF':
      case 'FNH': {
        const n = Number(value);
        if (!Number.isFinite(n)) fail(lineNo, buf, s, e, `malformed ${key} count`);
        const metric = key[0] === 'L' ? 'lines' : key[0] === 'B' ? 'branches' : 'functions';
        const hit = key.endsWith('H');
        report.addStated(metric, { covered: hit ? n : 0, total: hit ? 0 : n });
        return;
      }
      default:
        // TN, VER and newer lcov keys (MCDC, …) carry nothing this model uses.
        return;
    }
  });
  return report.finish();
}

/** FN and FNDA come in any order; one entry per function name, hit counts added (several TN sections). */
function addFunction(
  f: FileAccumulator,
  fns: Map<string, FunctionHit>,
  name: string,
  line: number,
  hits: number,
): void {
  const existing = fns.get(name);
  if (existing) {
    if (line) existing.line = line;
    existing.hits += hits;
    return;
  }
  const fn = { name, line, hits };
  fns.set(name, fn);
  f.functions.push(fn);
}
