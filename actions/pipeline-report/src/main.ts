import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import {
  buildPipelineReport,
  PipelineInputError,
  type NeedsJob,
  type PipelineResults,
} from '@shipyard/pipeline';
import { ConfigurationError, defineAction, input, runUrl, runAction } from '@shipyard/runtime';
import { globSync } from 'tinyglobby';
import { z } from 'zod';

const GATES = ['coverage', 'trivy', 'k6', 'terraform', 'deploy'] as const;

/** Aggregates every gate's result into one sticky pull request comment and the job summary. */
export const pipelineReport = defineAction({
  name: 'pipeline-report',
  inputs: z.object({
    coverage: input.text().optional(),
    trivy: input.text().optional(),
    k6: input.text().optional(),
    terraform: input.text().optional(),
    deploy: input.text().optional(),
    needs: input.text().optional(),
    'run-url': input.text().url({ error: 'expected an http(s) URL' }).optional(),
    title: input.text().prefault('Pipeline report'),
    'fail-on-gate': input.bool().prefault('false'),
    comment: input.bool().prefault('true'),
    'pull-request': input.number({ min: 1, integer: true }).optional(),
    name: input.text().prefault('pipeline'),
    'github-token': input.text().optional(),
  }),
  outputs: ['passed', 'failed', 'comment-url'],
  secretInputs: ['github-token'],
  async run({ inputs, env, log, setOutput, writeSummary, fail }) {
    const results: PipelineResults = { title: inputs.title };
    for (const gate of GATES) {
      const value = inputs[gate];
      if (value !== undefined) results[gate] = readGate(gate, value, env.workspace);
    }
    if (inputs.needs) results.needs = parseNeeds(inputs.needs);
    const url = inputs['run-url'] ?? runUrl(env);
    if (url) results.runUrl = url;

    let report;
    try {
      report = buildPipelineReport(results);
    } catch (error) {
      if (error instanceof PipelineInputError) throw new ConfigurationError(error.message);
      throw error;
    }
    setOutput('passed', report.passed);
    setOutput(
      'failed',
      report.failed.map(({ gate, target, summary }) => ({ gate, target: target ?? '', summary })),
    );
    writeSummary(report.markdown);

    if (inputs.comment) {
      // Loaded only here: a report that never comments never pays for Octokit.
      const { publishStickyComment } = await import('@shipyard/github');
      const published = await publishStickyComment({
        env,
        token: inputs['github-token'],
        action: 'pipeline-report',
        instance: inputs.name,
        body: report.markdown,
        ...(inputs['pull-request'] ? { pullRequest: inputs['pull-request'] } : {}),
        warn: (m) => log.warning(m),
        info: (m) => log.info(m),
      });
      if (published) setOutput('comment-url', published.url);
    }
    if (!report.passed && inputs['fail-on-gate']) {
      fail(
        `pipeline-report: ${report.failed.length} gate result(s) failed: ${report.failed.map((f) => f.gate).join(', ')}`,
      );
    }
  },
});

/** Inline JSON is used as it is; anything else is paths or globs of JSON files, one a line. */
function readGate(gate: string, value: string, workspace: string): unknown {
  const text = value.trim();
  if (text.startsWith('{') || text.startsWith('[')) return text;
  const patterns = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const files = patterns.flatMap((p) => globSync(p, { cwd: workspace, absolute: true, dot: true }).sort());
  if (files.length === 0) {
    // A gate whose job was skipped leaves no file: that is "skipped", not a configuration error.
    return undefined;
  }
  return files.flatMap((file) => {
    const content = readFileSync(isAbsolute(file) ? file : join(workspace, file), 'utf8');
    try {
      const parsed = JSON.parse(content) as unknown;
      return Array.isArray(parsed) ? (parsed as unknown[]) : [parsed];
    } catch {
      throw new ConfigurationError(`input '${gate}': ${file} is not JSON`);
    }
  });
}

function parseNeeds(text: string): Record<string, NeedsJob> {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, NeedsJob>;
    }
  } catch {
    // fall through to the one error below
  }
  throw new ConfigurationError(
    `input 'needs' is ${JSON.stringify(text.slice(0, 60))}: expected \${{ toJSON(needs) }} (a JSON object)`,
  );
}

/** The entry point (@github/local-action calls `run()`). */
export const run = () => runAction(pipelineReport);
