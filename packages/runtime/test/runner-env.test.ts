import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  eventValue,
  input,
  isDefaultBranchPush,
  parseDurationMs,
  parseInputs,
  pullRequestBase,
} from '../src/index';

describe('reading the event', () => {
  const event = {
    repository: { default_branch: 'main' },
    pull_request: { base: { sha: 'abc', ref: 'main' } },
  };

  it('reads values at a path, undefined when any step is missing', () => {
    expect(eventValue(event, 'repository', 'default_branch')).toBe('main');
    expect(eventValue(event, 'repository', 'owner', 'login')).toBeUndefined();
    expect(eventValue(null, 'a')).toBeUndefined();
  });

  it('recognises a push to the default branch only', () => {
    expect(isDefaultBranchPush({ eventName: 'push', ref: 'refs/heads/main', event })).toBe(true);
    expect(isDefaultBranchPush({ eventName: 'push', ref: 'refs/heads/feature', event })).toBe(false);
    expect(isDefaultBranchPush({ eventName: 'pull_request', ref: 'refs/heads/main', event })).toBe(false);
    expect(isDefaultBranchPush({ eventName: 'push', ref: 'refs/heads/main', event: {} })).toBe(false);
  });

  it("reads a pull request's base", () => {
    expect(pullRequestBase(event)).toEqual({ sha: 'abc', ref: 'main' });
    expect(pullRequestBase({})).toBeUndefined();
  });
});

describe('the input funnel', () => {
  const schema = z.object({
    threshold: input.number({ min: 0, max: 100 }).prefault('80'),
    comment: input.bool().prefault('true'),
    env: input.keyValues().optional(),
    timeout: input.duration().prefault('5m'),
    reports: input.lines(),
  });
  const run = (vars: Record<string, string>) => parseInputs(schema, vars);

  it('reads INPUT_* with hyphens kept, empty as absent, and applies defaults through the same parsing', () => {
    expect(
      run({
        INPUT_REPORTS: 'a.info\n\n# comment\n  b.xml  ',
        INPUT_THRESHOLD: '',
        INPUT_ENV: 'A=x y\nB=c=d',
      }),
    ).toEqual({
      threshold: 80,
      comment: true,
      env: [
        ['A', 'x y'],
        ['B', 'c=d'],
      ],
      timeout: 300_000,
      reports: ['a.info', 'b.xml'],
    });
  });

  it('names every bad input, its value and what is allowed, in one error', () => {
    expect(() =>
      run({ INPUT_REPORTS: 'x', INPUT_THRESHOLD: '120', INPUT_COMMENT: 'yes', INPUT_TIMEOUT: '5 minutes' }),
    ).toThrow(
      [
        '3 invalid inputs:',
        `input 'threshold' is "120": expected a number from 0 to 100`,
        `input 'comment' is "yes": expected true or false`,
        `input 'timeout' is "5 minutes": expected a duration like 30s, 5m or 1h30m`,
      ].join('\n'),
    );
  });

  it('never echoes a secret input', () => {
    const secret = z.object({ token: input.text().regex(/^ghs_/, { error: 'expected a GitHub token' }) });
    expect(() => parseInputs(secret, { INPUT_TOKEN: 'hunter2' }, ['token'])).toThrow(
      `input 'token' is (hidden): expected a GitHub token`,
    );
  });

  it('parses Go-style durations', () => {
    expect(parseDurationMs('1h30m')).toBe(5_400_000);
    expect(parseDurationMs('45s')).toBe(45_000);
  });
});
