import type { z } from 'zod';
import { readManifest } from './run-action';

interface FullManifest {
  name?: string;
  description?: string;
  inputs?: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs?: Record<string, { description?: string }>;
  runs: { using: string; main: string; post?: string };
}

interface Definition {
  inputs: z.ZodObject<Record<string, z.ZodType>>;
  outputs: readonly string[];
  post?: unknown;
}

/**
 * Lists every way an action's zod schema and its action.yml disagree: input names, required-ness, defaults
 * (the action.yml default must parse to what the schema yields for an absent input), outputs, the runtime
 * and the post step. An empty list means they agree.
 */
export function manifestProblems(dir: string, definition: Definition): string[] {
  const manifest = readManifest(dir) as FullManifest;
  const problems: string[] = [];
  const yamlInputs = manifest.inputs ?? {};
  const shape = definition.inputs.shape;
  for (const name of Object.keys(yamlInputs))
    if (!(name in shape)) problems.push(`action.yml input '${name}' is not in the schema`);
  for (const [name, field] of Object.entries(shape)) {
    const spec = yamlInputs[name];
    if (!spec) {
      problems.push(`schema input '${name}' is not in action.yml`);
      continue;
    }
    if (!spec.description) problems.push(`input '${name}' has no description`);
    const absent = field.safeParse(undefined);
    // An expression default (`${{ github.token }}`) is filled in by the runner, not by the schema.
    const expression = spec.default?.includes('${{') ?? false;
    if (expression && !absent.success)
      problems.push(`input '${name}': an expression default needs an optional schema field`);
    if (spec.required === true && absent.success && spec.default === undefined) {
      problems.push(`input '${name}' is required in action.yml but optional in the schema`);
    }
    if (spec.required !== true && !absent.success && spec.default === undefined) {
      problems.push(`input '${name}' is optional in action.yml but the schema requires it`);
    }
    if (spec.default !== undefined && !expression) {
      const fromYaml = field.safeParse(spec.default === '' ? undefined : spec.default);
      if (!fromYaml.success)
        problems.push(`input '${name}': action.yml default ${JSON.stringify(spec.default)} does not parse`);
      else if (absent.success && JSON.stringify(fromYaml.data) !== JSON.stringify(absent.data)) {
        problems.push(
          `input '${name}': action.yml default ${JSON.stringify(spec.default)} ≠ schema default ${JSON.stringify(absent.data)}`,
        );
      } else if (!absent.success)
        problems.push(`input '${name}': action.yml has a default but the schema has none`);
    }
  }
  const yamlOutputs = Object.keys(manifest.outputs ?? {}).sort();
  const declared = [...definition.outputs].sort();
  if (JSON.stringify(yamlOutputs) !== JSON.stringify(declared)) {
    problems.push(
      `outputs differ: action.yml [${yamlOutputs.join(', ')}] vs definition [${declared.join(', ')}]`,
    );
  }
  for (const [name, spec] of Object.entries(manifest.outputs ?? {}))
    if (!spec.description) problems.push(`output '${name}' has no description`);
  if (manifest.runs.using !== 'node24')
    problems.push(`runs.using is ${manifest.runs.using}, expected node24`);
  if (manifest.runs.main !== 'dist/index.js')
    problems.push(`runs.main is ${manifest.runs.main}, expected dist/index.js`);
  if (Boolean(definition.post) !== Boolean(manifest.runs.post))
    problems.push('runs.post and the definition post step disagree');
  return problems;
}
