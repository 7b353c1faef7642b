import { parseMaxRegression } from '@shipyard/k6';
import { ConfigurationError, input } from '@shipyard/runtime';
import { DEFAULT_VERSIONS } from '@shipyard/tools';
import { z } from 'zod';

const K6_DURATION = /^(\d+(\.\d+)?(ms|s|m|h))+$/;

/** `1%`, `0.5 %` or a fraction such as `0.01`: the share of failed requests allowed (0..1). */
const errorRate = () =>
  input.text().transform((v, ctx) => {
    const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(v);
    const value = percent ? Number(percent[1]) / 100 : /^\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
    if (!(value >= 0 && value <= 1)) {
      ctx.addIssue({ code: 'custom', message: 'expected a percentage like 1% or a fraction from 0 to 1' });
      return z.NEVER;
    }
    return value;
  });

const httpUrl = () =>
  input.text().refine((v) => /^https?:\/\/[^\s]+$/i.test(v) && URL.canParse(v), {
    error: 'expected an http(s) URL',
  });

/** The inputs of k6-smoke, keyed exactly like action.yml. */
export const k6SmokeInputs = z.object({
  scripts: input.lines().optional(),
  urls: input.text().optional(),
  vus: input.number({ min: 1, max: 1000, integer: true }).prefault('1'),
  duration: input
    .text()
    .regex(K6_DURATION, { error: 'expected a k6 duration like 30s, 500ms or 1m30s' })
    .prefault('10s'),
  'p95-ms': input.number({ min: 1 }).optional(),
  'p99-ms': input.number({ min: 1 }).optional(),
  'error-rate': errorRate().optional(),
  env: input.keyValues().optional(),
  args: input.text().optional(),
  'wait-for': httpUrl().optional(),
  'wait-timeout': input.duration().prefault('60s'),
  'summary-file': input.text().optional(),
  baseline: input.bool().prefault('false'),
  'max-regression': input
    .text()
    .transform((v, ctx) => {
      try {
        return parseMaxRegression(v);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'expected a percentage like 20% or 20' });
        return z.NEVER;
      }
    })
    .prefault('20%'),
  version: input
    .text()
    .regex(/^(system|v?\d+\.\d+\.\d+)$/, { error: 'expected a version like 1.7.1, or system' })
    .prefault(DEFAULT_VERSIONS.k6 ?? '1.7.1'),
  comment: input.bool().prefault('true'),
  name: input
    .text()
    .regex(/^[A-Za-z0-9._-]+$/, { error: 'expected letters, digits, ".", "_" or "-"' })
    .prefault('smoke'),
  'github-token': input.text().optional(),
});

/** Parsed inputs. */
export type K6SmokeInputs = z.output<typeof k6SmokeInputs>;

/** What the action does: run scripts, smoke-test URLs, or evaluate a summary k6 already wrote. */
export type K6SmokeMode = 'scripts' | 'urls' | 'summary-file';

/** Picks the mode; exactly one of `scripts`, `urls` and `summary-file` must be given. */
export function chooseMode(i: K6SmokeInputs): K6SmokeMode {
  const given = (
    [
      ['scripts', (i.scripts?.length ?? 0) > 0],
      ['urls', i.urls !== undefined],
      ['summary-file', i['summary-file'] !== undefined],
    ] as const
  ).filter(([, set]) => set);
  const [only, ...more] = given;
  if (!only)
    throw new ConfigurationError(
      "no test given: set 'scripts' (k6 script paths or globs), 'urls' (one \"[METHOD ]URL[ expected-status]\" a line) or 'summary-file'",
    );
  if (more.length)
    throw new ConfigurationError(
      `inputs ${given.map(([n]) => `'${n}'`).join(' and ')} were both given; use exactly one of 'scripts', 'urls' or 'summary-file'`,
    );
  return only[0];
}
