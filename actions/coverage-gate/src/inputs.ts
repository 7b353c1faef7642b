import type { PackageConfig } from '@shipyard/coverage';
import { input } from '@shipyard/runtime';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const PACKAGES_HELP =
  'expected YAML mapping package names to a list of path globs or to {paths: [globs], threshold: 0-100}';

/** The `packages` input: YAML, `name: [globs]` or `name: {paths: [globs], threshold: N}`. */
const packagesInput = () =>
  z.string().transform((text, ctx): PackageConfig => {
    let data: unknown;
    try {
      data = parseYaml(text);
    } catch (error: unknown) {
      const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
      ctx.addIssue({
        code: 'custom',
        message: `invalid YAML${line ? ` at line ${line}` : ''}; ${PACKAGES_HELP}`,
      });
      return z.NEVER;
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      ctx.addIssue({ code: 'custom', message: PACKAGES_HELP });
      return z.NEVER;
    }
    const config: PackageConfig = {};
    for (const [name, value] of Object.entries(data as Record<string, unknown>)) {
      const def = Array.isArray(value) || typeof value === 'string' ? { paths: value } : value;
      const parsed = packageSchema.safeParse(def);
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', message: `package "${name}": ${PACKAGES_HELP}` });
        continue;
      }
      const { paths, threshold } = parsed.data;
      config[name] = {
        paths: typeof paths === 'string' ? [paths] : paths,
        ...(threshold === undefined ? {} : { threshold }),
      };
    }
    return config;
  });

const packageSchema = z
  .object({
    paths: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    threshold: z.number().min(0).max(100).optional(),
  })
  .strict();

/** The inputs of coverage-gate, keyed exactly like action.yml. */
export const inputs = z.object({
  reports: input.lines().refine((l) => l.length > 0, { error: 'expected at least one path or glob' }),
  threshold: input.number({ min: 0, max: 100 }).prefault('80'),
  'patch-threshold': input.number({ min: 0, max: 100 }).optional(),
  'max-decrease': input.number({ min: 0, max: 100 }).optional(),
  packages: packagesInput().optional(),
  'allow-missing-packages': input.bool().prefault('false'),
  metric: input.choice(['lines', 'branches', 'functions']).prefault('lines'),
  'base-ref': input.text().optional(),
  'waiver-label': input.text().optional(),
  comment: input.bool().prefault('true'),
  name: input
    .text()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, { error: 'expected 1-64 letters, digits, ".", "_" or "-"' })
    .prefault('coverage'),
  'report-json': input.text().optional(),
  'github-token': input.text().optional(),
});
