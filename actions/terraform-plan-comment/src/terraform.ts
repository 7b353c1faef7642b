import { existsSync, openSync, readFileSync, readSync, closeSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigurationError } from '@shipyard/runtime';
import {
  errorSummaries,
  initArgs,
  isPlanFormatError,
  parsePlan,
  planArgs,
  planOutcome,
  stripAnsi,
  terraformEnv,
  workspaceArgs,
} from '@shipyard/terraform';
import type { CommandFailure, Plan, TerraformBinary } from '@shipyard/terraform';
import { childEnv, execTool, type ExecResult } from '@shipyard/tools';
import type { Inputs } from './inputs';

/** Plan JSON of tens of thousands of resources runs to hundreds of megabytes; it is never cut. */
const PLAN_JSON_CAP = 1024 * 1024 * 1024;

/** A plan the action can report on, with where its files are. */
export interface PlannedRun {
  ok: true;
  plan: Plan;
  /** The binary planfile (absent when `plan-file` was JSON). */
  planFile?: string;
  jsonPath: string;
  /** `show -no-color` of the planfile. */
  textPath?: string;
  /** What `plan` printed, logged once its secrets are masked. */
  log: string;
}

/** A command that failed before there was a plan to report on. */
export interface FailedRun {
  ok: false;
  failure: CommandFailure;
}

type Run = (args: string[], maxOutputBytes?: number) => Promise<ExecResult>;

function cliRunner(binary: TerraformBinary, cwd: string, env: NodeJS.ProcessEnv): Run {
  return async (args, maxOutputBytes) => {
    try {
      return await execTool(binary, args, { cwd, env, ...(maxOutputBytes ? { maxOutputBytes } : {}) });
    } catch (error) {
      if (/not found on PATH/.test((error as Error).message))
        throw new ConfigurationError(
          `input 'binary' is "${binary}": ${binary} was not found on PATH; install it in an earlier step (hashicorp/setup-terraform or opentofu/setup-opentofu, wrapper off); allowed: terraform, tofu`,
        );
      throw error;
    }
  };
}

/** The working directory under the workspace; a missing one is the user's mistake. */
export function resolveWorkingDirectory(workspaceRoot: string, input: string): string {
  const dir = resolve(workspaceRoot, input);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new ConfigurationError(
      `input 'working-directory' is ${JSON.stringify(input)}: no such directory (${dir}); expected a folder with Terraform configuration, relative to the workspace`,
    );
  return dir;
}

function existingFile(dir: string, name: string, inputName: string, value: string): string {
  const path = resolve(dir, value);
  if (!existsSync(path) || !statSync(path).isFile())
    throw new ConfigurationError(
      `input '${inputName}' has ${JSON.stringify(value)}: no such file (${path}); paths are relative to working-directory ${JSON.stringify(name)}`,
    );
  return path;
}

function startsLikeJson(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(64);
    const n = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n).toString('utf8').trimStart().startsWith('{');
  } finally {
    closeSync(fd);
  }
}

function parseFile(path: string, source: string, inputName?: string): Plan {
  try {
    return parsePlan(readFileSync(path, 'utf8'), source);
  } catch (error) {
    if (!isPlanFormatError(error)) throw error;
    const message = (error as Error).message;
    throw new ConfigurationError(inputName ? `input '${inputName}': ${message}` : message);
  }
}

const failed = (stage: string, r: ExecResult, secrets: string[]): FailedRun => ({
  ok: false,
  failure: {
    stage,
    stderr: r.stderr || r.stdout,
    secrets,
    ...(r.exitCode !== null ? { exitCode: r.exitCode } : {}),
  },
});

/**
 * Runs init, workspace selection and plan (or takes `plan-file`), then `show -json` into a file and parses
 * it. Returns the failure of a command instead of a plan when init or plan fails: that is a report, not a crash.
 */
export async function producePlan(
  inputs: Inputs,
  dir: string,
  tempDir: string,
  processEnv: NodeJS.ProcessEnv,
): Promise<PlannedRun | FailedRun> {
  const name = inputs['working-directory'];
  const given = inputs['plan-file'] ? existingFile(dir, name, 'plan-file', inputs['plan-file']) : undefined;
  if (given && startsLikeJson(given))
    return { ok: true, plan: parseFile(given, given, 'plan-file'), jsonPath: given, log: '' };
  const varFiles = inputs['var-files'].map((f) => existingFile(dir, name, 'var-files', f));
  const secrets = inputs.vars.map(([, value]) => value);
  const selectsWorkspace = Boolean(inputs.workspace) && !given;
  const env = childEnv(processEnv, terraformEnv(processEnv, { selectsWorkspace }));
  const run = cliRunner(inputs.binary, dir, env);

  const init = await run(initArgs(inputs['backend-config']));
  if (init.exitCode !== 0) return failed('init', init, secrets);
  let log = init.stdout;
  let planFile = given;
  if (!planFile) {
    if (inputs.workspace) {
      const ws = await run(workspaceArgs(inputs.workspace));
      if (ws.exitCode !== 0) return failed('workspace select', ws, secrets);
    }
    planFile = join(tempDir, 'plan.tfplan');
    const plan = await run(planArgs({ out: planFile, varFiles, vars: inputs.vars }));
    if (planOutcome(plan.exitCode) === 'error') return failed('plan', plan, secrets);
    log += plan.stdout;
  }
  const show = await run(['show', '-json', planFile], PLAN_JSON_CAP);
  if (show.exitCode !== 0) {
    if (!given) return failed('show', show, secrets);
    const why = errorSummaries(stripAnsi(show.stderr)).join('; ') || `exit code ${show.exitCode}`;
    throw new ConfigurationError(
      `input 'plan-file' is ${JSON.stringify(inputs['plan-file'])}: ${inputs.binary} show cannot read it (${why}); expected a planfile from \`${inputs.binary} plan -out\` or its \`show -json\` output`,
    );
  }
  if (show.stdout.startsWith('[command]'))
    throw new ConfigurationError(
      `input 'binary' is "${inputs.binary}": the ${inputs.binary} on PATH is a wrapper script that adds lines to its output ([command]…); set terraform_wrapper: false (hashicorp/setup-terraform) or tofu_wrapper: false (opentofu/setup-opentofu)`,
    );
  if (show.truncated) throw new Error(`${inputs.binary} show -json printed more than ${PLAN_JSON_CAP} bytes`);
  const jsonPath = join(tempDir, 'plan.json');
  writeFileSync(jsonPath, show.stdout);
  const plan = parseFile(
    jsonPath,
    `${inputs.binary} show -json ${given ? inputs['plan-file'] : 'of the new plan'}`,
    given ? 'plan-file' : undefined,
  );
  const text = await run(['show', '-no-color', planFile], PLAN_JSON_CAP);
  const textPath = text.exitCode === 0 ? join(tempDir, 'plan.txt') : undefined;
  if (textPath) writeFileSync(textPath, text.stdout);
  return { ok: true, plan, planFile, jsonPath, ...(textPath ? { textPath } : {}), log };
}
