import { childEnv, execTool } from './exec';
import { InstallRefused, installTool, which, type InstallDeps, type Installed } from './installer';
import { COMPROMISED, DEFAULT_VERSIONS, RELEASES } from './checksums';
import { hostPlatform } from './releases';
import { runnerInstallDeps } from './runner-deps';

/** Which pinned tool an action installs, and how to read the version a binary reports. */
export interface PinnedToolRequest {
  tool: string;
  /** A pinned version from the committed table, or `system` for the binary on PATH. */
  version: string;
  /** The action input the version came from; a refusal names it and its value. */
  inputName: string;
  /** Arguments that make the tool print its version; default {@link VERSION_PROBES} of the tool. */
  versionArgs?: readonly string[];
  /** Applied to that output; capture group 1 is the version. Default {@link VERSION_PROBES} of the tool. */
  versionPattern?: RegExp;
}

/** How each pinned tool reports its version, kept next to the release table so every action reads it alike. */
export const VERSION_PROBES: Readonly<
  Record<string, { versionArgs: readonly string[]; versionPattern: RegExp }>
> = {
  // `Version: 0.72.0` on the first line.
  trivy: { versionArgs: ['--version'], versionPattern: /Version:\s*v?(\S+)/ },
  // `k6 v1.2.3 (go1.24.4, linux/amd64)`.
  k6: { versionArgs: ['version'], versionPattern: /v?(\d+\.\d+\.\d+)/ },
  // `v3.17.3+ge4da497`: the version without the leading v and the build metadata.
  helm: { versionArgs: ['version', '--short'], versionPattern: /^\s*v?([^+\s]*)/ },
};

/** The runner edges of an install (from `ActionContext.env`, `processEnv` and `log`). */
export interface PinnedToolHost {
  runnerTemp: string;
  os: string;
  arch: string;
  hasCacheService: boolean;
  processEnv: NodeJS.ProcessEnv;
  log: (message: string) => void;
  /** Replaces the runner-backed download/extract/cache edges (tests). */
  deps?: InstallDeps;
}

/**
 * Installs a tool from the committed release table (sha256-verified, compromised versions refused, tool and
 * archive caches) with the runner's edges, or takes the one on PATH for `system`. A refusal is the user's to
 * fix, so it is rethrown as a configuration error naming the input and its value.
 */
export async function installPinnedTool(req: PinnedToolRequest, host: PinnedToolHost): Promise<Installed> {
  const { processEnv, log } = host;
  const deps =
    host.deps ??
    (await runnerInstallDeps({
      tempDir: host.runnerTemp,
      env: processEnv,
      hasCacheService: host.hasCacheService,
      log,
    }));
  const probe = VERSION_PROBES[req.tool];
  const versionArgs = req.versionArgs ?? probe?.versionArgs ?? ['--version'];
  const versionPattern = req.versionPattern ?? probe?.versionPattern ?? /v?(\d+\.\d+\.\d+)/;
  const versionOf = async (path: string): Promise<string | undefined> => {
    const r = await execTool(path, [...versionArgs], { env: childEnv(processEnv), timeoutMs: 30_000 });
    return versionPattern.exec(r.stdout)?.[1];
  };
  const installed = await installTool(
    {
      tool: req.tool,
      version: req.version,
      releases: RELEASES,
      compromised: COMPROMISED,
      ...hostPlatform(host.os, host.arch),
      versionOf,
    },
    deps,
  ).catch((error: unknown) => {
    if (error instanceof InstallRefused)
      throw new InstallRefused(`input '${req.inputName}' is "${req.version}": ${error.message}`);
    throw error;
  });
  log(`${req.tool} ${installed.version} from ${installed.source}: ${installed.path}`);
  return installed;
}

/**
 * Which binary a version input means: `auto` takes the one on PATH (GitHub's runners have helm and kubectl),
 * else installs the pinned default; any explicit version is installed from the table (checksum-verified).
 */
export function chooseBinary(
  wanted: string,
  onPath: string | undefined,
  pinned: string,
): { use: string } | { install: string } {
  if (wanted === 'auto') return onPath ? { use: onPath } : { install: pinned };
  return { install: wanted.replace(/^v/, '') };
}

/** The path of the tool a version input asks for ({@link chooseBinary}), installing it when needed. */
export async function resolveTool(req: PinnedToolRequest, host: PinnedToolHost): Promise<string> {
  const pinned = DEFAULT_VERSIONS[req.tool];
  if (!pinned) throw new Error(`no default version pinned for ${req.tool}`);
  const choice = chooseBinary(req.version, which(req.tool, host.processEnv), pinned);
  if ('use' in choice) return choice.use;
  return (await installPinnedTool({ ...req, version: choice.install }, host)).path;
}

/** The path of a tool that must already be on PATH, or one clear error saying why it is needed. */
export function requireOnPath(tool: string, env: NodeJS.ProcessEnv, neededFor: string): string {
  const path = which(tool, env);
  if (!path)
    throw new InstallRefused(`${tool} is not on PATH: it is needed ${neededFor} (GitHub's runners have it)`);
  return path;
}
