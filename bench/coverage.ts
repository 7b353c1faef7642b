/**
 * Coverage parsing bench: ours (parse + gate, in a child process for its peak RSS) against lcov-parse and
 * @friedemannsommer/lcov-parser on a 1,000,000-line LCOV, and fast-xml-parser on Cobertura.
 * `tsx bench/coverage.ts` — inputs are generated once into .bench/ and reused; every parser gets 3 cold runs.
 */
import { execFileSync } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const benchDir = join(here, '..', '.bench');
const LCOV = join(benchDir, 'coverage-1m-lines.info');
const COBERTURA = join(benchDir, 'coverage-300mb.cobertura.xml');
const COBERTURA_SMALL = join(benchDir, 'coverage-60mb.cobertura.xml');

interface Sample {
  ms: number;
  rssMb: number;
  detail: string;
}

/** Writes through a stream with back-pressure, to a temp name renamed at the end (no half files reused). */
async function writeFile(
  path: string,
  produce: (write: (s: string) => Promise<void>) => Promise<void>,
): Promise<void> {
  const tmp = `${path}.tmp`;
  const out = createWriteStream(tmp);
  let buffer = '';
  const write = async (s: string) => {
    buffer += s;
    if (buffer.length < 1 << 20) return;
    const chunk = buffer;
    buffer = '';
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  };
  await produce(write);
  await new Promise<void>((r) => out.end(buffer, r));
  renameSync(tmp, path);
}

async function generateLcov(): Promise<void> {
  // 2000 files × (SF, 20 FN/FNDA pairs, 400 DA, 40 BRDA, 6 totals, end) ≈ 1,000,000 lines.
  await writeFile(LCOV, async (write) => {
    for (let f = 0; f < 2000; f++) {
      let s = `TN:\nSF:/home/runner/work/repo/repo/src/module-${f}/file-${f}.ts\n`;
      for (let fn = 0; fn < 20; fn++) s += `FN:${fn * 20 + 1},fn${fn}\n`;
      for (let fn = 0; fn < 20; fn++) s += `FNDA:${(fn * f) % 3},fn${fn}\n`;
      let hit = 0;
      for (let l = 1; l <= 400; l++) {
        const h = (l * 7 + f) % 5 === 0 ? 0 : (l % 13) + 1;
        if (h) hit++;
        s += `DA:${l},${h}\n`;
      }
      for (let b = 0; b < 40; b++) s += `BRDA:${b * 10 + 1},${b},0,${b % 3 === 0 ? '-' : b % 4}\n`;
      s += `FNF:20\nFNH:13\nLF:400\nLH:${hit}\nBRF:40\nBRH:20\nend_of_record\n`;
      await write(s);
    }
  });
}

async function generateCobertura(path: string, files: number): Promise<void> {
  // coverage.py-shaped: 1500 lines per class, every 10th a branch line.
  await writeFile(path, async (write) => {
    await write(
      `<?xml version="1.0" ?>\n<coverage version="7.6.1" timestamp="1" lines-valid="0" lines-covered="0" line-rate="0.8" branches-covered="0" branches-valid="0" branch-rate="0.5" complexity="0">\n\t<sources>\n\t\t<source>/home/runner/work/repo/repo</source>\n\t</sources>\n\t<packages>\n\t\t<package name="pkg" line-rate="0.8" branch-rate="0.5" complexity="0">\n\t\t\t<classes>\n`,
    );
    for (let f = 0; f < files; f++) {
      let s = `\t\t\t\t<class name="m${f}.py" filename="pkg/sub${f % 50}/m${f}.py" complexity="0" line-rate="0.8" branch-rate="0.5">\n\t\t\t\t\t<methods/>\n\t\t\t\t\t<lines>\n`;
      for (let l = 1; l <= 1500; l++) {
        const hits = (l + f) % 5 === 0 ? 0 : 1;
        s +=
          l % 10 === 0
            ? `\t\t\t\t\t\t<line number="${l}" hits="${hits}" branch="true" condition-coverage="50% (1/2)" missing-branches="${l + 2}"/>\n`
            : `\t\t\t\t\t\t<line number="${l}" hits="${hits}"/>\n`;
      }
      await write(`${s}\t\t\t\t\t</lines>\n\t\t\t\t</class>\n`);
    }
    await write('\t\t\t</classes>\n\t\t</package>\n\t</packages>\n</coverage>\n');
  });
}

