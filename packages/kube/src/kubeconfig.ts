import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';

/** Prefix of the folders this package creates; removal touches nothing else. */
export const KUBECONFIG_DIR_PREFIX = 'shipyard-kubeconfig-';

/**
 * Checks that kubeconfig content is a usable kubeconfig, returning the problem (or undefined). The message
 * never quotes the content: it carries credentials.
 */
export function kubeconfigProblem(content: string): string | undefined {
  let doc: unknown;
  try {
    doc = parse(content);
  } catch (error) {
    const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    return `it is not valid YAML${line ? ` (line ${line})` : ''}`;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    return 'it is not a kubeconfig (expected a YAML mapping with clusters, users and contexts)';
  const o = doc as Record<string, unknown>;
  for (const key of ['clusters', 'contexts'])
    if (!Array.isArray(o[key]) || (o[key] as unknown[]).length === 0)
      return `it has no ${key} (expected a kubeconfig with clusters, users and contexts)`;
  return undefined;
}

/**
 * The strings to mask so no part of a kubeconfig reaches a log: every line (trimmed) and every value of a
 * `key: value` line, each when long enough to be meaningful (masking `---` would garble every log).
 */
export function kubeconfigSecrets(content: string): string[] {
  const out = new Set<string>();
  for (const raw of content.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.length >= 6) out.add(line);
    const value = /^-?\s*[\w.-]+:\s+(.+)$/
      .exec(line)?.[1]
      ?.trim()
      .replace(/^["']|["']$/g, '');
    if (value && value.length >= 8) out.add(value);
  }
  return [...out];
}

/**
 * Writes kubeconfig content to a new folder under `runnerTemp`, mode 0600 (only the runner user can read
 * the credentials). Returns the folder, to record in state for {@link removeKubeconfigDir}, and the file.
 */
export function writeKubeconfig(content: string, runnerTemp: string): { dir: string; path: string } {
  const dir = mkdtempSync(join(runnerTemp, KUBECONFIG_DIR_PREFIX));
  const path = join(dir, 'kubeconfig');
  writeFileSync(path, content, { mode: 0o600, flag: 'wx' });
  return { dir, path };
}

/**
 * Removes a folder {@link writeKubeconfig} created: only a `shipyard-kubeconfig-*` folder directly under
 * `runnerTemp`, so a tampered or stale state value cannot delete anything else. Safe to run twice.
 */
export function removeKubeconfigDir(dir: string, runnerTemp: string): 'removed' | 'absent' | 'refused' {
  if (!dir) return 'absent';
  const target = resolve(dir);
  const parent = existsSync(runnerTemp) ? realpathSync(runnerTemp) : resolve(runnerTemp);
  const ownParent = existsSync(dirname(target)) ? realpathSync(dirname(target)) : resolve(dirname(target));
  if (ownParent !== parent || !basename(target).startsWith(KUBECONFIG_DIR_PREFIX)) return 'refused';
  if (!existsSync(target)) return 'absent';
  rmSync(target, { recursive: true, force: true });
  return 'removed';
}
