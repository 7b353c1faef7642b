/**
 * Trivy evaluation speed: a 10,000-finding report built by repeating the real findings of the fixtures,
 * read + policy + counts by our code, against `jq` computing the same per-severity counts, in one run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fixturePath, repoRoot } from '../test/src/paths';
import { countTrivy, evaluateTrivy, parseTrivyIgnore, readTrivyReport } from '../packages/trivy/src/index';

const FINDINGS = 10_000;
const PER_TARGET = 50;
const RUNS = 7;

type Json = Record<string, unknown>;
type Kind = 'Vulnerabilities' | 'Misconfigurations' | 'Secrets';

function realFindings(): { kind: Kind; item: Json }[] {
  const dir = fixturePath('trivy');
  const out: { kind: Kind; item: Json }[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const doc = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { Results?: Json[] };
    for (const r of doc.Results ?? []) {
      for (const kind of ['Vulnerabilities', 'Misconfigurations', 'Secrets'] as const) {
        for (const item of (r[kind] as Json[] | undefined) ?? [])
          if (kind !== 'Misconfigurations' || item.Status === 'FAIL') out.push({ kind, item });
      }
    }
  }
  return out;
}

function buildReport(path: string): void {
  const pool = realFindings();
  const results: Json[] = [];
  for (let i = 0; i < FINDINGS; i += PER_TARGET) {
    const result: Json = { Target: `target-${i / PER_TARGET}/lockfile`, Class: 'lang-pkgs', Type: 'npm' };
    for (let j = i; j < Math.min(i + PER_TARGET, FINDINGS); j++) {
      const f = pool[j % pool.length];
      if (!f) continue;
      ((result[f.kind] ??= []) as Json[]).push(f.item);
    }
    results.push(result);
  }
  writeFileSync(
    path,
    JSON.stringify({ SchemaVersion: 2, ArtifactName: 'bench', ArtifactType: 'filesystem', Results: results }),
  );
}

const JQ_COUNTS =
  '[.Results[]? | ((.Vulnerabilities // [])[], ((.Misconfigurations // [])[] | select(.Status == "FAIL")), (.Secrets // [])[]) | .Severity] | group_by(.) | map({(.[0]): length}) | add';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

function main(): void {
  const dir = join(repoRoot, '.bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'trivy-10k.json');
  buildReport(file);
  const sizeMb = readFileSync(file).length / 1e6;
  const ignores = parseTrivyIgnore('CVE-2019-1549\nDS-0002 exp:2020-01-01\n', '.trivyignore');
  const now = new Date('2026-06-01T00:00:00Z');

  let ours: Record<string, number> = {};
  const oursMs: number[] = [];
  const jqMs: number[] = [];
  let jqCounts: Record<string, number> = {};
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    const report = readTrivyReport(readFileSync(file, 'utf8'), file);
    const counts = countTrivy(evaluateTrivy(report, { ignores: [] }, now));
    evaluateTrivy(report, { ignores, ignoreUnfixed: true }, now);
    oursMs.push(performance.now() - t);
    ours = counts.total;
    t = performance.now();
    jqCounts = JSON.parse(execFileSync('jq', ['-c', JQ_COUNTS, file], { encoding: 'utf8' })) as Record<
      string,
      number
    >;
    jqMs.push(performance.now() - t);
  }
  for (const [sev, n] of Object.entries(jqCounts)) {
    if (ours[sev] !== n) throw new Error(`counts disagree for ${sev}: ours ${ours[sev]}, jq ${n}`);
  }
  const o = median(oursMs);
  const j = median(jqMs);
  const ratio = o / j;
  console.log(
    `BENCH trivy evaluate 10k findings: ours ${o.toFixed(1)}ms, jq ${j.toFixed(1)}ms, ratio ${ratio.toFixed(2)}× (goal ≤ 2.00×) ${ratio <= 2 ? 'PASS' : 'MISS'}`,
  );
  console.log(
    `  report ${sizeMb.toFixed(1)} MB, ${FINDINGS} findings in ${FINDINGS / PER_TARGET} targets; median of ${RUNS} runs`,
  );
  console.log(
    `  ours = read + parse + evaluate (no ignores) + count + evaluate again (ignores, ignore-unfixed), in-process`,
  );
  console.log(
    `  jq = one process (startup included) computing per-severity counts; counts agree: ${JSON.stringify(jqCounts)}`,
  );
}

main();
