import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@shipyard/testbed';

/**
 * A stand-in `trivy` for tests: a small Node script, generated into a temp dir, that REPLAYS real Trivy
 * outputs from ../shared/fixtures/trivy for the arguments it receives and RECORDS every argument list. Its
 * configuration is baked into the script (the action gives trivy an explicit environment, so nothing can
 * be passed through variables). It never writes output the real tool would not: a scan copies the
 * recorded JSON for that target, `convert --format sarif` replays the recorded SARIF only for the report
 * it was produced from (the alpine 3.10 pair), and anything else exits 1 saying it has no recording.
 */
export interface StandInOptions {
  /** What `trivy --version` reports. */
  version?: string;
  /** Scan target (positional or --input) → fixture file name in fixtures/trivy. */
  targets?: Record<string, string>;
  /** Per DB repository: download succeeds, answers Trivy's real TOOMANYREQUESTS error, or a reset. */
  db?: Record<string, 'ok' | 'rate-limited' | 'unreachable'>;
  /** UpdatedAt of a DB the stand-in "downloads". */
  dbUpdatedAt?: string;
}

export interface StandIn {
  /** Folder to put first on PATH. */
  dir: string;
  /** Every invocation's arguments, in order. */
  calls: () => string[][];
  /** The environment variable names each invocation saw. */
  envs: () => string[][];
  cleanup: () => void;
}

// Real stderr of `trivy image` when GHCR rate-limits the DB pull (GSA-TTS/FAC#4384, trivy 0.56).
export const RATE_LIMITED_STDERR = [
  '2024-10-15T14:30:18Z\tINFO\t[vulndb] Need to update DB',
  '2024-10-15T14:30:18Z\tINFO\t[vulndb] Downloading vulnerability DB...',
  '2024-10-15T14:30:18Z\tINFO\t[vulndb] Downloading artifact...\trepo="ghcr.io/aquasecurity/trivy-db:2"',
  '2024-10-15T14:30:19Z\tERROR\t[vulndb] Failed to download artifact\trepo="ghcr.io/aquasecurity/trivy-db:2" err="OCI repository error: 1 error occurred:\\n\\t* GET https://ghcr.io/v2/aquasecurity/trivy-db/manifests/2: TOOMANYREQUESTS: retry-after: 127.702µs, allowed: 44000/minute\\n\\n"',
  '2024-10-15T14:30:19Z\tFATAL\tFatal error\tinit error: DB error: failed to download vulnerability DB: OCI artifact error: failed to download vulnerability DB: failed to download artifact from any source',
].join('\n');

// Real stderr of a DB download cut by the network (aquasecurity/trivy#1908).
export const UNREACHABLE_STDERR =
  '2022-03-30T21:41:49.012Z\tFATAL\tDB error: failed to download vulnerability DB: OCI artifact error: OCI artifact error: OCI repository error: Get "https://ghcr.io/v2/": read tcp 172.20.6.8:53678->140.82.113.34:443: read: connection reset by peer';

// Trivy's own refusal when --skip-db-update is used without a DB (pkg/db, as quoted in public test suites).
const FIRST_RUN_STDERR =
  'FATAL\tFatal error\trun error: init error: DB error: --skip-db-update cannot be specified on the first run';

const SCRIPT = String.raw`
const fs = require('node:fs');
const path = require('node:path');
const args = process.argv.slice(2);
fs.appendFileSync(CONFIG.log, JSON.stringify({ args, env: Object.keys(process.env).sort() }) + '\n');
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const die = (text) => { process.stderr.write(text + '\n'); process.exit(1); };
if (args[0] === '--version' || args[0] === 'version') {
  process.stdout.write('Version: ' + CONFIG.version + '\n');
  process.exit(0);
}
const sub = args[0];
const cacheDir = opt('--cache-dir') || path.join(process.env.HOME || '/tmp', '.cache', 'trivy');
const meta = path.join(cacheDir, 'db', 'metadata.json');
if (sub === 'image' && args.includes('--download-db-only')) {
  const repo = opt('--db-repository') || 'mirror.gcr.io/aquasec/trivy-db';
  const mode = CONFIG.db[repo] || 'ok';
  if (mode === 'rate-limited') die(CONFIG.rateLimited);
  if (mode === 'unreachable') die(CONFIG.unreachable);
  fs.mkdirSync(path.dirname(meta), { recursive: true });
  const updated = new Date(CONFIG.dbUpdatedAt);
  fs.writeFileSync(meta, JSON.stringify({ Version: 2, NextUpdate: new Date(updated.getTime() + 6 * 3600e3).toISOString(),
    UpdatedAt: updated.toISOString(), DownloadedAt: new Date().toISOString() }));
  process.exit(0);
}
if (sub === 'convert') {
  const input = args[args.length - 1];
  const out = opt('--output');
  const recorded = CONFIG.convert[opt('--format')];
  if (recorded && fs.readFileSync(input, 'utf8') === fs.readFileSync(recorded.from, 'utf8')) {
    fs.copyFileSync(recorded.to, out);
    process.exit(0);
  }
  die('stand-in trivy: no recorded ' + opt('--format') + ' conversion of ' + input);
}
if (['image', 'fs', 'repo', 'config'].includes(sub)) {
  if (sub !== 'config' && args.includes('--skip-db-update') && !fs.existsSync(meta)) die(CONFIG.firstRun);
  const target = opt('--input') || args[args.length - 1];
  const fixture = CONFIG.targets[target];
  if (!fixture) die('stand-in trivy: no recorded ' + sub + ' scan of ' + target);
  fs.copyFileSync(fixture, opt('--output'));
  process.exit(0);
}
die('stand-in trivy: no recording for ' + JSON.stringify(args));
`;

/** Writes the stand-in into a fresh temp dir and returns it with its recorder. */
export function makeStandInTrivy(options: StandInOptions = {}): StandIn {
  const dir = mkdtempSync(join(tmpdir(), 'trivy-stand-in-'));
  const log = join(dir, 'calls.jsonl');
  const fixture = (name: string) => fixturePath(`trivy/${name}`);
  const config = {
    log,
    version: options.version ?? '0.72.0',
    targets: Object.fromEntries(Object.entries(options.targets ?? {}).map(([t, f]) => [t, fixture(f)])),
    db: options.db ?? {},
    dbUpdatedAt: options.dbUpdatedAt ?? new Date().toISOString(),
    convert: {
      sarif: { from: fixture('image-alpine-3.10-vulns.json'), to: fixture('image-alpine-3.10-vulns.sarif') },
    },
    rateLimited: RATE_LIMITED_STDERR,
    unreachable: UNREACHABLE_STDERR,
    firstRun: FIRST_RUN_STDERR,
  };
  const file = join(dir, 'trivy');
  writeFileSync(file, `#!${process.execPath}\nconst CONFIG = ${JSON.stringify(config)};\n${SCRIPT}`);
  chmodSync(file, 0o755);
  const records = () =>
    existsSync(log)
      ? readFileSync(log, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { args: string[]; env: string[] })
      : [];
  return {
    dir,
    calls: () => records().map((r) => r.args),
    envs: () => records().map((r) => r.env),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
