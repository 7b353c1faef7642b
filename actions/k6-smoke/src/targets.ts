import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import {
  detectScriptExports,
  generateSmokeScript,
  generateSummaryWrapper,
  parseSmokeUrls,
  sloThresholds,
} from '@shipyard/k6';
import type { SmokeSlo } from '@shipyard/k6';
import { ConfigurationError, errorMessage } from '@shipyard/runtime';
import { glob } from 'tinyglobby';

/** One thing k6 runs: a user script (maybe through a wrapper) or the generated smoke script. */
export interface K6Target {
  /** What the report calls it: the script's workspace path, or `smoke`. */
  label: string;
  /** Stable, key-safe name for cache keys and file names. */
  slug: string;
  /** The file handed to `k6 run`. */
  entry: string;
  /** A file we wrote into the user's folder, removed after the run. */
  cleanup?: string;
}

/** A path made safe for a cache key: lower case, runs of other characters as one `-`. */
export function slugOf(path: string): string {
  return (
    path
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'script'
  );
}

/** Zero-config mode: the URLs and SLOs become one generated script under the work folder. */
export function smokeTarget(
  o: { urls: string; vus: number; duration: string; slo: SmokeSlo },
  workDir: string,
): K6Target {
  let source: string;
  try {
    const urls = parseSmokeUrls(o.urls, 'urls');
    source = generateSmokeScript({ urls, vus: o.vus, duration: o.duration, slo: o.slo });
  } catch (error: unknown) {
    throw new ConfigurationError(errorMessage(error));
  }
  mkdirSync(workDir, { recursive: true });
  const entry = join(workDir, 'smoke.js');
  writeFileSync(entry, source);
  return { label: 'smoke', slug: 'smoke', entry };
}

/**
 * Script mode: globs resolved in the workspace (each pattern must match), and a wrapper written beside a
 * script when it has its own handleSummary or SLOs must be added, so relative imports and `open()` resolve
 * as they do for the script itself.
 */
export async function scriptTargets(
  patterns: readonly string[],
  workspace: string,
  slo: SmokeSlo,
): Promise<K6Target[]> {
  const files = new Set<string>();
  for (const pattern of patterns) {
    const matched = await glob(pattern, { cwd: workspace, absolute: true, onlyFiles: true, dot: false });
    if (matched.length === 0) {
      throw new ConfigurationError(
        `input 'scripts': ${JSON.stringify(pattern)} matches no file in ${workspace}; give script paths or globs relative to the workspace`,
      );
    }
    for (const file of matched.sort()) files.add(file);
  }
  const extra = sloThresholds(slo);
  return [...files].map((file) => {
    const label = relative(workspace, file) || basename(file);
    let exports;
    try {
      exports = detectScriptExports(readFileSync(file, 'utf8'), label);
    } catch (error: unknown) {
      throw new ConfigurationError(`input 'scripts': ${errorMessage(error)}`);
    }
    const target: K6Target = { label, slug: slugOf(label), entry: file };
    if (!exports.handleSummary && Object.keys(extra).length === 0) return target;
    const wrapper = join(dirname(file), `.shipyard-k6-${basename(file)}`);
    if (existsSync(wrapper)) rmSync(wrapper);
    writeFileSync(
      wrapper,
      generateSummaryWrapper({ userModule: `./${basename(file)}`, exports, extraThresholds: extra }),
    );
    return { ...target, entry: wrapper, cleanup: wrapper };
  });
}
