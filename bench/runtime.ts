/**
 * Cold start of an action built on our runtime against a bare `@actions/core` + `@actions/github` hello-world
 * bundled by ncc in the same run. The runtime must not cost start-up time: Octokit is loaded lazily, only
 * by actions that talk to GitHub. Goal: ≤ 1.0× the hello-world's median wall time, bundle ≤ 1 MB.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = join(import.meta.dirname, '..');
const work = join(root, '.bench', 'runtime');
const ncc = join(root, 'node_modules', '.bin', 'ncc');

/** Writes a one-file action and bundles it with ncc exactly as scripts/build.mjs bundles ours. */
function bundle(name: string, source: string[], include: string[]): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'src', 'index.ts'), source.join('\n'));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: '../../../tsconfig.base.json', include }),
  );
  execFileSync(ncc, ['build', 'src/index.ts', '-o', 'dist', '--minify', '--transpile-only', '--quiet'], {
    cwd: dir,
  });
  return join(dir, 'dist', 'index.js');
}

// The peer: the typescript-action template's hello world, @actions/core + @actions/github.
const theirs = bundle(
  'hello',
  [
    "import * as core from '@actions/core';",
    "import * as github from '@actions/github';",
    "const name = core.getInput('greeting', { required: true });",
    "core.setOutput('echoed', `${name} from ${github.context.repo.owner}`);",
    '',
  ],
  ['src'],
);
// Ours: the same action declared on the runtime (zod input funnel, typed outputs, error wrapper, summary budget).
const ours = bundle(
  'minimal',
  [
    "import { defineAction, input, runAction } from '@shipyard/runtime';",
    "import { z } from 'zod';",
    'void runAction(',
    '  defineAction({',
    "    name: 'minimal',",
    '    inputs: z.object({ greeting: input.text() }),',
    "    outputs: ['echoed'],",
    '    async run({ inputs, env, setOutput }) {',
    "      setOutput('echoed', `${inputs.greeting} from ${env.repository?.owner ?? ''}`);",
    '    },',
    '  }),',
    ');',
    '',
  ],
  ['src', '../../../packages/*/src'],
);

function runOnce(entry: string): number {
  const temp = mkdtempSync(join(tmpdir(), 'bench-run-'));
  for (const f of ['out', 'state', 'summary']) writeFileSync(join(temp, f), '');
  const env = {
    PATH: process.env.PATH ?? '',
    INPUT_GREETING: 'hi',
    GITHUB_OUTPUT: join(temp, 'out'),
    GITHUB_STATE: join(temp, 'state'),
    GITHUB_STEP_SUMMARY: join(temp, 'summary'),
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    RUNNER_TEMP: temp,
  };
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [entry], { env, stdio: 'ignore' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`${entry} exited ${r.status}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const runs = 31;
const a: number[] = [];
const b: number[] = [];
runOnce(ours);
runOnce(theirs);
// Alternate so machine load hits both alike.
for (let i = 0; i < runs; i++) {
  a.push(runOnce(ours));
  b.push(runOnce(theirs));
}
const startupSize = (entry: string) => statSync(entry).size;
const totalSize = (dir: string) => readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
const oursMs = median(a);
const theirsMs = median(b);
const ratio = oursMs / theirsMs;
const kb = (n: number) => `${(n / 1024).toFixed(0)}kB`;
console.log(`cold start over ${runs} alternating runs each (node ${process.version})`);
console.log(
  `BENCH runtime cold-start: ours ${oursMs.toFixed(1)}ms, core+github-hello-world ${theirsMs.toFixed(1)}ms, ratio ${ratio.toFixed(2)}× (goal ≤ 1.00×) ${ratio <= 1 ? 'PASS' : 'MISS'}`,
);
const size = startupSize(ours);
console.log(
  `BENCH runtime bundle-size: ours ${kb(size)}, core+github-hello-world ${kb(startupSize(theirs))}, ratio ${(size / startupSize(theirs)).toFixed(2)}× (goal ≤ 1 MB) ${size <= 1_000_000 ? 'PASS' : 'MISS'}`,
);
// The largest real action bundle, for scale: lazy chunks (Octokit, @actions/cache) are not loaded at start.
const largest = readdirSync(join(root, 'actions'))
  .map((a) => join(root, 'actions', a, 'dist', 'index.js'))
  .filter((f) => existsSync(f))
  .map((f) => ({ f, size: startupSize(f), total: totalSize(dirname(f)) }))
  .sort((a, b) => b.size - a.size)[0];
if (largest)
  console.log(
    `largest action start bundle: ${largest.f.slice(root.length + 1)} ${kb(largest.size)} (${kb(largest.total)} with lazy chunks and licenses)`,
  );
