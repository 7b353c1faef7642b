import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction, type RunActionOptions, type RunActionResult } from '@shipyard/testbed';
import { makeStandInTrivy, type StandIn, type StandInOptions } from './stand-in-trivy';

/** One scenario: a stand-in trivy on PATH, a workspace and a local cache folder, all in temp dirs. */
export interface Scenario {
  standIn: StandIn;
  workspace: string;
  cacheDir: string;
  run: (inputs: Record<string, string>, options?: RunActionOptions) => Promise<RunActionResult>;
  /** Writes a file into the workspace. */
  file: (path: string, text: string) => string;
}

/** Builds a scenario; `version: system` and `sarif: false` unless a test says otherwise. */
export function scenario(options: StandInOptions = {}): Scenario {
  const standIn = makeStandInTrivy(options);
  const workspace = mkdtempSync(join(tmpdir(), 'trivy-ws-'));
  const cacheDir = mkdtempSync(join(tmpdir(), 'trivy-cache-'));
  return {
    standIn,
    workspace,
    cacheDir,
    file: (path, text) => {
      const full = join(workspace, path);
      mkdirSync(join(full, '..'), { recursive: true });
      writeFileSync(full, text);
      return full;
    },
    run: (inputs, extra = {}) =>
      runAction('trivy-scan', {
        ...extra,
        inputs: { version: 'system', sarif: 'false', ...inputs },
        cwd: workspace,
        path: [standIn.dir, ...(extra.path ?? [])],
        env: { SHIPYARD_CACHE_DIR: cacheDir, ...extra.env },
      }),
  };
}

/** The error annotations of a run. */
export const errors = (r: RunActionResult) => r.annotations.filter((a) => a.level === 'error');
/** The warning annotations of a run. */
export const warnings = (r: RunActionResult) => r.annotations.filter((a) => a.level === 'warning');
