import { CoverageInputError } from './errors';
import { cursor, forEachBlock, readNumber, startsWith, type LineHandler } from './line-reader';
import { ReportBuilder, type FileAccumulator } from './report-builder';
import type { CoverageReport, FunctionHit, Metric } from './types';

const C_COMMA = 44;
const C_COLON = 58;
/** Up to this many digits the byte reader and `Number()` agree exactly; longer numbers take the string path. */
const MAX_EXACT_DIGITS = 15;

/**
 * Parses an LCOV tracefile (`SF`, `DA`, `BRDA`, `FN`/`FNDA`, lcov 2 `FNL`/`FNA`, `LF`/`LH`, `BRF`/`BRH`,
 * `FNF`/`FNH`, `end_of_record`). The common records are parsed from bytes: only paths and function names become
 * strings. Records in unusual shapes take the general string path, so both agree on every input.
 */
export async function parseLcov(path: string): Promise<CoverageReport> {
  const report = new ReportBuilder('lcov', path, 'sum');
  let file: FileAccumulator | null = null;
  let fns = new Map<string, FunctionHit>();
  // Keyed by the file's function list: a file may come back in later sections (several TN), each its own accumulator.
  const fnsByFile = new Map<FunctionHit[], Map<string, FunctionHit>>();
  const fnIndex = new Map<string, string>(); // lcov 2: FNL index → name, filled by FNA
  const fail = (lineNo: number, buf: Buffer, s: number, e: number, what: string): never => {
    throw new CoverageInputError(path, `${what}: "${buf.toString('utf8', s, Math.min(e, s + 120))}"`, lineNo);
  };
  const needFile = (lineNo: number, buf: Buffer, s: number, e: number): FileAccumulator =>
    file ?? fail(lineNo, buf, s, e, 'LCOV record before any SF: line');

  const onLine: LineHandler = (buf, s, e, lineNo) => {
    if (e === s) return;
    const c0 = buf[s];
    if (c0 === 68 /* D */ && buf[s + 1] === 65 && buf[s + 2] === C_COLON) {
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
    if (c0 === 66 /* B */ && startsWith(buf, s, e, 'BRDA:')) {
      // BRDA:<line>,[<exception>]<block>,<branch>,<taken|->
      const f = needFile(lineNo, buf, s, e);
      const line = readNumber(buf, s + 5, e);
      let lastComma = e - 1;
      while (lastComma > s && buf[lastComma] !== C_COMMA) lastComma--;
      if (line < 0 || lastComma <= s + 5)
        fail(lineNo, buf, s, e, 'malformed BRDA record, expected BRDA:<line>,<block>,<branch>,<taken>');
      const taken = buf[lastComma + 1] === 45 && lastComma + 2 === e ? 0 : readNumber(buf, lastComma + 1, e);
      if (taken < 0) fail(lineNo, buf, s, e, 'malformed BRDA taken count, expected a number or "-"');
      f.branches.add(line, taken > 0 ? 1 : 0, 1);
      return;
    }
    if (c0 === 70 /* F */ && buf[s + 1] === 78 /* N */) {
      // FN:<line>,<name> and FNDA:<hits>,<name> with plain digits: the name is the only string made.
      const da = buf[s + 2] === 68 && buf[s + 3] === 65 && buf[s + 4] === C_COLON;
      if (da || buf[s + 2] === C_COLON) {
        const from = s + (da ? 5 : 3);
        const n = readNumber(buf, from, e);
        const comma = cursor.pos;
        if (n >= 0 && buf[comma] === C_COMMA && buf[from] !== 45 && comma - from <= MAX_EXACT_DIGITS) {
          const name = buf.toString('utf8', comma + 1, e).trimEnd();
          addFunction(needFile(lineNo, buf, s, e), fns, name, da ? 0 : n, da ? n : 0);
          return;
        }
      }
    }
    const colon = buf.indexOf(C_COLON, s);
    if (colon < 0 || colon >= e) {
      if (startsWith(buf, s, e, 'end_of_record')) {
        if (file) report.endSection(file);
        file = null;
        return;
      }
      return fail(lineNo, buf, s, e, 'not an LCOV line (expected KEY:value or end_of_record)');
    }
    const metric = statedMetric(buf, s, colon);
    if (metric) {
      // LF/LH/BRF/BRH/FNF/FNH:<count>
      let n = readNumber(buf, colon + 1, e);
      if (n < 0 || cursor.pos !== e || buf[colon + 1] === 45 || e - colon > MAX_EXACT_DIGITS) {
        n = Number(buf.toString('utf8', colon + 1, e).trim());
        if (!Number.isFinite(n))
          fail(lineNo, buf, s, e, `malformed ${buf.toString('latin1', s, colon)} count`);
      }
      const hit = buf[colon - 1] === 72; /* …H */
      report.addStated(metric, { covered: hit ? n : 0, total: hit ? 0 : n });
      return;
    }
    const key = buf.toString('latin1', s, colon);
    const value = buf.toString('utf8', colon + 1, e).trim();
    switch (key) {
      case 'SF': {
        file = report.beginSection(value);
        fns = fnsByFile.get(file.functions) ?? new Map<string, FunctionHit>();
        fnsByFile.set(file.functions, fns);
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
      default:
        // TN, VER and newer lcov keys (MCDC, …) carry nothing this model uses.
        return;
    }
  };

  let lineNo = 0;
  await forEachBlock(path, (buf, from, end) => {
    let i = from;
    while (i < end) {
      // Most lines of a tracefile are plain `DA:<line>,<hits>`: read them in the same pass that finds the line
      // end. Anything else (checksums, CRLF, other records, errors) goes to onLine. The block ends with `\n`,
      // and digits stop at it, so the reads stay inside the block.
      if (buf[i] === 68 /* D */ && buf[i + 1] === 65 /* A */ && buf[i + 2] === C_COLON && file) {
        let j = i + 3;
        let c = buf[j]! - 48;
        if (c >= 0 && c <= 9) {
          let line = 0;
          do {
            line = line * 10 + c;
            c = buf[++j]! - 48;
          } while (c >= 0 && c <= 9);
          if (c === C_COMMA - 48) {
            const hitsAt = ++j;
            let hits = 0;
            c = buf[j]! - 48;
            while (c >= 0 && c <= 9) {
              hits = hits * 10 + c;
              c = buf[++j]! - 48;
            }
            if (j > hitsAt && c === 10 - 48) {
              file.lines.add(line, hits);
              lineNo++;
              i = j + 1;
              continue;
            }
          }
        }
      }
      let nl = i;
      while (buf[nl] !== 10) nl++;
      lineNo++;
      onLine(buf, i, nl > i && buf[nl - 1] === 13 ? nl - 1 : nl, lineNo);
      i = nl + 1;
    }
  });
  return report.finish();
}

/** The metric of a stated-total key (`LF`, `LH`, `BRF`, `BRH`, `FNF`, `FNH` in `buf[s, colon)`), else null. */
function statedMetric(buf: Buffer, s: number, colon: number): Metric | null {
  const last = buf[colon - 1];
  if (last !== 70 /* F */ && last !== 72 /* H */) return null;
  const len = colon - s;
  if (len === 2) return buf[s] === 76 /* L */ ? 'lines' : null;
  if (len !== 3) return null;
  if (buf[s] === 66 /* B */ && buf[s + 1] === 82 /* R */) return 'branches';
  if (buf[s] === 70 /* F */ && buf[s + 1] === 78 /* N */) return 'functions';
  return null;
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
