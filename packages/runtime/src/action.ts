import * as core from '@actions/core';
import { appendFileSync } from 'node:fs';
import type { z } from 'zod';
import { SUMMARY_BUDGET_BYTES, measureBytes, truncateMarkdown } from '@shipyard/markdown';
import { errorMessage, isConfigurationError } from './errors';
import { inputEnvName, parseInputs, type InputSchema } from './inputs';
import { createRunnerLogger, type Logger } from './logger';
import { readRunnerEnv, type RunnerEnv } from './runner-env';

export type OutputValue = string | number | boolean | object;

/** Everything an action's `run` receives. Edges are here so `main.ts` never imports `@actions/core`. */
export interface ActionContext<I, O extends string> {
  inputs: I;
  env: RunnerEnv;
  /** The process environment, for building explicit child environments. */
  processEnv: NodeJS.ProcessEnv;
  log: Logger;
  setOutput: (name: O, value: OutputValue) => void;
  /** Appends markdown to the job summary, keeping the step's summary under the runner's 1 MiB limit. */
  writeSummary: (markdown: string) => void;
  saveState: (name: string, value: string) => void;
  getState: (name: string) => string;
  /** Masks a value in every later log line. */
  mask: (value: string) => void;
  /** Marks the step failed (exit code 1) with one error; the action keeps running to finish its reports. */
  fail: (message: string) => void;
}

export interface ActionDefinition<S extends InputSchema, O extends string> {
  /** The action's directory name; prefixes every error. */
  name: string;
  inputs: S;
  outputs: readonly O[];
  /** Inputs whose values are masked and never echoed in errors. */
  secretInputs?: readonly (keyof z.output<S> & string)[];
  run(ctx: ActionContext<z.output<S>, O>): Promise<void>;
  /** Cleanup after the job (`runs.post`); failures only warn. Gets raw state, not inputs. */
  post?(ctx: Pick<ActionContext<never, never>, 'log' | 'getState' | 'env' | 'processEnv'>): Promise<void>;
}

/** Declares an action; the identity function exists for type inference and one place to document the shape. */
export function defineAction<S extends InputSchema, O extends string>(definition: ActionDefinition<S, O>) {
  return definition;
}

function createSummaryWriter(log: Logger) {
  let written = 0;
  let cut = false;
  return (markdown: string) => {
    const path = process.env.GITHUB_STEP_SUMMARY;
    if (!path) {
      log.debug('no GITHUB_STEP_SUMMARY: summary not written');
      return;
    }
    if (cut) return;
    const room = SUMMARY_BUDGET_BYTES - written;
    let text = `${markdown}\n`;
    if (measureBytes(text) > room) {
      // The runner drops a summary over 1 MiB entirely; cutting here keeps the part that matters.
      text = truncateMarkdown(text, room - 200, measureBytes) + '\n\n> Job summary truncated at 1 MiB.\n';
      cut = true;
    }
    appendFileSync(path, text);
    written += measureBytes(text);
  };
}

/**
 * Runs an action the way every action in this repository runs: main or post step, inputs through the funnel,
 * one `::error` for user mistakes and no stack trace unless `RUNNER_DEBUG=1`.
 */
export async function runAction<S extends InputSchema, O extends string>(
  definition: ActionDefinition<S, O>,
): Promise<void> {
  const log = createRunnerLogger();
  const env = readRunnerEnv();
  const processEnv = process.env;
  const isPost = core.getState('isPost') === 'true';
  try {
    if (isPost) {
      if (!definition.post) return;
      await definition.post({ log, env, processEnv, getState: (n) => core.getState(n) });
      return;
    }
    if (definition.post) core.saveState('isPost', 'true');
    const secretNames = (definition.secretInputs ?? []) as readonly string[];
    for (const name of secretNames) {
      const value = processEnv[inputEnvName(name)];
      if (value) core.setSecret(value);
    }
    const inputs = parseInputs(definition.inputs, processEnv, secretNames);
    let failed = false;
    await definition.run({
      inputs,
      env,
      processEnv,
      log,
      setOutput: (name, value) =>
        core.setOutput(name, typeof value === 'object' ? JSON.stringify(value) : String(value)),
      writeSummary: createSummaryWriter(log),
      saveState: (name, value) => core.saveState(name, value),
      getState: (name) => core.getState(name),
      mask: (value) => core.setSecret(value),
      fail: (message) => {
        failed = true;
        core.error(message);
      },
    });
    if (failed) process.exitCode = 1;
  } catch (error: unknown) {
    const prefix = `${definition.name}${isPost ? ' (post)' : ''}`;
    if (isPost) {
      // Cleanup must never turn a green job red; say what was left behind instead.
      core.warning(`${prefix}: ${errorMessage(error)}`);
      return;
    }
    if (!isConfigurationError(error) && env.debug && error instanceof Error && error.stack)
      core.info(error.stack);
    core.setFailed(`${prefix}: ${errorMessage(error)}`);
  }
}
