import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixturePath, runAction } from '@shipyard/testbed';
import type { RunActionOptions } from '@shipyard/testbed';

const standInScript = join(dirname(fileURLToPath(import.meta.url)), 'stand-in', 'k6-standin.mjs');

/** The real k6 summaries the stand-in replays. */
export const fixtures = {
  legacy: fixturePath('k6/summary-export-legacy-thresholds-passed.json'),
  handle: fixturePath('k6/handlesummary-data-checks-failing.json'),
  ndjson: fixturePath('k6/out-json-ndjson-k6-0.46-head46.json'),
};

/** One recorded `k6` invocation. */
export interface K6Call {
  args: string[];
  cwd: string;
  source: string;
}

/** Temp folders made by a test, removed in afterEach. */
const made: string[] = [];
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
export function removeTemps(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A folder with a `k6` on it that replays a fixture (or a script error) and records its argv. */
export function standInK6(scenario: { fixture?: string; error?: string }) {
  const dir = tempDir('k6-standin-');
  writeFileSync(join(dir, 'scenario.json'), JSON.stringify(scenario));
  // The wrapper only forwards "$@"; no input value is ever part of this text.
  writeFileSync(
    join(dir, 'k6'),
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(standInScript)} ${JSON.stringify(dir)} "$@"\n`,
  );
  chmodSync(join(dir, 'k6'), 0o755);
  return {
    dir,
    setScenario: (s: { fixture?: string; error?: string }) =>
      writeFileSync(join(dir, 'scenario.json'), JSON.stringify(s)),
    calls: (): K6Call[] =>
      existsSync(join(dir, 'calls.jsonl'))
        ? readFileSync(join(dir, 'calls.jsonl'), 'utf8')
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as K6Call)
        : [],
  };
}

/** A workspace holding the given files. */
export function workspaceWith(files: Record<string, string>): string {
  const ws = tempDir('k6-ws-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(ws, path)), { recursive: true });
    writeFileSync(join(ws, path), text);
  }
  return ws;
}

/** A plain user script: no options literal, so the fixture's own thresholds apply. */
export const plainScript = `import http from 'k6/http';
export default function () {
  http.get(__ENV.BASE_URL);
}
`;

/** A user script with its own handleSummary (which must survive the wrapper). */
export const scriptWithHandleSummary = `import http from 'k6/http';
export default function () {
  http.get(__ENV.BASE_URL);
}
export function handleSummary(data) {
  return { 'report.txt': 'mine' };
}
`;

/** Runs the bundle and registers its runner temp for removal. */
export async function runK6Smoke(
  inputs: Record<string, string>,
  options: Omit<RunActionOptions, 'inputs'> = {},
) {
  const r = await runAction('k6-smoke', { inputs: { comment: 'false', ...inputs }, ...options });
  made.push(r.runnerTemp);
  if (!options.cwd) made.push(r.workspace);
  return r;
}

/** The `::error` annotations of a run. */
export const errorsOf = (r: { annotations: { level: string; message: string }[] }) =>
  r.annotations.filter((a) => a.level === 'error').map((a) => a.message);
