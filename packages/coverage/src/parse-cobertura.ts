import { CoverageInputError } from './errors';
import { ownString, ReportBuilder, type FileAccumulator } from './report-builder';
import type { CoverageReport } from './types';
import { numAttr, walkXml } from './xml-stream';

const CONDITION = /\((\d+)\/(\d+)\)/;

/**
 * Parses Cobertura XML (coverage.py, istanbul, coverlet, scoverage, Cobertura itself). `<sources>` roots are kept
 * for `normalizePaths`. Method `<lines>` repeat the class lines, so duplicates keep the larger count.
 */
export async function parseCobertura(path: string): Promise<CoverageReport> {
  const report = new ReportBuilder('cobertura', path);
  let file: FileAccumulator | null = null;
  let method: { name: string; line: number; hits: number; sawLine: boolean; stated: number | null } | null =
    null;
  let sourceText: string | null = null;

  await walkXml(path, {
    open(tag) {
      switch (tag.name) {
        case 'line': {
          if (!file) return;
          const line = numAttr(tag, 'number', -1);
          const hits = numAttr(tag, 'hits', -1);
          if (line < 0 || hits < 0) {
            throw new CoverageInputError(
              path,
              `<line> needs numeric number= and hits=, got number="${tag.attributes.number}" hits="${tag.attributes.hits}"`,
            );
          }
          if (method) {
            // Method lines repeat class lines, except istanbul's declaration line, which is no statement: only
            // class-level lines count, as in the report's own lines-valid.
            if (!method.sawLine) method.line = line;
            method.sawLine = true;
            method.hits = Math.max(method.hits, hits);
            return;
          }
          file.lines.add(line, hits);
          const cc = tag.attributes['condition-coverage'];
          if (cc !== undefined && String(tag.attributes.branch).toLowerCase() === 'true') {
            const m = CONDITION.exec(cc);
            if (m) file.branches.add(line, Number(m[1]), Number(m[2]));
          }
          return;
        }
        case 'class': {
          const filename = tag.attributes.filename;
          if (!filename)
            throw new CoverageInputError(
              path,
              `<class name="${tag.attributes.name}"> has no filename attribute`,
            );
          file = report.beginSection(filename);
          return;
        }
        case 'method': {
          const hits = tag.attributes.hits;
          method = {
            name: tag.attributes.name ?? '',
            line: 0,
            hits: 0,
            sawLine: false,
            stated: hits === undefined ? null : Number(hits),
          };
          return;
        }
        case 'coverage': {
          if (tag.attributes['lines-valid'] !== undefined) {
            report.addStated('lines', {
              covered: numAttr(tag, 'lines-covered'),
              total: numAttr(tag, 'lines-valid'),
            });
          }
          if (tag.attributes['branches-valid'] !== undefined) {
            report.addStated('branches', {
              covered: numAttr(tag, 'branches-covered'),
              total: numAttr(tag, 'branches-valid'),
            });
          }
          return;
        }
        case 'source':
          sourceText = '';
          return;
      }
    },
    close(name) {
      if (name === 'method' && method && file) {
        // istanbul states method hits; others are hit when any of their lines ran.
        file.functions.push({
          name: ownString(method.name),
          line: method.line,
          hits: method.stated ?? method.hits,
        });
        method = null;
      } else if (name === 'class') {
        if (file) report.endSection(file);
        file = null;
      } else if (name === 'source' && sourceText !== null) {
        const root = sourceText.trim();
        if (root) report.sourceRoots.push(ownString(root));
        sourceText = null;
      }
    },
    text(t) {
      if (sourceText !== null) sourceText += t;
    },
  });
  return report.finish();
}