/** Fresh processes per parser and input; each parser gets the same number of cold runs. */
const RUNS = 3;

/**
 * Measures every kind RUNS times on `file`, interleaved (a, b, c, a, b, c, …) so a burst of load on this shared
 * machine hits all parsers alike. Each run is one cold process exactly as a single measurement; the result is
 * the median time and the highest peak RSS of the runs (the worst case for a memory goal).
 */
function measureAll(kinds: readonly string[], file: string): Record<string, Sample | { error: string }> {
  const runs: Record<string, Sample[]> = {};
  const failed: Record<string, { error: string }> = {};
  for (let r = 0; r < RUNS; r++) {
    for (const kind of kinds) {
      if (failed[kind]) continue;
      const s = measure(kind, file);
      if ('error' in s) failed[kind] = s;
      else (runs[kind] ??= []).push(s);
    }
  }
  const out: Record<string, Sample | { error: string }> = {};
  for (const kind of kinds) {
    const samples = runs[kind];
    if (failed[kind] || !samples) {
      out[kind] = failed[kind] ?? { error: 'no run' };
      continue;
    }
    const times = samples.map((x) => x.ms).sort((a, b) => a - b);
    out[kind] = {
      ms: times[Math.floor(times.length / 2)]!,
      rssMb: Math.max(...samples.map((x) => x.rssMb)),
      detail: `${samples[0]!.detail}; median of ${times.length} runs: ${times.map((t) => (t / 1000).toFixed(2)).join(' ')} s`,
    };
  }
  return out;
}

/** Runs one measurement in a fresh process and returns its time and peak RSS. */
function measure(kind: string, file: string): Sample | { error: string } {
  try {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', kind, file],
      {
        encoding: 'utf8',
        timeout: 120_000,
        maxBuffer: 1 << 20,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    return JSON.parse(out.trim().split('\n').pop()!) as Sample;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    return { error: (e.stderr ?? e.message).split('\n').filter(Boolean).slice(-2).join(' ').slice(0, 200) };
  }
}

async function child(kind: string, file: string): Promise<void> {
  const require = createRequire(join(here, '..', 'package.json'));
  // Modules load before the clock starts: tsx compiling our TypeScript is not parsing.
  const { readReport, evaluateGates, normalizePaths } = await import('../packages/coverage/src/index');
  const { lcovParser } = await import('@friedemannsommer/lcov-parser');
  const { XMLParser } = await import('fast-xml-parser');
  const start = performance.now();
  let detail = '';
  if (kind === 'ours') {
    const report = normalizePaths(await readReport(file), { repoRoot: '/home/runner/work/repo/repo' });
    const result = evaluateGates({ report, threshold: 80 });
    detail = `${report.files.size} files, lines ${result.total.covered}/${result.total.total} = ${result.total.pct}%`;
  } else if (kind === 'lcov-parse') {
    const parse = require('lcov-parse') as (
      f: string,
      cb: (err: unknown, data: { lines: { hit: number; found: number } }[]) => void,
    ) => void;
    const data = await new Promise<{ lines: { hit: number; found: number } }[]>((res, rej) =>
      parse(file, (err, d) =>
        err ? rej(err instanceof Error ? err : new Error(JSON.stringify(err))) : res(d),
      ),
    );
    detail = `${data.length} records, lines ${data.reduce((n, d) => n + d.lines.hit, 0)}/${data.reduce((n, d) => n + d.lines.found, 0)}`;
  } else if (kind === 'friedemann') {
    const sections = await lcovParser({ from: createReadStream(file) });
    detail = `${sections.length} records`;
  } else if (kind === 'fast-xml-parser') {
    const doc = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(file, 'utf8')) as object;
    detail = `${Object.keys(doc).length} roots`;
  }
  const ms = performance.now() - start;
  console.log(JSON.stringify({ ms, rssMb: process.resourceUsage().maxRSS / 1024, detail }));
}

function fmt(s: Sample | { error: string }): string {
  return 'error' in s
    ? `failed (${s.error})`
    : `${(s.ms / 1000).toFixed(2)}s, peak RSS ${s.rssMb.toFixed(0)} MB (${s.detail})`;
}

