import { chmodSync, copyFileSync, createWriteStream, mkdirSync, mkdtempSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { childEnv, execTool } from './exec';
import type { InstallDeps } from './installer';
import type { ToolRelease } from './releases';

/** Downloads with `fetch`, streaming to disk, bounded by a timeout. */
export function httpDownload(timeoutMs = 120_000): InstallDeps['download'] {
  return async (url, dest) => {
    mkdirSync(dirname(dest), { recursive: true });
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status} for ${url}`);
    await pipeline(Readable.fromWeb(response.body), createWriteStream(dest));
  };
}

/** Extracts with the system's tar or unzip, arguments as arrays; leaves only the executable in a new folder. */
export function systemExtract(tempDir: string, env: NodeJS.ProcessEnv): InstallDeps['extract'] {
  return async (file, kind: ToolRelease['archive'], binary) => {
    const out = mkdtempSync(join(tempDir, 'extract-'));
    const name = basename(binary);
    if (kind === 'binary') {
      copyFileSync(file, join(out, name));
    } else {
      const unpack = mkdtempSync(join(tempDir, 'unpack-'));
      const [cmd, args] =
        kind === 'zip' ? ['unzip', ['-q', '-o', file, '-d', unpack]] : ['tar', ['-xzf', file, '-C', unpack]];
      const r = await execTool(cmd, args, { env: childEnv(env), timeoutMs: 120_000 });
      if (r.exitCode !== 0) throw new Error(`could not extract ${file}: ${r.stderr.trim()}`);
      copyFileSync(join(unpack, binary), join(out, name));
    }
    chmodSync(join(out, name), 0o755);
    return out;
  };
}

/**
 * The runner-backed edges: @actions/tool-cache for the job, @actions/cache across runs when the runner has
 * the cache service (absent under act and locally, where archives are simply downloaded again). Both are
 * imported lazily so actions that never install a tool never load them.
 */
export async function runnerInstallDeps(options: {
  tempDir: string;
  env: NodeJS.ProcessEnv;
  hasCacheService: boolean;
  log: (message: string) => void;
}): Promise<InstallDeps> {
  const tc = await import('@actions/tool-cache');
  const deps: InstallDeps = {
    download: httpDownload(),
    extract: systemExtract(options.tempDir, options.env),
    toolCache: { find: (t, v, a) => tc.find(t, v, a), cacheDir: (d, t, v, a) => tc.cacheDir(d, t, v, a) },
    tempDir: options.tempDir,
    env: options.env,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    log: options.log,
  };
  if (options.hasCacheService) {
    const cache = await import('@actions/cache');
    deps.archiveCache = {
      restore: async (path, key) => (await cache.restoreCache([path], key)) !== undefined,
      save: async (path, key) => {
        await cache.saveCache([path], key);
      },
    };
  }
  return deps;
}
