// A stand-in for the k6 CLI used by the end-to-end tests. It REPLAYS a real k6 summary from
// ../shared/fixtures/k6 (chosen by the test in <dir>/scenario.json) and RECORDS the argv it got in
// <dir>/calls.jsonl. It writes only what a real k6 writes, and only where k6 writes it:
// - a legacy --summary-export fixture to the `--summary-export=` path;
// - a handleSummary-data fixture to the path the script's handleSummary writes (__ENV.SHIPYARD_K6_SUMMARY,
//   from `--env`), and only when the script run exports handleSummary.
// Thresholds are evaluated as k6 does: the ones a script declares in a literal `export const options`
// replace the fixture's, and are judged against the fixture's metric values; exit 99 when one fails.
// An `error` scenario models a script exception: k6 prints the error and exits 107 with no summary.
// Invoked as: node k6-standin.mjs <dir> <k6 args...>
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'acorn';

const [dir, ...args] = process.argv.slice(2);
const scenario = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8'));

if (args[0] === 'version') {
  process.stdout.write(`k6 v${scenario.version ?? '1.7.1'} (commit/stand-in, go1.24.6, linux/amd64)\n`);
  process.exit(0);
}

const script = resolve(args[args.length - 1] ?? '');
const source = readFileSync(script, 'utf8');
appendFileSync(join(dir, 'calls.jsonl'), `${JSON.stringify({ args, cwd: process.cwd(), source })}\n`);

if (scenario.error) {
  process.stderr.write(`${scenario.error}\n`);
  process.exit(107);
}

const env = {};
let exportPath;
for (const a of args) {
  if (a.startsWith('--summary-export=')) exportPath = a.slice('--summary-export='.length);
  if (a.startsWith('--env=')) {
    const kv = a.slice('--env='.length);
    env[kv.slice(0, kv.indexOf('='))] = kv.slice(kv.indexOf('=') + 1);
  }
}

function literal(n) {
  if (n.type === 'Literal') return n.value;
  if (n.type === 'ArrayExpression') return n.elements.map(literal);
  if (n.type === 'ObjectExpression')
    return Object.fromEntries(
      n.properties.map((p) => [p.key.type === 'Identifier' ? p.key.name : p.key.value, literal(p.value)]),
    );
  throw new Error('not literal');
}

const program = parse(source, { ecmaVersion: 'latest', sourceType: 'module' });
let declared;
let hasHandleSummary = false;
for (const node of program.body) {
  if (node.type !== 'ExportNamedDeclaration' || !node.declaration) continue;
  const d = node.declaration;
  if (d.type === 'FunctionDeclaration' && d.id.name === 'handleSummary') hasHandleSummary = true;
  if (d.type === 'VariableDeclaration')
    for (const v of d.declarations)
      if (v.id.name === 'options' && v.init?.type === 'ObjectExpression') {
        try {
          declared = literal(v.init).thresholds;
        } catch {
          declared = undefined;
        }
      }
}

const summary = JSON.parse(readFileSync(scenario.fixture, 'utf8'));
const legacy = !Object.values(summary.metrics).some((m) => m.values && m.type);
const valuesOf = (m) => (legacy ? m : m.values);
const holds = (expr, values) => {
  const m = /^(avg|min|max|med|count|rate|value|p\(\d+(?:\.\d+)?\))\s*(<=|>=|==|!=|<|>)\s*(-?[\d.]+)$/.exec(
    expr,
  );
  if (!m) throw new Error(`stand-in cannot evaluate ${expr}`);
  const v = values[m[1]] ?? (m[1] === 'rate' ? values.value : undefined);
  const x = Number(m[3]);
  return { '<': v < x, '<=': v <= x, '>': v > x, '>=': v >= x, '==': v === x, '!=': v !== x }[m[2]];
};

const wanted =
  declared ??
  Object.fromEntries(
    Object.entries(summary.metrics)
      .filter(([, m]) => m.thresholds)
      .map(([name, m]) => [name, Object.keys(m.thresholds)]),
  );
let failed = false;
for (const m of Object.values(summary.metrics)) delete m.thresholds;
for (const [metric, exprs] of Object.entries(wanted)) {
  const m = summary.metrics[metric];
  if (!m) continue;
  m.thresholds = {};
  for (const expr of exprs) {
    const ok = holds(expr, valuesOf(m));
    failed ||= !ok;
    // The legacy export stores !ok (true = failed); handleSummary data stores {ok}.
    m.thresholds[expr] = legacy ? !ok : { ok };
  }
}

if (legacy && exportPath) writeFileSync(exportPath, JSON.stringify(summary, null, 4));
if (!legacy && hasHandleSummary && env.SHIPYARD_K6_SUMMARY)
  writeFileSync(env.SHIPYARD_K6_SUMMARY, JSON.stringify(summary));
process.exit(failed ? 99 : 0);
