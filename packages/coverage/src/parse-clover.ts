import { ownString, ReportBuilder, type FileAccumulator } from './report-builder';
import type { Counter, CoverageReport } from './types';
import { numAttr, walkXml } from './xml-stream';

interface FileState {
  acc: FileAccumulator;
  /** cond lines read both ways until the file's metrics tell which flavour wrote them. */
  conds: { line: number; t: number; f: number }[];
  metrics: { statements?: Counter; conditionals?: Counter; methods?: Counter };
}

/**
 * Parses Clover XML (OpenClover, PHPUnit, istanbul). A line is a `stmt` or `cond` `<line>`, a method a `method`
 * line; a file's `<metrics>` (statements, conditionals, methods) are its stated totals. `cond` counts mean different things:
 * OpenClover gives how often each outcome ran (2 branches per condition), istanbul gives covered/uncovered branch
 * counts. The file's own `conditionals` metric decides which reading is right.
 */
export async function parseClover(path: string): Promise<CoverageReport> {
  const report = new ReportBuilder('clover', path);
  let istanbul = false;
  let file: FileState | null = null;

  await walkXml(path, {
    open(tag, stack) {
      const parent = stack[stack.length - 2];
      switch (tag.name) {
        case 'line': {
          if (!file) return;
          const num = numAttr(tag, 'num');
          const type = tag.attributes.type;
          if (type === 'method') {
            file.acc.functions.push({
              name: ownString(tag.attributes.name ?? tag.attributes.signature ?? ''),
              line: num,
              hits: numAttr(tag, 'count'),
            });
          } else if (type === 'cond') {
            const t = numAttr(tag, 'truecount');
            const f = numAttr(tag, 'falsecount');
            file.acc.lines.add(num, numAttr(tag, 'count', t + f));
            file.conds.push({ line: num, t, f });
          } else {
            file.acc.lines.add(num, numAttr(tag, 'count'));
          }
          return;
        }
        case 'file':
          file = {
            acc: report.file(tag.attributes.path ?? tag.attributes.name ?? ''),
            conds: [],
            metrics: {},
          };
          return;
        case 'metrics':
          if (parent === 'file' && file) {
            const counter = (covered: string, total: string) =>
              tag.attributes[total] === undefined
                ? undefined
                : { covered: numAttr(tag, covered), total: numAttr(tag, total) };
            file.metrics = {
              statements: counter('coveredstatements', 'statements'),
              conditionals: counter('coveredconditionals', 'conditionals'),
              methods: counter('coveredmethods', 'methods'),
            };
          } else if (parent === 'project') {
            report.addStated('lines', {
              covered: numAttr(tag, 'coveredstatements'),
              total: numAttr(tag, 'statements'),
            });
            report.addStated('branches', {
              covered: numAttr(tag, 'coveredconditionals'),
              total: numAttr(tag, 'conditionals'),
            });
            report.addStated('functions', {
              covered: numAttr(tag, 'coveredmethods'),
              total: numAttr(tag, 'methods'),
            });
          }
          return;
        case 'coverage':
          istanbul = tag.attributes.clover === '3.2.0';
          return;
      }
    },
    close(name) {
      if (name !== 'file' || !file) return;
      const { acc, conds, metrics } = file;
      const asOutcomes = conds.length * 2;
      const asCounts = conds.reduce((n, c) => n + c.t + c.f, 0);
      const countsFlavour =
        metrics.conditionals === undefined || asCounts === asOutcomes
          ? istanbul
          : metrics.conditionals.total === asCounts;
      for (const c of conds) {
        if (countsFlavour) acc.branches.add(c.line, c.t, c.t + c.f);
        else acc.branches.add(c.line, (c.t > 0 ? 1 : 0) + (c.f > 0 ? 1 : 0), 2);
      }
      // The file's own metrics are the tool's figures: OpenClover counts statements (several may share a line),
      // istanbul drops branches that start off a statement line from its cond lines. Detail stays for patch coverage.
      const stated = {
        ...(metrics.statements && { lines: metrics.statements }),
        ...(metrics.conditionals && { branches: metrics.conditionals }),
        ...(metrics.methods && { functions: metrics.methods }),
      };
      if (Object.keys(stated).length) acc.stated = stated;
      report.endSection(acc);
      file = null;
    },
  });
  return report.finish();
}
