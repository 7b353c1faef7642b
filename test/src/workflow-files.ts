import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './paths';

/** The owner/repo users reference our actions by; internal refs are checked against the release, not a SHA. */
export const OWN_REPOSITORY = 'shipyard-dev/shipyard';

function yamlFiles(dir: string): string[] {
  const abs = join(repoRoot, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(abs, f));
}

/** Every workflow and template file, repository-relative. */
export function workflowFiles(): string[] {
  return [...yamlFiles('.github/workflows'), ...yamlFiles('workflows-templates')].map((f) =>
    relative(repoRoot, f),
  );
}

/** Every action.yml (the published actions and the test-only ones). */
export function actionManifests(): string[] {
  const out: string[] = [];
  for (const parent of ['actions', 'test/actions']) {
    const abs = join(repoRoot, parent);
    if (!existsSync(abs)) continue;
    for (const name of readdirSync(abs).sort()) {
      if (existsSync(join(abs, name, 'action.yml'))) out.push(`${parent}/${name}/action.yml`);
    }
  }
  return out;
}

/** Every `uses:` value in a workflow or action file, with its line and trailing comment. */
export function usesRefs(file: string): { uses: string; line: number; comment: string }[] {
  const lines = readFileSync(join(repoRoot, file), 'utf8').split('\n');
  const refs: { uses: string; line: number; comment: string }[] = [];
  lines.forEach((text, i) => {
    const m = /^\s*(?:-\s+)?uses:\s*["']?([^"'\s#]+)["']?\s*(?:#\s*(.*))?$/.exec(text);
    if (m) refs.push({ uses: m[1] ?? '', line: i + 1, comment: (m[2] ?? '').trim() });
  });
  return refs;
}

/** Why a `uses:` reference is not acceptable, or undefined when it is. */
export function pinProblem(ref: { uses: string; comment: string }): string | undefined {
  const { uses, comment } = ref;
  if (uses.startsWith('./') || uses.startsWith('docker://')) return undefined;
  if (uses.startsWith(`${OWN_REPOSITORY}/`)) return undefined;
  const at = uses.lastIndexOf('@');
  if (at < 0) return `${uses} has no ref`;
  const sha = uses.slice(at + 1);
  if (!/^[0-9a-f]{40}$/.test(sha)) return `${uses} is not pinned to a full commit SHA`;
  if (!/^v?\d+(\.\d+)*/.test(comment)) return `${uses} has no version comment (e.g. # v4.2.2)`;
  return undefined;
}

/** Parsed YAML of a repository file. */
export function readYaml<T = Record<string, unknown>>(file: string): T {
  return parse(readFileSync(join(repoRoot, file), 'utf8')) as T;
}
