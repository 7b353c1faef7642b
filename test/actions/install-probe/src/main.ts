import { defineAction, input } from '@shipyard/runtime';
import { childEnv, execTool, hostPlatform, installTool, runnerInstallDeps } from '@shipyard/tools';
import { z } from 'zod';

/** A test-only action: the shared installer, end to end, with a one-entry table built from its inputs. */
export const installProbe = defineAction({
  name: 'install-probe',
  inputs: z.object({
    url: input.text(),
    sha256: input.text().regex(/^[0-9a-f]{64}$/, { error: 'expected 64 lowercase hex characters' }),
    version: input.text().prefault('1.2.3'),
  }),
  outputs: ['tool-output', 'source'],
  async run({ inputs, env, processEnv, setOutput, log }) {
    const host = hostPlatform(env.os, env.arch);
    const deps = await runnerInstallDeps({
      tempDir: env.runnerTemp,
      env: processEnv,
      hasCacheService: env.hasCacheService,
      log: log.info,
    });
    const installed = await installTool(
      {
        tool: 'demo',
        version: inputs.version,
        releases: [
          {
            tool: 'demo',
            version: inputs.version,
            ...host,
            url: inputs.url,
            sha256: inputs.sha256,
            archive: 'tar.gz',
            binary: 'demo',
          },
        ],
        ...host,
      },
      deps,
    );
    const run = await execTool(installed.path, [], {
      env: childEnv(processEnv, { TOOL_RAN_MARKER: processEnv.TOOL_RAN_MARKER }),
    });
    setOutput('tool-output', run.stdout.trim());
    setOutput('source', installed.source);
  },
});
