import { posix } from 'node:path';
import { mergeFiles } from './merge';
import type { CoverageReport, FileCoverage } from './types';

/** Options of `normalizePaths` / `toRepoPath`. */
export interface PathOptions {
  /** Absolute repository root (POSIX or Windows form). */
  repoRoot: string;
  /** Roots for relative paths; defaults to the report's Cobertura `<sources>`. Relative roots are below repoRoot. */
  sourceRoots?: readonly string[];
  /** Go module path from go.mod (e.g. `github.com/org/repo`): import paths under it map into the repository. */
  goModulePath?: string;
  /** Where go.mod lives, relative to repoRoot (default: the root). */
  goModuleDir?: string;
  /** Optional existence check (repo-relative path) to choose among several source roots. */
  exists?: (repoRelative: string) => boolean;
}

/** A path resolved against the repository. */
export interface RepoPath {
  /** Repository-relative POSIX path, or the normalised absolute/import path when outside. */
  path: string;
  outside: boolean;
}

/**
 * Rewrites every file path of `report` to be repository-relative (POSIX separators). Files outside the
 * repository keep their absolute path and get `outside: true`; nothing is dropped. Files that resolve to the
 * same path are merged.
 */
export function normalizePaths(report: CoverageReport, options: PathOptions): CoverageReport {
  const files = new Map<string, FileCoverage>();
  const roots = options.sourceRoots ?? report.sourceRoots;
  const isGo = report.format === 'go-coverprofile';
  for (const file of report.files.values()) {
    const { path, outside } = toRepoPath(file.path, { ...options, sourceRoots: roots }, isGo);
    const moved: FileCoverage = { ...file, path, outside };
    const known = files.get(path);
    files.set(path, known ? { ...mergeFiles(known, moved), outside } : moved);
  }
  return { ...report, files };
}

/** Resolves one report path (see `normalizePaths`); `go` treats it as a Go import path. */
export function toRepoPath(raw: string, options: PathOptions, go = false): RepoPath {
  const root = cleanRoot(options.repoRoot);
  const p = toPosix(raw.trim());
  if (go || options.goModulePath) {
    const mod = options.goModulePath?.replace(/\/+$/, '');
    if (mod && p.startsWith(`${mod}/`)) {
      return within(root, posix.join(root, options.goModuleDir ?? '', p.slice(mod.length + 1)));
    }
    if (go && !isAbsolute(p)) return { path: p, outside: true };
  }
  if (isAbsolute(p)) return within(root, p);
  const roots = (options.sourceRoots ?? []).map((r) => toPosix(r.trim())).filter(Boolean);
  if (roots.length === 0) return within(root, posix.join(root, p));
  // Absolute roots first: scoverage lists junk such as "--source" before the real root.
  const ordered = [...roots.filter(isAbsolute), ...roots.filter((r) => !isAbsolute(r))];
  const candidates = ordered.map((r) => within(root, posix.join(isAbsolute(r) ? r : posix.join(root, r), p)));
  const exists = options.exists;
  return (
    (exists && candidates.find((c) => !c.outside && exists(c.path))) ??
    candidates.find((c) => !c.outside) ??
    candidates[0]!
  );
}

function within(root: string, absolute: string): RepoPath {
  const p = clean(absolute);
  const caseless = /^[a-z]:/i.test(root);
  const [a, r] = caseless ? [p.toLowerCase(), root.toLowerCase()] : [p, root];
  if (a === r) return { path: '.', outside: false };
  if (a.startsWith(r.endsWith('/') ? r : `${r}/`))
    return { path: p.slice(r.length).replace(/^\/+/, ''), outside: false };
  return { path: p, outside: true };
}

/** `clean` of the repository root, remembered: `normalizePaths` asks once per file, thousands of times. */
let lastRoot: { raw: string; clean: string } | null = null;
function cleanRoot(raw: string): string {
  if (lastRoot?.raw !== raw) lastRoot = { raw, clean: clean(raw) };
  return lastRoot.clean;
}

/** Backslashes to slashes, drive letter upper-cased, `.`/`..` resolved. */
function clean(path: string): string {
  const p = toPosix(path);
  const drive = /^([a-zA-Z]):(\/|$)/.exec(p);
  if (drive) return `${drive[1]!.toUpperCase()}:${posix.normalize(p.slice(2) || '/')}`;
  return posix.normalize(p);
}

function toPosix(path: string): string {
  return path.replace(/\\/g, '/');
}

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || /^[a-zA-Z]:\//.test(p);
}
