import { COMMENT_BUDGET, fitSections } from '@shipyard/markdown';
import { ConfigurationError, defineAction, input } from '@shipyard/runtime';
import { z } from 'zod';

/** A test-only action: proves the runtime's input funnel, outputs, summary, state, post step and comments. */
export const probe = defineAction({
  name: 'probe',
  inputs: z.object({
    greeting: input.text(),
    count: input.number({ min: 1, max: 5, integer: true }).prefault('1'),
    mode: input.choice(['ok', 'fail', 'throw', 'config', 'comment']).prefault('ok'),
    name: input.text().prefault('default'),
    size: input.number({ min: 0, integer: true }).prefault('0'),
    'pull-request': input.number({ min: 1, integer: true }).optional(),
    'github-token': input.text().optional(),
  }),
  outputs: ['echoed', 'comment-url', 'runtime'],
  secretInputs: ['github-token'],
  async run({ inputs, env, setOutput, writeSummary, saveState, fail, log }) {
    const echoed = Array.from({ length: inputs.count }, () => inputs.greeting).join(' ');
    setOutput('echoed', echoed);
    setOutput('runtime', process.version);
    writeSummary(`## probe\n\n${echoed}`);
    saveState('created', 'marker');
    if (inputs.mode === 'fail') fail('probe: the gate failed on purpose');
    if (inputs.mode === 'config') throw new ConfigurationError('the probe was told to refuse');
    if (inputs.mode === 'throw') throw new TypeError('unexpected');
    if (inputs.mode === 'comment') {
      const body = fitSections(
        [
          { content: `### probe ${inputs.name}\n\n${echoed}`, priority: Infinity, title: 'verdict' },
          { content: `${'filler line\n'.repeat(Math.ceil(inputs.size / 12))}`, priority: 1, title: 'filler' },
        ],
        { limit: COMMENT_BUDGET },
      );
      // Loaded only here: actions that never comment never pay for Octokit at start-up.
      const { publishStickyComment } = await import('@shipyard/github');
      const result = await publishStickyComment({
        env,
        token: inputs['github-token'],
        action: 'probe',
        instance: inputs.name,
        body: body.text,
        ...(inputs['pull-request'] ? { pullRequest: inputs['pull-request'] } : {}),
        warn: (m) => log.warning(m),
        info: (m) => log.info(m),
      });
      if (result) setOutput('comment-url', result.url);
    }
    log.info('probe done');
  },
  async post({ getState, log }) {
    log.info(`post saw state created=${getState('created')}`);
  },
});
