import { describe, expect, it } from 'vitest';
import { actionDir, manifestProblems, runAction, runActionWithPost } from '@shipyard/testbed';
import { probe } from '../actions/probe/src/main';

const noStack = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

describe('the runtime, through a real bundle', () => {
  it('agrees with its action.yml', () => {
    expect(manifestProblems(actionDir('probe'), probe)).toEqual([]);
  });

  for (const node of ['node20', 'node24'] as const) {
    it(`runs under ${node}: inputs with defaults, outputs, summary, state`, async () => {
      const r = await runAction('probe', { node, inputs: { greeting: 'hi', count: '3' } });
      expect(r.exitCode).toBe(0);
      expect(r.outputs.echoed).toBe('hi hi hi');
      expect(r.summary).toContain('## probe');
      expect(r.state).toMatchObject({ created: 'marker', isPost: 'true' });
      expect(r.annotations).toEqual([]);
    });
  }

  it('reports every bad input in ONE error with its value and what is allowed, exit 1, no stack', async () => {
    const r = await runAction('probe', { inputs: { greeting: 'x', count: '9', mode: 'loud' } });
    expect(r.exitCode).toBe(1);
    const errors = r.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain(`input 'count' is "9": expected a whole number from 1 to 5`);
    expect(errors[0]?.message).toContain(
      `input 'mode' is "loud": expected one of: ok, fail, throw, config, comment`,
    );
    noStack(r.stdout + r.stderr);
  });

  it('names a missing required input', async () => {
    const r = await runAction('probe', { inputs: {} });
    expect(r.exitCode).toBe(1);
    expect(r.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
      expect.stringContaining(`input 'greeting' is (empty)`),
    ]);
  });

  it('never echoes a secret input, and masks it', async () => {
    const r = await runAction('probe', {
      inputs: { greeting: 'x', count: 'zero', 'github-token': 'ghs_secretvalue123' },
    });
    expect(r.masks).toContain('ghs_secretvalue123');
    expect(r.exitCode).toBe(1);
    expect(r.stdout.replace(/^::add-mask::.*$/m, '')).not.toContain('ghs_secretvalue123');
  });

  it('a user error is one plain line; an unexpected one shows its stack only with RUNNER_DEBUG=1', async () => {
    const config = await runAction('probe', { inputs: { greeting: 'x', mode: 'config' } });
    expect(config.exitCode).toBe(1);
    expect(config.annotations.map((a) => a.message)).toEqual(['probe: the probe was told to refuse']);
    const unexpected = await runAction('probe', { inputs: { greeting: 'x', mode: 'throw' } });
    expect(unexpected.exitCode).toBe(1);
    noStack(unexpected.stdout + unexpected.stderr);
    const debug = await runAction('probe', {
      inputs: { greeting: 'x', mode: 'throw' },
      env: { RUNNER_DEBUG: '1' },
    });
    expect(debug.stdout).toMatch(/TypeError: unexpected\n\s+at /);
  });

  it('a gate failure fails the step but still writes outputs and summary', async () => {
    const r = await runAction('probe', { inputs: { greeting: 'x', mode: 'fail' } });
    expect(r.exitCode).toBe(1);
    expect(r.outputs.echoed).toBe('x');
    expect(r.summary).toContain('## probe');
    expect(r.annotations).toEqual([
      expect.objectContaining({ level: 'error', message: 'probe: the gate failed on purpose' }),
    ]);
  });

  it('the post step gets the state the main step saved', async () => {
    const { main, post } = await runActionWithPost('probe', { inputs: { greeting: 'x' } });
    expect(main.exitCode).toBe(0);
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toContain('post saw state created=marker');
  });
});

describe('the harness runs the runtime it says', () => {
  for (const [node, major] of [
    ['node20', 'v20.'],
    ['node24', 'v24.'],
  ] as const) {
    it(`${node} is really Node ${major}x`, async () => {
      const r = await runAction('probe', { node, inputs: { greeting: 'x' } });
      expect(r.outputs.runtime?.startsWith(major)).toBe(true);
    });
  }
});
