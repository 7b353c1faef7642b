import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SUMMARY_ENV, classifyK6Exit, k6Args, parseK6Output } from '@shipyard/k6';
import type { K6ExitClass, K6Result } from '@shipyard/k6';
import { ConfigurationError, errorMessage } from '@shipyard/runtime';
import type { RunnerEnv } from '@shipyard/runtime';
import { childEnv, execTool, installPinnedTool, tail } from '@shipyard/tools';
import type { K6Target } from './targets';

/** One k6 run (or one evaluated summary file) as the report sees it. */
export interface K6Run {
  label: string;
  slug: string;
  result?: K6Result;
  /** The raw k6 summary the result was read from. */
  summaryFile?: string;
  exit?: K6ExitClass;
  /** Why there is no usable result, or why the run itself failed. */
  error?: string;
  stderrTail?: string;
}

/** Installs the pinned k6 (verified, cached) or takes the one on PATH for `system`. */
export async function installK6(
  version: string,
  env: RunnerEnv,
  processEnv: NodeJS.ProcessEnv,
  info: (m: string) => void,
): Promise<string> {
  const installed = await installPinnedTool(
    { tool: 'k6', version, inputName: 'version' },
    { ...env, processEnv, log: info },
  );
  return installed.path;
}

/** Reads a summary file into a run; an unreadable or foreign file is a configuration error. */
export function readSummaryFile(path: string, label: string): K6Run {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error: unknown) {
    throw new ConfigurationError(
      `input 'summary-file': cannot read ${JSON.stringify(path)} (${errorMessage(error)})`,
    );
  }
  try {
    return { label, slug: label, result: parseK6Output(text, path), summaryFile: path };
  } catch (error: unknown) {
    throw new ConfigurationError(`input 'summary-file': ${errorMessage(error)}`);
  }
}

/**
 * Runs one target. The summary is taken from our handleSummary JSON when the script wrote one (it keeps
 * per-threshold `{ok}`), else from `--summary-export`. Exit 99 is a threshold failure with a full result;
 * any other non-zero exit is a tool or script error reported with the end of stderr.
 */
export async function runTarget(
  k6: string,
  target: K6Target,
  o: {
    workDir: string;
    workspace: string;
    env: Record<string, string>;
    args?: string;
    processEnv: NodeJS.ProcessEnv;
    info: (m: string) => void;
  },
): Promise<K6Run> {
  const out = join(o.workDir, target.slug);
  mkdirSync(out, { recursive: true });
  const exportPath = join(out, 'summary-export.json');
  const handlePath = join(out, 'handle-summary.json');
  rmSync(exportPath, { force: true });
  rmSync(handlePath, { force: true });
  let args: string[];
  try {
    args = k6Args({
      script: target.entry,
      summaryExportPath: exportPath,
      env: { ...o.env, [DEFAULT_SUMMARY_ENV]: handlePath },
      userArgs: o.args,
    });
  } catch (error: unknown) {
    throw new ConfigurationError(errorMessage(error));
  }
  o.info(`k6 ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`);
  const run = await execTool(k6, args, {
    cwd: o.workspace,
    env: childEnv(o.processEnv, { K6_NO_USAGE_REPORT: 'true' }),
    onStdout: (chunk) => o.info(chunk.trimEnd()),
  }).finally(() => {
    if (target.cleanup) rmSync(target.cleanup, { force: true });
  });
  const exit = classifyK6Exit(run.exitCode ?? -1);
  const base: K6Run = { label: target.label, slug: target.slug, exit };
  if (exit.kind === 'error') {
    const why = run.signal ? `${exit.description}, signal ${run.signal}` : exit.description;
    return { ...base, error: why, stderrTail: tail(run.stderr || run.stdout, 20) };
  }
  const file = [handlePath, exportPath].find((p) => existsSync(p));
  if (!file)
    return {
      ...base,
      error: `k6 exited ${run.exitCode} but wrote no summary`,
      stderrTail: tail(run.stderr, 20),
    };
  try {
    const result = parseK6Output(readFileSync(file, 'utf8'), file);
    // Exit 99 is k6's own verdict; it wins over a summary that carries no failing threshold.
    if (exit.kind === 'thresholds-failed') result.passed = false;
    return { ...base, result, summaryFile: file };
  } catch (error: unknown) {
    return { ...base, error: errorMessage(error) };
  }
}
