import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { normaliseVersion, type Compromised, type ToolRelease } from './releases';

/** Thrown for anything the user can fix (unknown version, compromised version, tool not on PATH). */
export class InstallRefused extends Error {
  override name = 'ConfigurationError';
}

export interface InstallRequest {
  tool: string;
  /** A pinned version, or `system` for the binary on PATH. */
  version: string;
  releases: readonly ToolRelease[];
  compromised?: readonly Compromised[];
  platform: ToolRelease['platform'];
  arch: ToolRelease['arch'];
  /** Reads the version a binary reports, to reuse a matching one on PATH. */
  versionOf?: (binaryPath: string) => Promise<string | undefined>;
}

/** The edges of installation, injected so tests run the real flow against a loopback server. */
export interface InstallDeps {
  /** Downloads a URL to a file (with its own timeout); throws on HTTP errors. */
  download: (url: string, dest: string) => Promise<void>;
  /** Extracts an archive into a new folder and returns it. */
  extract: (file: string, kind: ToolRelease['archive'], binary: string) => Promise<string>;
  /** The runner's tool cache: a verified, extracted tool kept for later steps of the job. */
  toolCache: {
    find: (tool: string, version: string, arch: string) => string;
    cacheDir: (dir: string, tool: string, version: string, arch: string) => Promise<string>;
  };
  /** The cross-run cache of verified archives (`@actions/cache`), when the runner has one. */
  archiveCache?: {
    restore: (path: string, key: string) => Promise<boolean>;
    save: (path: string, key: string) => Promise<void>;
  };
  tempDir: string;
  env: NodeJS.ProcessEnv;
  sleep: (ms: number) => Promise<void>;
  log: (message: string) => void;
  /** Download attempts before giving up (default 3). */
  attempts?: number;
}

export interface Installed {
  /** Absolute path of the executable. */
  path: string;
  version: string;
  source: 'system' | 'path' | 'tool-cache' | 'cache' | 'download';
}

/** Streams a file through sha256. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Finds an executable on PATH without running a shell. */
export function which(tool: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, tool);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Installs a pinned tool: PATH (same version) → tool cache → archive cache → download, and never runs or
 * extracts a file whose sha256 differs from the committed table.
 */
export async function installTool(req: InstallRequest, deps: InstallDeps): Promise<Installed> {
  const compromised = (v: string) =>
    req.compromised?.find((c) => c.tool === req.tool && normaliseVersion(c.version) === normaliseVersion(v));
  if (req.version === 'system') {
    const path = which(req.tool, deps.env);
    if (!path) throw new InstallRefused(`version 'system' was asked but no ${req.tool} is on PATH`);
    const reported = (await req.versionOf?.(path)) ?? 'system';
    // A compromised binary someone else put on PATH must not run either.
    const onPath = compromised(reported);
    if (onPath) {
      throw new InstallRefused(
        `the ${req.tool} on PATH (${path}) is ${reported}, known to be compromised: ${onPath.reason}`,
      );
    }
    return { path, version: reported, source: 'system' };
  }
  const version = normaliseVersion(req.version);
  const bad = compromised(version);
  if (bad) {
    throw new InstallRefused(
      `${req.tool} ${version} is known to be compromised and will not be installed: ${bad.reason}`,
    );
  }
  const release = req.releases.find(
    (r) =>
      r.tool === req.tool &&
      normaliseVersion(r.version) === version &&
      r.platform === req.platform &&
      r.arch === req.arch,
  );
  if (!release) {
    const pinned = [...new Set(req.releases.filter((r) => r.tool === req.tool).map((r) => r.version))].join(
      ', ',
    );
    throw new InstallRefused(
      `no pinned checksum for ${req.tool} ${version} on ${req.platform}/${req.arch}; pinned versions: ${pinned || 'none'} (or use 'system')`,
    );
  }

  const onPath = which(req.tool, deps.env);
  if (onPath && req.versionOf && normaliseVersion((await req.versionOf(onPath)) ?? '') === version) {
    return { path: onPath, version, source: 'path' };
  }
  const cached = deps.toolCache.find(req.tool, version, req.arch);
  if (cached && existsSync(join(cached, release.binary.split('/').pop() ?? release.tool))) {
    return {
      path: join(cached, release.binary.split('/').pop() ?? release.tool),
      version,
      source: 'tool-cache',
    };
  }

  const archive = join(
    deps.tempDir,
    `${req.tool}-${version}-${release.sha256.slice(0, 12)}.${release.archive === 'binary' ? 'bin' : release.archive}`,
  );
  const cacheKey = `shipyard-tool-${req.tool}-${version}-${req.platform}-${req.arch}-${release.sha256.slice(0, 16)}`;
  let source: Installed['source'] = 'download';
  if (deps.archiveCache && (await deps.archiveCache.restore(archive, cacheKey).catch(() => false))) {
    // A cache entry is only as trustworthy as the runner's cache: verify it like a download.
    if ((await sha256File(archive)) === release.sha256) source = 'cache';
  }
  if (source === 'download') await downloadVerified(release, archive, deps);
  const dir = await deps.extract(archive, release.archive, release.binary);
  const cachedDir = await deps.toolCache.cacheDir(dir, req.tool, version, req.arch);
  if (source === 'download' && deps.archiveCache)
    await deps.archiveCache.save(archive, cacheKey).catch(() => undefined);
  return { path: join(cachedDir, release.binary.split('/').pop() ?? release.tool), version, source };
}

async function downloadVerified(release: ToolRelease, dest: string, deps: InstallDeps): Promise<void> {
  const attempts = deps.attempts ?? 3;
  let lastError = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await deps.download(release.url, dest);
      lastError = '';
      break;
    } catch (error: unknown) {
      lastError = error instanceof Error ? error.message : String(error);
      if (/HTTP 404/.test(lastError)) break;
      if (attempt < attempts) {
        const wait = 1_000 * 2 ** (attempt - 1);
        deps.log(`download of ${release.url} failed (${lastError}); retrying in ${wait / 1000} s`);
        await deps.sleep(wait);
      }
    }
  }
  if (lastError)
    throw new Error(
      `could not download ${release.tool} ${release.version} from ${release.url}: ${lastError}`,
    );
  const actual = await sha256File(dest);
  if (actual !== release.sha256) {
    const { rmSync } = await import('node:fs');
    rmSync(dest, { force: true });
    throw new Error(
      `checksum mismatch for ${release.tool} ${release.version} (${release.url}): expected sha256 ${release.sha256}, got ${actual}. ` +
        'The file was deleted without being extracted or run.',
    );
  }
  deps.log(`verified ${release.tool} ${release.version}: sha256 ${actual}`);
}
