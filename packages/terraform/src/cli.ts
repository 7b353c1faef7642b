/**
 * The Terraform/OpenTofu command lines the plan action runs, as argument arrays (no shell ever sees a value),
 * and how their results are read. Both CLIs take the same flags for everything here.
 */

/** The CLIs the action drives. */
export const TERRAFORM_BINARIES = ['terraform', 'tofu'] as const;
/** `terraform` or `tofu`. */
export type TerraformBinary = (typeof TERRAFORM_BINARIES)[number];

/** `init` without prompts, one `-backend-config` per line (a `key=value` or a file, as the CLI accepts). */
export function initArgs(backendConfig: readonly string[] = []): string[] {
  return ['init', '-input=false', '-no-color', ...backendConfig.map((line) => `-backend-config=${line}`)];
}

/** Selects a workspace, creating it on first use (a new workspace has empty state, as a new stack should). */
export function workspaceArgs(workspace: string): string[] {
  return ['workspace', 'select', '-or-create=true', workspace];
}

/** What goes into a plan besides the configuration. */
export interface PlanArgsOptions {
  /** Where the planfile is written. */
  out: string;
  varFiles?: readonly string[];
  /** `name=value` pairs, each passed as its own `-var` argument. */
  vars?: readonly (readonly [string, string])[];
}

/** `plan` with `-detailed-exitcode`, so the exit code says whether anything would change. */
export function planArgs(options: PlanArgsOptions): string[] {
  return [
    'plan',
    '-input=false',
    '-no-color',
    '-detailed-exitcode',
    `-out=${options.out}`,
    ...(options.varFiles ?? []).flatMap((file) => ['-var-file', file]),
    ...(options.vars ?? []).flatMap(([name, value]) => ['-var', `${name}=${value}`]),
  ];
}

/** What a `plan -detailed-exitcode` exit code means: 0 nothing to do, 2 changes, anything else failed. */
export type PlanOutcome = 'no-changes' | 'changes' | 'error';

/** Reads the exit code of {@link planArgs}; a kill by signal (`null`) is an error too. */
export function planOutcome(exitCode: number | null): PlanOutcome {
  if (exitCode === 0) return 'no-changes';
  if (exitCode === 2) return 'changes';
  return 'error';
}

/**
 * Variables of the action's own environment the CLI must not see: the action's inputs (the token among
 * them) and the runner's service credentials, which no provider needs.
 */
const WITHHELD = /^(INPUT_|ACTIONS_RUNTIME_|ACTIONS_RESULTS_URL$|ACTIONS_CACHE_URL$|STATE_)/;

/**
 * The environment for the CLI. Unlike most tools, Terraform needs the step's environment: provider
 * credentials (`AWS_*`, `ARM_*`, `GOOGLE_*`), `TF_VAR_*`, `TF_TOKEN_*`, the OIDC request variables. Inputs
 * and runner service tokens are withheld; automation mode is always on. When the workspace comes from the
 * action's input, a `TF_WORKSPACE` from the environment is dropped, because `workspace select` refuses to
 * run while it is set.
 */
export function terraformEnv(
  parent: Readonly<Record<string, string | undefined>>,
  options: { selectsWorkspace: boolean },
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(parent)) {
    if (value === undefined || WITHHELD.test(key)) continue;
    if (options.selectsWorkspace && key === 'TF_WORKSPACE') continue;
    env[key] = value;
  }
  return { ...env, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };
}

/** The identity of one plan report: one sticky comment per working directory, workspace and label. */
export function planInstance(workingDirectory: string, workspace: string, label = ''): string {
  return `${workingDirectory || '.'}:${workspace || 'default'}:${label}`;
}

/** An artifact name for the text plan: unique per instance, only characters the artifact service accepts. */
export function planArtifactName(instance: string, attempt = '1'): string {
  const slug = instance
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[-.]+|-+$/g, '');
  const suffix = attempt && attempt !== '1' ? `-attempt-${attempt}` : '';
  return `terraform-plan-${slug || 'default'}${suffix}`.slice(0, 200);
}
