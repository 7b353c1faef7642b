import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ConfigurationError } from '@shipyard/runtime';
import { execTool, tail } from '@shipyard/tools';
import { isImageArchive, readTrivyReport, sarifCategory, trivyArgs, trivyConvertArgs } from '@shipyard/trivy';
import type { ScanType, TrivyReport } from '@shipyard/trivy';

/** One scanned (or given) report and the files made from it. */
export interface TargetResult {
  target: string;
  slug: string;
  json: string;
  report: TrivyReport;
  sarif?: string;
  sbom?: string;
}

/** What every trivy run of a step shares. Settings are passed as flags, never through the environment. */
export interface ScanSetup {
  trivy: string;
  env: NodeJS.ProcessEnv;
  workspace: string;
  outDir: string;
  cacheDir: string;
  /** An empty file given as --ignorefile and --config, so a .trivyignore or trivy.yaml in the workspace
   *  cannot silently drop findings before the gate and the SARIF see them. */
  neutralFile: string;
  warn: (m: string) => void;
}

const SCAN_TIMEOUT_MS = 30 * 60_000;

/** Checks a target before any tool runs, so a typo is one clear error rather than a Trivy stack. */
export function checkTarget(scanType: ScanType, target: string, workspace: string): void {
  const local =
    scanType === 'fs' || scanType === 'config' || (scanType === 'image' && isImageArchive(target));
  const path = isAbsolute(target) ? target : join(workspace, target);
  if (local && !existsSync(path)) {
    throw new ConfigurationError(
      `input 'targets': "${target}" does not exist in the workspace; a ${scanType} target must be an existing ${scanType === 'image' ? 'image archive' : 'path'}`,
    );
  }
}

/** Reads a JSON report, turning any problem into one error that names the input and the file. */
export function readReportFile(path: string, input: string): TrivyReport {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(
      `input '${input}': cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  try {
    return readTrivyReport(text, path);
  } catch (error) {
    throw new ConfigurationError(`input '${input}': ${(error as Error).message}`);
  }
}

/** Scans one target into its own JSON file with the DB already prepared. */
export async function scanTarget(
  s: ScanSetup,
  scanType: ScanType,
  target: string,
  slug: string,
  opts: { skipDbUpdate: boolean; listAllPkgs: boolean },
): Promise<TargetResult> {
  const json = join(s.outDir, `${slug}.json`);
  const args = trivyArgs({
    scanType,
    target,
    outputPath: json,
    cacheDir: s.cacheDir,
    ignoreFile: s.neutralFile,
    configFile: s.neutralFile,
    ...opts,
  });
  const r = await execTool(s.trivy, args, { env: s.env, cwd: s.workspace, timeoutMs: SCAN_TIMEOUT_MS });
  if (r.exitCode !== 0 || !existsSync(json)) {
    throw new Error(
      `trivy ${scanType} ${target} failed (${r.timedOut ? 'timed out' : `exit ${r.exitCode}`}):\n${tail(r.stderr || r.stdout, 15)}`,
    );
  }
  return { target, slug, json, report: readReportFile(json, 'targets') };
}

/**
 * Converts a target's JSON to SARIF (with its own category) and, for images, to a CycloneDX SBOM. A
 * conversion that fails is a warning: the gate was decided from the JSON already.
 */
export async function convertTarget(
  s: ScanSetup,
  t: TargetResult,
  opts: {
    sarif: boolean;
    sbom: boolean;
    name: string;
    setCategory: (text: string, category: string) => string;
  },
): Promise<void> {
  const convert = async (format: 'sarif' | 'cyclonedx', out: string): Promise<boolean> => {
    const r = await execTool(s.trivy, trivyConvertArgs(format, t.json, out), {
      env: s.env,
      cwd: s.outDir,
      timeoutMs: 5 * 60_000,
    });
    if (r.exitCode === 0 && existsSync(out)) return true;
    s.warn(
      `trivy convert --format ${format} failed for ${t.target} (exit ${r.exitCode}): ${tail(r.stderr, 3)}`,
    );
    return false;
  };
  if (opts.sarif) {
    const out = join(s.outDir, `${t.slug}.sarif`);
    if (await convert('sarif', out)) {
      const category = sarifCategory(opts.name, t.slug);
      writeFileSync(out, opts.setCategory(readFileSync(out, 'utf8'), category));
      t.sarif = out;
    }
  }
  if (opts.sbom) {
    const out = join(s.outDir, `${t.slug}.cdx.json`);
    if (await convert('cyclonedx', out)) t.sbom = out;
  }
}
