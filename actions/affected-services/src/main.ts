import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import {
  details,
  escapeText,
  fitSections,
  heading,
  measureBytes,
  raw,
  statusIcon,
  SUMMARY_BUDGET_BYTES,
  table,
} from '@shipyard/markdown';
import {
  changeEventFrom,
  computeAffected,
  parseServices,
  parseSharedPaths,
  PipelineInputError,
  type AffectedResult,
  type ChangeEvent,
  type GitRunner,
} from '@shipyard/pipeline';
import { ConfigurationError, defineAction, input, runAction } from '@shipyard/runtime';
import { childEnv, execTool } from '@shipyard/tools';
import { z } from 'zod';

const SHA = /^[0-9a-f]{7,40}$/i;

/** Selects the services a change touches and emits the matrix that builds only those. */
export const affectedServices = defineAction({
  name: 'affected-services',
  inputs: z.object({
    services: input.text(),
    'shared-paths': input.text().optional(),
    base: input.text().regex(SHA, { error: 'expected a commit SHA' }).optional(),
    head: input.text().regex(SHA, { error: 'expected a commit SHA' }).optional(),
    'default-branch': input.text().optional(),
    'working-directory': input.text().optional(),
  }),
  outputs: ['services', 'matrix', 'images', 'any', 'all', 'reason'],
  async run({ inputs, env, processEnv, log, setOutput, writeSummary }) {
    const cwd = resolveDir(env.workspace, inputs['working-directory']);
    const services = guard(() =>
      parseServices(servicesText(env.workspace, inputs.services), servicesSource(inputs.services)),
    );
    const sharedPaths = guard(() => parseSharedPaths(inputs['shared-paths']));
    const git: GitRunner = async (args) => {
      const r = await execTool('git', args, { cwd, env: childEnv(processEnv), timeoutMs: 120_000 });
      return { code: r.exitCode ?? 1, stdout: r.stdout, stderr: r.stderr };
    };
    let event: ChangeEvent = changeEventFrom(env.eventName, env.event, {
      ...(inputs.base ? { base: inputs.base } : {}),
      ...(inputs.head ? { head: inputs.head } : {}),
    });
    if (event.kind === 'push' && inputs['default-branch'])
      event = { ...event, defaultBranch: inputs['default-branch'] };

    const result = await computeAffected({ services, sharedPaths, event, git });
    const reason = result.all ? result.allReason : (result.range?.description ?? '');
    log.info(
      `${result.services.length} of ${services.length} services affected: ${result.services.join(', ') || 'none'} (${reason})`,
    );

    setOutput('services', result.services);
    setOutput('matrix', result.matrix);
    setOutput('images', result.images);
    setOutput('any', result.services.length > 0);
    setOutput('all', result.all);
    setOutput('reason', reason);
    writeSummary(
      summary(
        result,
        services.map((s) => s.name),
      ),
    );
  },
});

function guard<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof PipelineInputError) throw new ConfigurationError(error.message);
    throw error;
  }
}

function resolveDir(workspace: string, dir: string | undefined): string {
  const abs = dir ? (isAbsolute(dir) ? dir : join(workspace, dir)) : workspace;
  if (!existsSync(abs))
    throw new ConfigurationError(`input 'working-directory' is ${JSON.stringify(dir)}: no such directory`);
  return abs;
}

const isFileRef = (value: string) => !value.includes('\n') && /\.(ya?ml|json)$/i.test(value.trim());

function servicesSource(value: string): string {
  return isFileRef(value) ? `input 'services' (${value.trim()})` : "input 'services'";
}

/** The map itself, or the content of the file the input names. */
function servicesText(workspace: string, value: string): string {
  if (!isFileRef(value)) return value;
  const path = isAbsolute(value.trim()) ? value.trim() : join(workspace, value.trim());
  if (!existsSync(path)) {
    throw new ConfigurationError(
      `input 'services' is ${JSON.stringify(value.trim())}: no such file in the workspace`,
    );
  }
  return readFileSync(path, 'utf8');
}

function summary(result: AffectedResult, names: readonly string[]): string {
  const why = new Map(result.reasons.map((r) => [r.service, r.reason]));
  const rows = names.map((name) => [
    raw(statusIcon(why.has(name) ? 'info' : 'skip')),
    name,
    why.has(name) ? 'affected' : 'unchanged',
    why.get(name) ?? '',
  ]);
  const head = result.all
    ? `All ${names.length} services: ${result.allReason}`
    : `${result.services.length} of ${names.length} services affected (${result.range?.description ?? ''}, ${result.changedFiles} changed files)`;
  const images = result.images.map((i) => [i.service, i.name, i.context, i.dockerfile]);
  return fitSections(
    [
      {
        title: 'verdict',
        priority: Infinity,
        content: `${heading(2, 'Affected services')}\n\n${escapeText(head)}`,
      },
      { title: 'services', priority: 10, content: table(['', 'Service', 'State', 'Reason'], rows) },
      {
        title: 'images',
        priority: 5,
        content: images.length
          ? details(
              `${images.length} images to build`,
              table(['Service', 'Image', 'Context', 'Dockerfile'], images),
            )
          : '',
      },
    ],
    { limit: SUMMARY_BUDGET_BYTES, measure: measureBytes },
  ).text;
}

/** The entry point (@github/local-action calls `run()`). */
export const run = () => runAction(affectedServices);
