// Generates the inputs and outputs tables of each action's README.md from its action.yml, between
// `<!-- BEGIN GENERATED: inputs -->` / `<!-- END GENERATED: inputs -->` (and the same for outputs).
// `node scripts/docs.mjs --check` fails, printing which README drifted, instead of writing.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
  } catch (error) {
    console.error(error.message);
    drifted++;
    continue;
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
