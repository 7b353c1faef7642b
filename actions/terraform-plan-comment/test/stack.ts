/**
 * Test fixtures for the action: a workspace of Terraform stacks using only the built-in `terraform_data`
 * resource (no provider download) with local state, driven by the real terraform binary, and checks that a
 * secret appears nowhere a user could read it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { requireTool, runAction, type FakeGitHub, type RunActionResult } from '@shipyard/testbed';

export const TERRAFORM = '/usr/local/bin/terraform';

/** A workspace (GITHUB_WORKSPACE) holding stacks in sub-folders. */
export class Stacks {
  readonly root = mkdtempSync(join(tmpdir(), 'tpc-ws-'));
  /** Parent of every run's RUNNER_TEMP (plan JSON with secrets lands there), removed with the workspace. */
  readonly temp = mkdtempSync(join(tmpdir(), 'tpc-runner-'));
  constructor() {
    // Fails (never skips) when terraform is missing.
    requireTool(TERRAFORM);
  }

  write(dir: string, files: Record<string, string>): this {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(this.root, dir, name)), { recursive: true });
      writeFileSync(join(this.root, dir, name), text);
    }
    return this;
  }

  /** Runs terraform in a stack the way a user would in a previous job; throws with stderr on failure. */
  tf(dir: string, args: readonly string[]): string {
    const r = spawnSync(TERRAFORM, [...args, '-no-color'], {
      cwd: join(this.root, dir),
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 256 * 1024 * 1024,
      env: { PATH: process.env.PATH ?? '', HOME: this.root, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' },
    });
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`terraform ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
    return r.stdout;
  }

  apply(dir: string, vars: readonly string[] = []): this {
    this.tf(dir, ['init', '-input=false']);
    this.tf(dir, ['apply', '-auto-approve', '-input=false', ...vars]);
    return this;
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
    rmSync(this.temp, { recursive: true, force: true });
  }
}

/** A pull request event. */
export const prEvent = (number = 7) => ({
  name: 'pull_request',
  payload: { number, pull_request: { number, labels: [] } },
});

/** Runs the bundle in a workspace against the fake GitHub API. */
export function plan(
  stacks: Stacks,
  gh: FakeGitHub | undefined,
  inputs: Record<string, string>,
  options: Parameters<typeof runAction>[1] = {},
): Promise<RunActionResult> {
  return runAction('terraform-plan-comment', {
    cwd: stacks.root,
    runnerTemp: mkdtempSync(join(stacks.temp, 'run-')),
    event: prEvent(),
    ...options,
    inputs: { 'github-token': 'ghs_test_token', ...inputs },
    env: { ...(gh ? { GITHUB_API_URL: gh.url } : {}), ...options.env },
  });
}

/**
 * The log as the runner shows it: `::add-mask::` commands are swallowed and mask their value in every LATER
 * line (never in earlier ones, so a secret logged before its mask stays visible here, as it would on GitHub).
 */
export function runnerLog(stdout: string): string {
  const masks: string[] = [];
  const shown: string[] = [];
  for (const line of stdout.split('\n')) {
    if (line.startsWith('::add-mask::')) masks.push(line.slice('::add-mask::'.length));
    else shown.push(masks.reduce((text, mask) => text.split(mask).join('***'), line));
  }
  return shown.join('\n');
}

/** Every place a reader sees: the log as the runner shows it, summary, outputs, comments and issues. */
export function expectNowhere(secrets: readonly string[], r: RunActionResult, gh?: FakeGitHub): void {
  const log = runnerLog(r.stdout);
  const places: Record<string, string> = {
    stdout: log,
    stderr: r.stderr,
    summary: r.summary,
    outputs: JSON.stringify(r.outputs),
    comments: JSON.stringify([...(gh?.state.comments.values() ?? [])]),
    issues: JSON.stringify(gh?.state.issues ?? []),
  };
  for (const secret of secrets)
    for (const [where, text] of Object.entries(places))
      expect(text, `${secret} in ${where}`).not.toContain(secret);
}

/** The `::error` annotations of a run. */
export const errors = (r: RunActionResult) => r.annotations.filter((a) => a.level === 'error');