async function main(): Promise<void> {
  mkdirSync(benchDir, { recursive: true });
  if (!existsSync(LCOV)) await generateLcov();
  if (!existsSync(COBERTURA)) await generateCobertura(COBERTURA, 4800);
  if (!existsSync(COBERTURA_SMALL)) await generateCobertura(COBERTURA_SMALL, 960);
  const mb = (f: string) => statSync(f).size / 1048576;

  // LCOV
  const lcov = measureAll(['ours', 'lcov-parse', 'friedemann'], LCOV);
  const ours = lcov.ours!;
  const peers = {
    'lcov-parse': lcov['lcov-parse']!,
    '@friedemannsommer/lcov-parser': lcov.friedemann!,
  };
  console.log(`detail coverage LCOV ${mb(LCOV).toFixed(0)} MB, 1,000,000 lines`);
  console.log(`detail   ours: ${fmt(ours)}`);
  for (const [name, s] of Object.entries(peers)) console.log(`detail   ${name}: ${fmt(s)}`);
  const okPeers = Object.entries(peers).filter((e): e is [string, Sample] => !('error' in e[1]));
  const fastest = okPeers.sort((a, b) => a[1].ms - b[1].ms)[0];
  if (!('error' in ours) && fastest) {
    const ratio = fastest[1].ms / ours.ms;
    console.log(
      `BENCH coverage lcov-1M-lines parse+gate: ours ${ours.ms.toFixed(0)}ms, ${fastest[0]} ${fastest[1].ms.toFixed(0)}ms, ratio ${ratio.toFixed(2)}× (goal ≥3× faster) ${ratio >= 3 ? 'PASS' : 'MISS'}`,
    );
    console.log(
      `BENCH coverage lcov-1M-lines peak-rss: ours ${ours.rssMb.toFixed(0)}MB, ${fastest[0]} ${fastest[1].rssMb.toFixed(0)}MB, ratio ${(fastest[1].rssMb / ours.rssMb).toFixed(2)}× (goal ours ≤300MB) ${ours.rssMb <= 300 ? 'PASS' : 'MISS'}`,
    );
  }

  // Cobertura: ours on the full file; fast-xml-parser builds the whole DOM in memory, so it is timed on 60 MB
  // and compared per MB (a 300 MB attempt needs several GB of heap).
  const big = measureAll(['ours'], COBERTURA).ours!;
  const smallRuns = measureAll(['ours', 'fast-xml-parser'], COBERTURA_SMALL);
  const small = smallRuns.ours!;
  const fxp = smallRuns['fast-xml-parser']!;
  console.log(`detail coverage Cobertura ${mb(COBERTURA).toFixed(0)} MB: ours ${fmt(big)}`);
  console.log(
    `detail coverage Cobertura ${mb(COBERTURA_SMALL).toFixed(0)} MB: ours ${fmt(small)}; fast-xml-parser ${fmt(fxp)}`,
  );
  if (!('error' in big) && !('error' in fxp)) {
    const oursRate = mb(COBERTURA) / (big.ms / 1000);
    const fxpRate = mb(COBERTURA_SMALL) / (fxp.ms / 1000);
    const ratio = oursRate / fxpRate;
    console.log(
      `BENCH coverage cobertura-300MB parse+gate throughput: ours ${oursRate.toFixed(1)}MB/s, fast-xml-parser(60MB) ${fxpRate.toFixed(1)}MB/s, ratio ${ratio.toFixed(2)}× (goal ≥3× faster) ${ratio >= 3 ? 'PASS' : 'MISS'}`,
    );
    console.log(
      `BENCH coverage cobertura-300MB peak-rss: ours ${big.rssMb.toFixed(0)}MB, fast-xml-parser(60MB) ${fxp.rssMb.toFixed(0)}MB, ratio ${(fxp.rssMb / big.rssMb).toFixed(2)}× (goal ours ≤300MB) ${big.rssMb <= 300 ? 'PASS' : 'MISS'}`,
    );
  }
}

const args = process.argv.slice(2);
if (args[0] === '--child') await child(args[1]!, args[2]!);
else await main();
