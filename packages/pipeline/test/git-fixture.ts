import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { GitRunner } from '../src/index';

/** A throwaway repository driven by the real `git`, isolated from the user's and system's git config. */
export interface TempRepo {
  dir: string;
  git: GitRunner;
  /** Runs git and returns trimmed stdout, throwing on a non-zero exit (for test set-up). */
  run: (...args: string[]) => Promise<string>;
  /** Writes files (path → content) and commits them; returns the new commit SHA. */
  commit: (files: Record<string, string>, message?: string) => Promise<string>;
  remove: () => void;
}

const ENV = {
  PATH: process.env.PATH ?? '',
  HOME: '/nonexistent',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
};

/** Creates an empty repository on branch `main`. */
export async function tempRepo(): Promise<TempRepo> {
  const dir = mkdtempSync(join(tmpdir(), 'pipeline-git-'));
  const git: GitRunner = (args) =>
    new Promise((resolve) => {
      execFile('git', args, { cwd: dir, env: ENV, timeout: 20_000 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  const run = async (...args: string[]) => {
    const r = await git(args);
    if (r.code !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  let n = 0;
  const commit = async (files: Record<string, string>, message = `commit ${++n}`) => {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    await run('add', '-A');
    await run('commit', '-q', '--allow-empty', '-m', message);
    return run('rev-parse', 'HEAD');
  };
  await run('init', '-q', '-b', 'main');
  return { dir, git, run, commit, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
