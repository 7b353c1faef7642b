import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { OWN_REPOSITORY, readYaml, repoRoot, usesRefs } from '@shipyard/testbed';

/** The parts of a workflow file these checks read. */
export interface Workflow {
  on?: { workflow_call?: WorkflowCall } | string | string[];
  permissions?: Record<string, string> | string;
  concurrency?: { group?: string; 'cancel-in-progress'?: unknown } | string;
  jobs: Record<string, Job>;
}
export interface WorkflowCall {
  inputs?: Record<string, { required?: boolean; default?: unknown; type?: string }>;
  secrets?: Record<string, { required?: boolean }>;
}
export interface Job {
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string> | string;
  'timeout-minutes'?: number;
  concurrency?: { group?: string; 'cancel-in-progress'?: unknown };
  uses?: string;
  with?: Record<string, unknown>;
  secrets?: Record<string, unknown> | 'inherit';
  steps?: { id?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown> }[];
}

/** A job's `needs` as a list. */
export const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : [job.needs].flat());

/** Jobs on the longest `needs` chain ending at each job (1 for a job with no needs). */
export function depths(jobs: Record<string, Job>, skip: readonly string[] = []): Record<string, number> {
  const memo: Record<string, number> = {};
  const depth = (name: string, seen: string[]): number => {
    if (seen.includes(name)) throw new Error(`needs cycle: ${[...seen, name].join(' → ')}`);
    if (memo[name] !== undefined) return memo[name];
    const job = jobs[name];
    if (!job) throw new Error(`unknown job in needs: ${name}`);
    const d = 1 + Math.max(0, ...needsOf(job).map((n) => depth(n, [...seen, name])));
    return (memo[name] = d);
  };
  return Object.fromEntries(
    Object.keys(jobs)
      .filter((n) => !skip.includes(n))
      .map((n) => [n, depth(n, [])]),
  );
}

/** One `uses:` of our own repository, found in a workflow file. */
export interface OwnUse {
  file: string;
  line: number;
  kind: 'action' | 'workflow';
  /** actions/<name> or .github/workflows/<file> */
  path: string;
  with: Record<string, unknown>;
  secrets?: Record<string, unknown> | 'inherit';
  permissions?: Record<string, string> | string;
}

/** Every use of our actions (steps) and reusable workflows (jobs) in a workflow file, with its `with:`. */
export function ownUses(file: string): OwnUse[] {
  const wf = readYaml<Workflow>(file);
  const lines = usesRefs(file);
  const lineOf = (uses: string) => lines.find((l) => l.uses === uses)?.line ?? 0;
  const out: OwnUse[] = [];
  const own = (uses: string | undefined) => {
    if (!uses?.startsWith(`${OWN_REPOSITORY}/`)) return undefined;
    return uses.slice(OWN_REPOSITORY.length + 1).replace(/@.*$/, '');
  };
  for (const job of Object.values(wf.jobs ?? {})) {
    const path = own(job.uses);
    if (path && job.uses) {
      out.push({
        file,
        line: lineOf(job.uses),
        kind: 'workflow',
        path,
        with: job.with ?? {},
        ...(job.secrets ? { secrets: job.secrets } : {}),
        ...(job.permissions ? { permissions: job.permissions } : {}),
      });
    }
    for (const step of job.steps ?? []) {
      const p = own(step.uses);
      if (p && step.uses)
        out.push({ file, line: lineOf(step.uses), kind: 'action', path: p, with: step.with ?? {} });
    }
  }
  return out;
}

interface ActionYml {
  inputs?: Record<string, { required?: boolean; default?: unknown }>;
}

/** Why a use of our action or workflow is wrong: missing target, unknown input or secret, missing required one. */
export function useProblems(use: OwnUse): string[] {
  const at = `${use.file}:${use.line} ${use.path}`;
  if (use.kind === 'action') {
    const manifest = join(use.path, 'action.yml');
    if (!existsSync(join(repoRoot, manifest))) return [`${at}: no ${manifest} in this repository`];
    const inputs = readYaml<ActionYml>(manifest).inputs ?? {};
    return [
      ...Object.keys(use.with)
        .filter((k) => !(k in inputs))
        .map((k) => `${at}: '${k}' is not an input of ${manifest}`),
      ...Object.entries(inputs)
        .filter(([k, s]) => s.required && s.default === undefined && !(k in use.with))
        .map(([k]) => `${at}: required input '${k}' is not given`),
    ];
  }
  if (!/^\.github\/workflows\/[^/]+\.ya?ml$/.test(use.path) || !existsSync(join(repoRoot, use.path))) {
    return [`${at}: no reusable workflow ${use.path} in this repository`];
  }
  const wf = readYaml<Workflow>(use.path);
  const call = typeof wf.on === 'object' && !Array.isArray(wf.on) ? wf.on.workflow_call : undefined;
  if (!call) return [`${at}: ${use.path} is not callable (no on.workflow_call)`];
  const inputs = call.inputs ?? {};
  const secrets = call.secrets ?? {};
  const given = use.secrets === 'inherit' ? undefined : (use.secrets ?? {});
  const problems = [
    ...Object.keys(use.with)
      .filter((k) => !(k in inputs))
      .map((k) => `${at}: '${k}' is not an input of ${use.path}`),
    ...Object.entries(inputs)
      .filter(([k, s]) => s.required && !(k in use.with))
      .map(([k]) => `${at}: required input '${k}' is not given`),
  ];
  if (given) {
    problems.push(
      ...Object.keys(given)
        .filter((k) => !(k in secrets))
        .map((k) => `${at}: secret '${k}' is not declared by ${use.path}`),
      ...Object.entries(secrets)
        .filter(([k, s]) => s.required && !(k in given))
        .map(([k]) => `${at}: required secret '${k}' is not passed`),
    );
  }
  problems.push(...grantProblems(at, use.permissions, wf));
  return problems;
}

const LEVEL: Record<string, number> = { none: 0, read: 1, write: 2 };

/** A called workflow's jobs get at most what the calling job grants: every scope they ask for must be granted. */
function grantProblems(at: string, granted: OwnUse['permissions'], wf: Workflow): string[] {
  if (granted === undefined)
    return [`${at}: the calling job sets no permissions (it would get the repository default)`];
  if (typeof granted === 'string') return [`${at}: permissions '${granted}' is not least privilege`];
  const problems: string[] = [];
  for (const [name, job] of Object.entries(wf.jobs)) {
    if (typeof job.permissions !== 'object') continue;
    for (const [scope, level] of Object.entries(job.permissions)) {
      if ((LEVEL[granted[scope] ?? 'none'] ?? 0) < (LEVEL[level] ?? 0)) {
        problems.push(
          `${at}: job '${name}' needs ${scope}: ${level}, the caller grants ${granted[scope] ?? 'none'}`,
        );
      }
    }
  }
  return problems;
}
