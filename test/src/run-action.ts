import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseAnnotations, parseFileCommands, parseMasks, type Annotation } from './file-commands';
import { realTools, repoRoot, requireTool, systemNode } from './paths';

/**
 * Runs a bundled action the way GitHub's runner does: `node <action>/dist/index.js` with INPUT_* (defaults
 * from action.yml filled in, hyphens kept), the file-command files, an event payload, RUNNER_TEMP and
 * RUNNER_TOOL_CACHE, and GITHUB_API_URL pointing wherever the test says (a loopback fake). Nothing of the
 * test process's own environment leaks in except PATH, so a bundle that secretly depends on it fails here.
 */

export interface RunActionOptions {
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  event?: { name: string; payload?: Record<string, unknown> };
  /** The workspace (GITHUB_WORKSPACE and the working directory). A fresh temp dir by default. */
  cwd?: string;
  /** Which runtime: the machine's own Node (20), or Node 24 (what `runs.using: node24` means). Default: the machine's. */
  node?: 'node20' | 'node24';
  /** Folders put first on PATH (stand-in or real tools). */
  path?: string[];
  /** Re-use a runner temp (to share the tool cache or state between a main and a post step). */
  runnerTemp?: string;
  /** State from the main step, for the post step. */
  state?: Record<string, string>;
  post?: boolean;
  timeoutMs?: number;
}

export interface RunActionResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
  exportedEnv: Record<string, string>;
  addedPaths: string[];
  summary: string;
  annotations: Annotation[];
  masks: string[];
  runnerTemp: string;
  workspace: string;
  durationMs: number;
  timedOut: boolean;
}

interface ActionManifest {
  inputs?: Record<string, { default?: string }>;
  runs: { using: string; main: string; post?: string };
}

/** Where an action lives: `actions/<name>`, `test/actions/<name>`, or an absolute directory. */
export function actionDir(name: string): string {
  if (isAbsolute(name)) return name;
  for (const candidate of [join(repoRoot, 'actions', name), join(repoRoot, 'test', 'actions', name)]) {
    if (existsSync(join(candidate, 'action.yml'))) return candidate;
  }
  throw new Error(`no action named ${name}`);
}

export function readManifest(dir: string): ActionManifest {
  return parseYaml(readFileSync(join(dir, 'action.yml'), 'utf8')) as ActionManifest;
}

const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');

/** Runs one step (main, or post with `post: true`) of a bundled action. */
export async function runAction(name: string, options: RunActionOptions = {}): Promise<RunActionResult> {
  const dir = actionDir(name);
  const manifest = readManifest(dir);
  const entry = join(dir, options.post ? (manifest.runs.post ?? '') : manifest.runs.main);
  if (!existsSync(entry)) throw new Error(`bundle missing: ${entry} (run pnpm build)`);
  const runnerTemp = options.runnerTemp ?? mkdtempSync(join(tmpdir(), 'runner-'));
  const workspace = options.cwd ?? mkdtempSync(join(tmpdir(), 'workspace-'));
  const files = join(
    runnerTemp,
    `_runner_file_commands_${Date.now()}_${Math.random().toString(36).slice(2)}`,
  );
  mkdirSync(files, { recursive: true });
  const fileOf = (n: string) => join(files, n);
  for (const n of ['output', 'state', 'env', 'path', 'summary']) writeFileSync(fileOf(n), '');
  const eventName = options.event?.name ?? 'push';
  writeFileSync(fileOf('event.json'), JSON.stringify(options.event?.payload ?? {}));
  const home = join(runnerTemp, 'home');
  mkdirSync(home, { recursive: true });

  const env: Record<string, string> = {
    PATH: [...(options.path ?? []), process.env.PATH ?? ''].join(':'),
    HOME: home,
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_SHA: 'a'.repeat(40),
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: fileOf('event.json'),
    GITHUB_WORKSPACE: workspace,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'http://127.0.0.1:9',
    GITHUB_RUN_ID: '1001',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'test',
    GITHUB_WORKFLOW: 'ci',
    GITHUB_ACTION: name,
    GITHUB_OUTPUT: fileOf('output'),
    GITHUB_STATE: fileOf('state'),
    GITHUB_ENV: fileOf('env'),
    GITHUB_PATH: fileOf('path'),
    GITHUB_STEP_SUMMARY: fileOf('summary'),
    RUNNER_TEMP: runnerTemp,
    RUNNER_TOOL_CACHE: join(runnerTemp, 'toolcache'),
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    ...options.env,
  };
  for (const [input, spec] of Object.entries(manifest.inputs ?? {})) {
    const key = `INPUT_${input.replace(/ /g, '_').toUpperCase()}`;
    // The runner evaluates expression defaults (`${{ github.token }}`); with no token in a test there is none.
    const fallback = spec.default?.includes('${{') ? '' : (spec.default ?? '');
    env[key] = options.inputs?.[input] ?? fallback;
  }
  for (const [input, value] of Object.entries(options.inputs ?? {})) {
    if (!(input in (manifest.inputs ?? {}))) throw new Error(`${name} has no input '${input}' in action.yml`);
    env[`INPUT_${input.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  for (const [key, value] of Object.entries(options.state ?? {})) env[`STATE_${key}`] = value;

  const node = options.node === 'node24' ? requireTool(realTools.node24) : systemNode();
  const started = Date.now();
  const { code, stdout, stderr, timedOut } = await spawnBounded(
    node,
    [entry],
    { cwd: workspace, env },
    options.timeoutMs ?? 120_000,
  );
  return {
    exitCode: code,
    stdout,
    stderr,
    outputs: parseFileCommands(read(fileOf('output'))),
    state: parseFileCommands(read(fileOf('state'))),
    exportedEnv: parseFileCommands(read(fileOf('env'))),
    addedPaths: read(fileOf('path')).split('\n').filter(Boolean),
    summary: read(fileOf('summary')),
    annotations: parseAnnotations(stdout),
    masks: parseMasks(stdout),
    runnerTemp,
    workspace,
    durationMs: Date.now() - started,
    timedOut,
  };
}

/** Runs the main step, then the post step with the state the main step saved, as the runner does. */
export async function runActionWithPost(name: string, options: RunActionOptions = {}) {
  const main = await runAction(name, options);
  const post = await runAction(name, {
    ...options,
    runnerTemp: main.runnerTemp,
    cwd: main.workspace,
    state: { ...options.state, ...main.state },
    post: true,
  });
  return { main, post };
}

function spawnBounded(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string> },
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}
