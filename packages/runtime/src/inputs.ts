import { z } from 'zod';
import { ConfigurationError } from './errors';

/**
 * The one input funnel. Every action declares a zod object keyed exactly like its action.yml inputs; this
 * module reads them as the runner passes them (`INPUT_<NAME>`, upper-cased, spaces to `_`, hyphens kept),
 * turns empty strings into `undefined` (the runner passes '' for an input that was not set), validates,
 * and reports every bad input at once.
 */

// Inputs are parsed once per step: compiling a fast parser with `new Function` (zod's JIT) costs more
// start-up time than it could ever save.
z.config({ jitless: true });

export type InputSchema = z.ZodObject<Record<string, z.ZodType>>;

/** The environment variable the runner uses for an input. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** Reads the raw strings of the schema's inputs, '' and whitespace-only becoming undefined. */
export function readRawInputs(
  names: readonly string[],
  env: NodeJS.ProcessEnv,
): Record<string, string | undefined> {
  const raw: Record<string, string | undefined> = {};
  for (const name of names) {
    const value = env[inputEnvName(name)]?.trim();
    raw[name] = value === '' ? undefined : value;
  }
  return raw;
}

function shown(value: string | undefined, secret: boolean): string {
  if (value === undefined) return '(empty)';
  if (secret) return '(hidden)';
  const oneLine = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return JSON.stringify(oneLine);
}

/**
 * Validates inputs against the schema. Throws one {@link ConfigurationError} naming each bad input, the
 * value it had (never for secret inputs) and what is allowed.
 */
export function parseInputs<S extends InputSchema>(
  schema: S,
  env: NodeJS.ProcessEnv,
  secretInputs: readonly string[] = [],
): z.output<S> {
  const names = Object.keys(schema.shape);
  const raw = readRawInputs(names, env);
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const byInput = new Map<string, string[]>();
  for (const issue of result.error.issues) {
    const name = String(issue.path[0] ?? '(inputs)');
    byInput.set(name, [...(byInput.get(name) ?? []), issue.message]);
  }
  const lines = [...byInput].map(
    ([name, messages]) =>
      `input '${name}' is ${shown(raw[name], secretInputs.includes(name))}: ${[...new Set(messages)].join('; ')}`,
  );
  const head = lines.length === 1 ? 'invalid input' : `${lines.length} invalid inputs`;
  throw new ConfigurationError(`${head}:\n${lines.join('\n')}`);
}

/** Builders that give every action the same parsing rules and the same wording of what is allowed. */
export const input = {
  /** Free text. */
  text: () => z.string(),

  /** `true` or `false` (any case), as YAML users write them. */
  bool: () =>
    z
      .string()
      .regex(/^(true|false)$/i, { error: 'expected true or false' })
      .transform((v) => v.toLowerCase() === 'true'),

  /** A decimal number within bounds. */
  number: (opts: { min?: number; max?: number; integer?: boolean } = {}) => {
    const { min = -Infinity, max = Infinity, integer = false } = opts;
    const range = `${integer ? 'a whole number' : 'a number'}${Number.isFinite(min) ? ` from ${min}` : ''}${Number.isFinite(max) ? ` to ${max}` : ''}`;
    return z
      .string()
      .refine((v) => /^-?\d+(\.\d+)?$/.test(v) && (!integer || /^-?\d+$/.test(v)), {
        error: `expected ${range}`,
      })
      .transform(Number)
      .refine((n) => n >= min && n <= max, { error: `expected ${range}` });
  },

  /** One of a fixed list. */
  choice: <const T extends readonly [string, ...string[]]>(values: T) =>
    z.enum(values, { error: `expected one of: ${values.join(', ')}` }),

  /** Multi-line input: one item a line, blank lines and `#` comments ignored, each line trimmed. */
  lines: () =>
    z.string().transform((v) =>
      v
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#')),
    ),

  /** Multi-line `KEY=VALUE`; the value keeps its spaces and any further `=`. */
  keyValues: () =>
    input.lines().transform((lines, ctx) => {
      const pairs: [string, string][] = [];
      for (const line of lines) {
        const eq = line.indexOf('=');
        if (eq <= 0) {
          ctx.addIssue({ code: 'custom', message: `line ${JSON.stringify(line)} is not KEY=VALUE` });
          continue;
        }
        pairs.push([line.slice(0, eq).trim(), line.slice(eq + 1)]);
      }
      return pairs;
    }),

  /** A Go-style duration (`90s`, `5m`, `1h30m`, `2m30s`) in milliseconds. */
  duration: () =>
    z
      .string()
      .regex(/^(\d+h)?(\d+m)?(\d+s)?$/, { error: 'expected a duration like 30s, 5m or 1h30m' })
      .refine((v) => v !== '', { error: 'expected a duration like 30s, 5m or 1h30m' })
      .transform((v) => parseDurationMs(v)),
};

/** Milliseconds of a Go-style duration such as `1h30m` or `45s`. */
export function parseDurationMs(text: string): number {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000 };
  let total = 0;
  for (const m of text.matchAll(/(\d+)([hms])/g)) total += Number(m[1]) * (units[m[2] as string] ?? 0);
  return total;
}
