import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import {
  CoverageInputError,
  goModulePath,
  mergeReports,
  normalizePaths,
  readReport,
  SUPPORTED_FORMATS,
  type CoverageReport,
} from '@shipyard/coverage';
import { ConfigurationError } from '@shipyard/runtime';
import { glob, isDynamicPattern } from 'tinyglobby';

/** The merged, repository-relative report and what the patterns found. */
export interface Collected {
  report: CoverageReport;
  /** Report files read, workspace-relative where possible. */
  files: string[];
  /** Patterns that matched no file (reported, not fatal while another pattern matched). */
  unmatched: string[];
}

/**
 * Finds the reports (globs relative to the workspace), reads each, makes its paths repository-relative (Go
 * import paths through go.mod) and merges them. Nothing found, an empty, malformed or unknown report is one
 * ConfigurationError naming the pattern or the file and line.
 */
export async function collectReports(patterns: readonly string[], workspace: string): Promise<Collected> {
  const found = new Set<string>();
  const unmatched: string[] = [];
  for (const pattern of patterns) {
    const hits =
      isAbsolute(pattern) && !isDynamicPattern(pattern)
        ? existsSync(pattern)
          ? [pattern]
          : []
        : await glob(pattern, {
            cwd: workspace,
            absolute: true,
            onlyFiles: true,
            dot: true,
            expandDirectories: false,
          });
    if (hits.length === 0) unmatched.push(pattern);
    for (const hit of hits.sort()) found.add(hit);
  }
  if (found.size === 0) {
    throw new ConfigurationError(
      `input 'reports': no coverage report matched ${unmatched.map((p) => JSON.stringify(p)).join(', ')} ` +
        `(globs are relative to the workspace ${workspace}); run the tests with coverage before this step. ` +
        `Supported formats: ${SUPPORTED_FORMATS.join(', ')}`,
    );
  }
  const goMod = join(workspace, 'go.mod');
  const modulePath = existsSync(goMod) ? goModulePath(readFileSync(goMod, 'utf8')) : null;
  const reports: CoverageReport[] = [];
  const shown: string[] = [];
  for (const file of found) {
    const label = displayPath(file, workspace);
    shown.push(label);
    let report: CoverageReport;
    try {
      report = await readReport(file);
    } catch (error: unknown) {
      if (error instanceof CoverageInputError)
        throw new ConfigurationError(`coverage report ${error.message.replace(file, label)}`);
      throw error;
    }
    reports.push(
      normalizePaths(report, {
        repoRoot: workspace,
        ...(modulePath ? { goModulePath: modulePath } : {}),
        exists: (p) => existsSync(join(workspace, p)),
      }),
    );
  }
  return { report: mergeReports(reports), files: shown, unmatched };
}

function displayPath(file: string, workspace: string): string {
  const rel = relative(workspace, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
