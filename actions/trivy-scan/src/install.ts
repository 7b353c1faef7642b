import { ConfigurationError } from '@shipyard/runtime';
import type { ActionContext } from '@shipyard/runtime';
import {
  COMPROMISED,
  InstallRefused,
  RELEASES,
  childEnv,
  execTool,
  hostPlatform,
  installTool,
  runnerInstallDeps,
} from '@shipyard/tools';
import type { Installed } from '@shipyard/tools';

type Ctx = Pick<ActionContext<unknown, never>, 'env' | 'processEnv' | 'log'>;

/** The version a trivy binary reports (`Version: 0.72.0` on the first line of `trivy --version`). */
async function versionOf(path: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const r = await execTool(path, ['--version'], { env: childEnv(env), timeoutMs: 30_000 });
  return /Version:\s*v?(\S+)/.exec(r.stdout)?.[1];
}

/**
 * Installs Trivy through the shared installer (committed sha256, compromised versions refused, tool
 * cache). `system` takes the trivy on PATH; it is refused too when it reports a compromised version.
 */
export async function installTrivy(version: string, ctx: Ctx): Promise<Installed> {
  const { env, processEnv, log } = ctx;
  const deps = await runnerInstallDeps({
    tempDir: env.runnerTemp,
    env: processEnv,
    hasCacheService: env.hasCacheService,
    log: (m) => log.info(m),
  });
  const installed = await installTool(
    {
      tool: 'trivy',
      version,
      releases: RELEASES,
      compromised: COMPROMISED,
      ...hostPlatform(env.os, env.arch),
      versionOf: (p) => versionOf(p, processEnv),
    },
    deps,
  ).catch((error: unknown) => {
    // A refusal (compromised, unpinned, no trivy on PATH) is the user's to fix: name the input.
    if (error instanceof InstallRefused)
      throw new ConfigurationError(`input 'version' is "${version}": ${error.message}`);
    throw error;
  });
  log.info(`trivy ${installed.version} from ${installed.source}: ${installed.path}`);
  return installed;
}
