import { ownString, ReportBuilder, type FileAccumulator } from './report-builder';
import type { Counter, CoverageReport, Metric } from './types';
import { numAttr, walkXml } from './xml-stream';

const COUNTER_METRIC: Record<string, Metric | undefined> = {
  LINE: 'lines',
  BRANCH: 'branches',
  METHOD: 'functions',
};

/**
 * Parses JaCoCo XML. A file is `<package name>/<sourcefile name>`; a line is executable when it has instructions
 * (`mi + ci > 0`) and covered when any ran (`ci > 0`), exactly JaCoCo's LINE counter. Branches come from `mb/cb`,
 * functions from each `<method>`'s METHOD counter. The report-level counters are the tool's own totals.
 */
export async function parseJacoco(path: string): Promise<CoverageReport> {
  const report = new ReportBuilder('jacoco', path);
  let pkg = '';
  let classFile: FileAccumulator | null = null;
  let method: { name: string; line: number } | null = null;
  let sourceFile: FileAccumulator | null = null;
  let sourceFileHasLines = false;
  let sourceFileCounters: Partial<Record<Metric, Counter>> = {};

  await walkXml(path, {
    open(tag, stack) {
      switch (tag.name) {
        case 'line': {
          if (!sourceFile) return;
          sourceFileHasLines = true;
          const nr = numAttr(tag, 'nr');
          const ci = numAttr(tag, 'ci');
          if (ci + numAttr(tag, 'mi') > 0) sourceFile.lines.add(nr, ci);
          const cb = numAttr(tag, 'cb');
          const branches = cb + numAttr(tag, 'mb');
          if (branches > 0) sourceFile.branches.add(nr, cb, branches);
          return;
        }
        case 'counter': {
          const metric = COUNTER_METRIC[tag.attributes.type ?? ''];
          if (!metric) return;
          const c = {
            covered: numAttr(tag, 'covered'),
            total: numAttr(tag, 'covered') + numAttr(tag, 'missed'),
          };
          const parent = stack[stack.length - 2];
          if (parent === 'report') report.addStated(metric, c);
          else if (parent === 'method' && method && classFile && metric === 'functions') {
            classFile.functions.push({ name: ownString(method.name), line: method.line, hits: c.covered });
          } else if (parent === 'sourcefile') sourceFileCounters[metric] = c;
          return;
        }
        case 'package':
          pkg = tag.attributes.name ?? '';
          return;
        case 'class': {
          const src = tag.attributes.sourcefilename;
          classFile = src ? report.file(join(pkg, src)) : null;
          return;
        }
        case 'method':
          method = { name: tag.attributes.name ?? '', line: numAttr(tag, 'line') };
          return;
        case 'sourcefile':
          sourceFile = report.file(join(pkg, tag.attributes.name ?? ''));
          sourceFileHasLines = false;
          sourceFileCounters = {};
          return;
      }
    },
    close(name) {
      if (name === 'method') method = null;
      else if (name === 'class') classFile = null;
      else if (name === 'sourcefile' && sourceFile) {
        // Reports written without line detail still carry per-file counters; use them rather than lose the file.
        if (!sourceFileHasLines) {
          const { lines, branches } = sourceFileCounters;
          if (lines || branches)
            sourceFile.stated = { ...(lines && { lines }), ...(branches && { branches }) };
        }
        report.endSection(sourceFile);
        sourceFile = null;
      }
    },
  });
  return report.finish();
}

function join(pkg: string, file: string): string {
  return pkg ? `${pkg}/${file}` : file;
}
