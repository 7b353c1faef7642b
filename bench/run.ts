/**
 * `pnpm bench`: runs every `bench/<area>.ts` in its own process (so one area's memory does not colour
 * another's), then repeats the BENCH lines together. Each area measures ours and the named peers in the
 * same run and prints `BENCH <area> <what>: ours …, <peer> …, ratio …× (goal …) PASS|MISS`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const areas = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .map((f) => f.replace(/\.ts$/, ''))
  .filter((a) => only.length === 0 || only.includes(a))
  .sort();

const lines: string[] = [];
for (const area of areas) {
  console.log(`\n=== bench/${area}.ts`);
  const r = spawnSync(join(here, '..', 'node_modules', '.bin', 'tsx'), [join(here, `${area}.ts`)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  process.stdout.write(r.stdout ?? '');
  lines.push(...(r.stdout ?? '').split('\n').filter((l) => l.startsWith('BENCH ')));
  if (r.status !== 0) lines.push(`BENCH ${area}: FAILED (exit ${r.status ?? r.signal})`);
}
console.log('\n=== summary');
for (const line of lines) console.log(line);
