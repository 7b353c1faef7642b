import { basename, dirname } from 'node:path';
import { code, link } from '@shipyard/markdown';
import { errorMessage, runUrl } from '@shipyard/runtime';
import type { Logger, RunnerEnv } from '@shipyard/runtime';

/**
 * Uploads the plain-text plan as an artifact where the runner offers the artifact service, and says in one
 * markdown line where the reader finds it. Without the service (act, self-hosted without it, tests) the line
 * names the file on the runner instead. An upload error is a warning: the plan itself is still reported.
 */
export async function publishTextPlan(
  env: RunnerEnv,
  processEnv: NodeJS.ProcessEnv,
  log: Logger,
  textPath: string | undefined,
  name: string,
): Promise<string> {
  if (!textPath) return '';
  if (processEnv.ACTIONS_RUNTIME_TOKEN && processEnv.ACTIONS_RESULTS_URL) {
    try {
      // Loaded only on runners with the service: the client and its dependencies are a large chunk.
      const { DefaultArtifactClient } = await import('@actions/artifact');
      const { id } = await new DefaultArtifactClient().uploadArtifact(name, [textPath], dirname(textPath));
      const run = runUrl(env);
      const where = run && id ? link(name, `${run}/artifacts/${id}`) : code(name);
      return `📄 The plain-text plan is the artifact ${where} (\`${basename(textPath)}\`).`;
    } catch (error) {
      log.warning(`The plain-text plan was not uploaded as an artifact (${errorMessage(error)}).`);
    }
  }
  return `📄 The plain-text plan is ${code(textPath)} on the runner (no artifact service: not uploaded).`;
}
