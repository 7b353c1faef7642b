// Generates the inputs and outputs tables of each action's README.md from its action.yml, between
// `<!-- BEGIN GENERATED: inputs -->` / `<!-- END GENERATED: inputs -->` (and the same for outputs).
// `node scripts/docs.mjs --check` fails, printing which README drifted, instead of writing.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

const cell = (text) =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n\s*/g, ' ')
    .trim();
const code = (text) => (text === undefined || text === '' ? '' : `\`${String(text).replace(/`/g, "'")}\``);

/** The markdown tables for one action.yml. */
export function tables(manifest) {
  const inputs = Object.entries(manifest.inputs ?? {});
  const outputs = Object.entries(manifest.outputs ?? {});
  const inputTable = [
    '| Input | Required | Default | Description |',
    '| --- | --- | --- | --- |',
    ...inputs.map(
      ([name, s]) =>
        `| \`${name}\` | ${s.required ? 'yes' : 'no'} | ${cell(code(s.default))} | ${cell(s.description)} |`,
    ),
  ].join('\n');
  const outputTable = [
    '| Output | Description |',
    '| --- | --- |',
    ...outputs.map(([name, s]) => `| \`${name}\` | ${cell(s.description)} |`),
  ].join('\n');
  return { inputs: inputTable, outputs: outputTable };
}

/**
 * The `.env.example` for @github/local-action: every input as the runner would pass it (`INPUT_<NAME>`, hyphens
 * kept, action.yml defaults filled in) plus the runner variables our actions read.
 */
export function envExample(name, manifest) {
  const lines = [
    `# @github/local-action environment for ${name}: copy to .env, fill in, then run`,
    `#   npx @github/local-action run ./actions/${name} src/main.ts .env   (main.ts exports run())`,
    '# Inputs, as the runner passes them (INPUT_<NAME>, upper-cased, hyphens kept):',
  ];
  for (const [input, spec] of Object.entries(manifest.inputs ?? {})) {
    const value = String(spec.default ?? '').includes('${{') ? '' : (spec.default ?? '');
    lines.push(
      `INPUT_${input.replace(/ /g, '_').toUpperCase()}=${/[\s#"']/.test(String(value)) ? JSON.stringify(String(value)) : value}`,
    );
  }
  lines.push(
    '# Runner context the action reads (GITHUB_API_URL can point at a local fake):',
    'GITHUB_REPOSITORY=octo-org/octo-repo',
    'GITHUB_EVENT_NAME=pull_request',
    'GITHUB_EVENT_PATH=test/events/pull_request.json',
    `GITHUB_SHA=${'0'.repeat(40)}`,
    'GITHUB_REF=refs/pull/1/merge',
    'GITHUB_WORKSPACE=.',
    'RUNNER_TEMP=/tmp/runner',
    '# Keeps baselines (coverage, trivy, k6) between local runs, as @actions/cache does on GitHub:',
    'SHIPYARD_CACHE_DIR=/tmp/shipyard-cache',
    '',
  );
  return lines.join('\n');
}

function replaceBlock(text, name, content, file) {
  const begin = `<!-- BEGIN GENERATED: ${name} -->`;
  const end = `<!-- END GENERATED: ${name} -->`;
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${file}: missing ${begin} ... ${end} markers`);
  return `${text.slice(0, a + begin.length)}\n\n${content}\n\n${text.slice(b)}`;
}

let drifted = 0;
for (const name of readdirSync(join(root, 'actions')).sort()) {
  const dir = join(root, 'actions', name);
  if (!existsSync(join(dir, 'action.yml'))) continue;
  const readme = join(dir, 'README.md');
  if (!existsSync(readme)) {
    console.error(`actions/${name}/README.md is missing`);
    drifted++;
    continue;
  }
  const manifest = parse(readFileSync(join(dir, 'action.yml'), 'utf8'));
  const t = tables(manifest);
  const before = readFileSync(readme, 'utf8');
  let after;
  try {
    after = replaceBlock(replaceBlock(before, 'inputs', t.inputs, readme), 'outputs', t.outputs, readme);
    // Formatted as `prettier --check` expects, so the docs check and the format check never disagree.
    after = await format(after, { ...(await resolveConfig(readme)), filepath: readme });
  } catch (error) {
    console.error(error.message);
    drifted++;
    continue;
  }
  const envFile = join(dir, '.env.example');
  const env = envExample(name, manifest);
  if (!existsSync(envFile) || readFileSync(envFile, 'utf8') !== env) {
    if (check) {
      console.error(`actions/${name}/.env.example differs from action.yml (run pnpm docs)`);
      drifted++;
    } else {
      writeFileSync(envFile, env);
      console.log(`updated actions/${name}/.env.example`);
    }
  }
  if (after === before) continue;
  if (check) {
    console.error(`actions/${name}/README.md: inputs/outputs tables differ from action.yml (run pnpm docs)`);
    drifted++;
  } else {
    writeFileSync(readme, after);
    console.log(`updated actions/${name}/README.md`);
  }
}
if (check && drifted) process.exit(1);
if (check) console.log('action READMEs match their action.yml.');
