import { writeFileSync } from 'node:fs';
import type { CoverageView, GateResult, PatchCoverage } from '@shipyard/coverage';

/**
 * Writes the machine-readable result: the verdict with totals, packages and files, the base compared with and
 * the patch detail (uncovered lines per file, changed files without coverage data).
 */
export function writeResultFile(
  path: string,
  parts: { name: string; reports: string[]; result: GateResult; view: CoverageView; patch?: PatchCoverage },
): void {
  const { view, patch } = parts;
  const base = view.base
    ? { sha: view.base.sha, exact: view.base.exact, ...view.base.totals }
    : { note: view.baseNote };
  const patchFiles = patch ? { files: patch.files, unmeasured: patch.unmeasured } : { note: view.patchNote };
  writeFileSync(
    path,
    JSON.stringify({ name: parts.name, reports: parts.reports, ...parts.result, base, patchFiles }, null, 2),
  );
}
