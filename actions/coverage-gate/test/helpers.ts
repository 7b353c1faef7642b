import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runAction, type RunActionOptions } from '@shipyard/testbed';

/** A temp root for one test file; everything a test makes lives below it and is removed by `cleanup`. */
export function tempRoot(prefix: string) {
  const root = mkdtempSync(join(tmpdir(), prefix));
  let n = 0;
  return {
    root,
    dir: (name = 'd') => {
      const d = join(root, `${name}-${n++}`);
      mkdirSync(d, { recursive: true });
      return d;
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Writes files (relative path → content) below `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, body] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), body);
  }
}

/** An LCOV record per file: line → hits. */
export function lcov(files: Record<string, Record<number, number>>): string {
  return Object.entries(files)
    .map(([path, lines]) => {
      const da = Object.entries(lines).map(([l, h]) => `DA:${l},${h}`);
      const hit = Object.values(lines).filter((h) => h > 0).length;
      return ['TN:', `SF:${path}`, ...da, `LF:${da.length}`, `LH:${hit}`, 'end_of_record'].join('\n');
    })
    .join('\n');
}

/** Runs coverage-gate with a private runner temp below `root`. */
export function gate(workspace: string, runnerTemp: string, options: RunActionOptions = {}) {
  return runAction('coverage-gate', { cwd: workspace, runnerTemp, ...options });
}

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** Runs git in `cwd`; returns trimmed stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'protocol.file.allow=always', ...args], {
    cwd,
    env: GIT_ENV,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/** Source of the PR's file: 10 base lines, then what the PR adds (line 14 is a comment, not executable). */
export function prSource(): { base: string; pr: string } {
  const base = Array.from({ length: 10 }, (_, i) => `export const b${i + 1} = ${i + 1};`).join('\n') + '\n';
  const added = Array.from({ length: 40 }, (_, i) => {
    const line = 11 + i;
    return line === 14 ? '// a comment the PR adds' : `export const p${line} = ${line};`;
  }).join('\n');
  return { base, pr: `${base}${added}\n` };
}

/**
 * The LCOV a test run of the PR head would write: base lines covered; 11–13 uncovered (one range of 3);
 * 14 not executable; from 15 on, even lines uncovered and odd lines covered (18 single-line ranges).
 * So the patch has 39 executable changed lines of which 18 are covered.
 */
export function prLcov(): string {
  const lines: Record<number, number> = {};
  for (let l = 1; l <= 10; l++) lines[l] = 1;
  for (const l of [11, 12, 13]) lines[l] = 0;
  for (let l = 15; l <= 50; l++) lines[l] = l % 2 === 0 ? 0 : 2;
  return lcov({ 'src/calc.js': lines, 'src/other.js': { 1: 1, 2: 0 } });
}

/**
 * A bare "origin" with main (B1 → B2, where B2 only touches src/other.js) and a PR branch from B1 that adds
 * lines 11–50 to src/calc.js and edits the README. Returns the shas and the bare repository.
 */
export function makeOrigin(dir: string) {
  const { base, pr } = prSource();
  const work = join(dir, 'author');
  const bare = join(dir, 'origin.git');
  mkdirSync(work);
  git(dir, 'init', '-q', '--bare', bare);
  git(work, 'init', '-q');
  writeFiles(work, { 'src/calc.js': base, 'src/other.js': 'a\nb\n', 'README.md': 'hello\n' });
  git(work, 'add', '-A');
  git(work, 'commit', '-q', '-m', 'base');
  const b1 = git(work, 'rev-parse', 'HEAD');
  git(work, 'checkout', '-q', '-b', 'pr');
  writeFiles(work, { 'src/calc.js': pr, 'README.md': 'hello\nworld\n' });
  git(work, 'commit', '-q', '-am', 'pr');
  const head = git(work, 'rev-parse', 'HEAD');
  git(work, 'checkout', '-q', 'main');
  writeFiles(work, { 'src/other.js': 'a\nb\nc\n' });
  git(work, 'commit', '-q', '-am', 'main moves on');
  const b2 = git(work, 'rev-parse', 'HEAD');
  git(work, 'push', '-q', bare, 'main', 'pr');
  return { bare, b1, b2, head };
}

/** A checkout of the PR head in a fresh workspace (shallow with `depth`), with the head's coverage report. */
export function checkoutPr(bare: string, workspace: string, depth?: number): void {
  git(
    workspace,
    'clone',
    '-q',
    ...(depth ? [`--depth=${depth}`] : []),
    '--branch',
    'pr',
    `file://${bare}`,
    '.',
  );
  writeFiles(workspace, { 'coverage/lcov.info': prLcov() });
}

/** A `pull_request` event for PR 7 with base `baseSha` and head `headSha`. */
export function prEvent(baseSha: string, headSha: string, labels: string[] = []) {
  return {
    name: 'pull_request',
    payload: {
      number: 7,
      pull_request: {
        number: 7,
        base: { sha: baseSha, ref: 'main' },
        head: { sha: headSha, ref: 'pr' },
        labels: labels.map((name) => ({ name })),
      },
      repository: { default_branch: 'main' },
    },
  };
}
