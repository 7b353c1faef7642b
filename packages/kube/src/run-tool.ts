/**
 * The one edge of this package: running a CLI. Shaped so `execTool` from `@shipyard/tools` fits as it is,
 * while tests may pass a recorder; arguments are arrays, never a shell string.
 */

/** What a finished CLI run reports (a subset of `@shipyard/tools`' `ExecResult`). */
export interface ToolRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Options a runner receives; `env` is the child's whole environment. */
export interface ToolRunOptions {
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
  maxOutputBytes?: number;
}

/** Runs `command` with `args` (no shell). `execTool` satisfies this type. */
export type RunTool = (command: string, args: readonly string[], options: ToolRunOptions) => Promise<ToolRun>;

/** Milliseconds as a helm/kubectl duration (`90s`); rounded up so a short timeout never becomes `0s`. */
export function goDuration(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 1000))}s`;
}
