import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';

/**
 * Running a tool. Arguments are an array handed to the OS as they are: no shell ever sees them, so a value
 * from an input or an event cannot become a command. Output is kept up to a cap (a chatty `terraform plan`
 * must not fill memory), and every run has a timeout.
 */

export interface ExecOptions {
  cwd?: string;
  /** The child's whole environment: nothing is inherited implicitly. */
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Bytes kept per stream; the start and the end are kept, the middle is elided. Default 4 MiB. */
  maxOutputBytes?: number;
  /** Written to the child's stdin, then closed. */
  input?: string;
  /** Streams output live (e.g. to the log) as well as capturing it. */
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
}

export interface ExecResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  truncated: boolean;
  durationMs: number;
}

/** Keeps the head and the tail of a stream within a byte cap: errors are usually at the end. */
class CappedBuffer {
  private head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  truncated = false;
  constructor(private readonly cap: number) {}

  push(chunk: Buffer): void {
    const half = Math.floor(this.cap / 2);
    if (this.headBytes < half) {
      const take = chunk.subarray(0, half - this.headBytes);
      this.head.push(take);
      this.headBytes += take.length;
      chunk = chunk.subarray(take.length);
    }
    if (chunk.length === 0) return;
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    while (this.tailBytes > this.cap - half && this.tail.length > 0) {
      const first = this.tail[0] as Buffer;
      const excess = this.tailBytes - (this.cap - half);
      this.truncated = true;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailBytes -= first.length;
      } else {
        this.tail[0] = first.subarray(excess);
        this.tailBytes -= excess;
      }
    }
  }

  toString(): string {
    const head = Buffer.concat(this.head).toString('utf8');
    const tail = Buffer.concat(this.tail).toString('utf8');
    return this.truncated ? `${head}\n[... output truncated ...]\n${tail}` : head + tail;
  }
}

/** Runs a command to completion. Never throws for a non-zero exit: the caller decides what it means. */
export function execTool(
  command: string,
  args: readonly string[],
  options: ExecOptions,
): Promise<ExecResult> {
  const cap = options.maxOutputBytes ?? 4 * 1024 * 1024;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      shell: false,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out = new CappedBuffer(cap);
    const err = new CappedBuffer(cap);
    let timedOut = false;
    // One decoder per stream: a multi-byte character split across two reads must not become U+FFFD.
    const outText = new StringDecoder('utf8');
    const errText = new StringDecoder('utf8');
    child.stdout?.on('data', (d: Buffer) => {
      out.push(d);
      if (options.onStdout) options.onStdout(outText.write(d));
    });
    child.stderr?.on('data', (d: Buffer) => {
      err.push(d);
      if (options.onStderr) options.onStderr(errText.write(d));
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGTERM');
          // A tool that ignores SIGTERM still ends: the step must not hang past its own timeout.
          setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
        }, options.timeoutMs)
      : undefined;
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer);
      reject(error.code === 'ENOENT' ? new Error(`${command} was not found on PATH`) : error);
    });
    child.on('close', (exitCode, signal) => {
      if (timer) clearTimeout(timer);
      resolve({
        exitCode,
        signal,
        stdout: out.toString(),
        stderr: err.toString(),
        timedOut,
        truncated: out.truncated || err.truncated,
        durationMs: Date.now() - started,
      });
    });
  });
}

// Tools colour their errors; the escape codes would show as garbage in a job summary.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');

/** Removes terminal colour codes. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** The last `lines` lines of a text, for error reports that show the end of a tool's stderr. */
export function tail(text: string, lines = 30): string {
  const all = stripAnsi(text).trimEnd().split('\n');
  return all.slice(-lines).join('\n');
}

/**
 * An environment for a child: the parent's PATH, HOME and locale, plus what the caller adds. Explicit so an
 * action's own INPUT_* variables (tokens among them) do not leak into tools.
 */
export function childEnv(
  parent: NodeJS.ProcessEnv,
  extra: Record<string, string | undefined> = {},
): NodeJS.ProcessEnv {
  const keep = [
    'PATH',
    'HOME',
    'LANG',
    'LC_ALL',
    'TMPDIR',
    'HTTP_PROXY',
    'HTTPS_PROXY',
    'NO_PROXY',
    'http_proxy',
    'https_proxy',
    'no_proxy',
    'SSL_CERT_FILE',
    'RUNNER_TEMP',
  ];
  const env: NodeJS.ProcessEnv = {};
  for (const key of keep) if (parent[key] !== undefined) env[key] = parent[key];
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) env[key] = value;
  return env;
}
