import { readFileSync } from 'node:fs';
import { parse } from 'acorn';
import type { Expression, Node } from 'acorn';
import { afterEach, describe, expect, it } from 'vitest';
import {
  errorsOf,
  fixtures,
  plainScript,
  removeTemps,
  runK6Smoke,
  scriptWithHandleSummary,
  standInK6,
  workspaceWith,
} from './helpers';

afterEach(removeTemps);

/** Evaluates a literal AST node (objects, arrays, strings, numbers) to a value. */
function literal(node: Expression | Node): unknown {
  const n = node as Expression;
  if (n.type === 'Literal') return n.value;
  if (n.type === 'ArrayExpression') return n.elements.map((e) => (e ? literal(e) : null));
  if (n.type === 'ObjectExpression')
    return Object.fromEntries(
      n.properties.map((p) => {
        if (p.type !== 'Property') throw new Error('spread in a literal');
        return [p.key.type === 'Identifier' ? p.key.name : String(literal(p.key)), literal(p.value)];
      }),
    );
  throw new Error(`not a literal: ${n.type}`);
}

/** `export const <name> = <literal>` of a module, parsed with acorn. */
function exportedConst(source: string, name: string): unknown {
  const program = parse(source, { ecmaVersion: 'latest', sourceType: 'module' });
  for (const node of program.body) {
    if (node.type === 'ExportNamedDeclaration' && node.declaration?.type === 'VariableDeclaration')
      for (const d of node.declaration.declarations)
        if (d.id.type === 'Identifier' && d.id.name === name && d.init) return literal(d.init);
  }
  throw new Error(`no export const ${name}`);
}

describe('zero-config mode', () => {
  it('generates a script with the SLO thresholds and a check per URL, runs it and passes', async () => {
    const k6 = standInK6({ fixture: fixtures.legacy });
    const r = await runK6Smoke(
      {
        urls: 'https://shop.example/health\nPOST https://shop.example/api/cart 201',
        vus: '3',
        duration: '15s',
        'p95-ms': '200',
        'error-rate': '1%',
        version: 'system',
      },
      { path: [k6.dir] },
    );
    expect(errorsOf(r)).toEqual([]);
    expect(r.exitCode).toBe(0);
    const scriptPath = r.outputs['generated-script'] ?? '';
    expect(scriptPath.startsWith(r.runnerTemp)).toBe(true);
    expect(r.stdout).toContain(`generated k6 script: ${scriptPath}`);
    const source = readFileSync(scriptPath, 'utf8');
    expect(exportedConst(source, 'options')).toEqual({
      vus: 3,
      duration: '15s',
      thresholds: {
        checks: ['rate==1'],
        http_req_duration: ['p(95)<200'],
        http_req_failed: ['rate<=0.01'],
      },
    });
    expect(source).toContain('"POST https://shop.example/api/cart is 201"');
    // k6 ran exactly that file, with our summary paths.
    const [call] = k6.calls();
    expect(call?.args.at(-1)).toBe(scriptPath);
    expect(call?.args.some((a) => a.startsWith('--summary-export='))).toBe(true);
    expect(r.outputs).toMatchObject({ passed: 'true', p95: '89.1869', 'error-rate': '0' });
    expect(Number(r.outputs.rps)).toBeCloseTo(79.157, 2);
    const results = JSON.parse(readFileSync(r.outputs['summary-json'] ?? '', 'utf8')) as {
      passed: boolean;
      runs: { result: { format: string } }[];
    };
    expect(results.passed).toBe(true);
    expect(results.runs[0]?.result.format).toBe('summary-export');
    expect(r.summary).toContain('smoke: passed');
    expect(r.summary).toContain('```mermaid');
    expect(r.summary).toMatch(/http\\_req\\_duration \| `p\(95\)<200` \| 89\.187/);
  });

  it('fails with the threshold table when k6 exits 99 (checks below 100 %)', async () => {
    const k6 = standInK6({ fixture: fixtures.handle });
    const r = await runK6Smoke(
      { urls: 'https://shop.example/', 'p95-ms': '500', version: 'system' },
      { path: [k6.dir] },
    );
    expect(r.exitCode).toBe(1);
    const errors = errorsOf(r);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('thresholds failed: checks rate==1');
    expect(r.outputs.passed).toBe('false');
    // The summary came from the generated handleSummary (handleSummary data format).
    expect(r.summary).toContain('smoke: failed');
    expect(r.summary).toMatch(/❌.*\| checks \| `rate==1` \| 0\.603/);
    expect(r.summary).toMatch(/✅.*\| http\\_req\\_duration \| `p\(95\)<500` \| 30\.026/);
    // Checks: the failing one first.
    expect(r.summary.indexOf('Status is ok')).toBeLessThan(r.summary.indexOf('NOT 500'));
  });
});

describe('script mode', () => {
  it('passes env values with spaces as one argument each and user args one per line', async () => {
    const k6 = standInK6({ fixture: fixtures.legacy });
    const ws = workspaceWith({ 'load/api.js': plainScript });
    const r = await runK6Smoke(
      {
        scripts: 'load/*.js',
        env: 'BASE_URL=https://shop.example/a b\nGREETING=hello world = yes',
        args: '--tag\nrun=ci 42\n--no-color',
        version: 'system',
      },
      { path: [k6.dir], cwd: ws },
    );
    expect(errorsOf(r)).toEqual([]);
    expect(r.exitCode).toBe(0);
    const [call] = k6.calls();
    expect(call?.args).toContain('--env=BASE_URL=https://shop.example/a b');
    expect(call?.args).toContain('--env=GREETING=hello world = yes');
    const tag = call?.args.indexOf('--tag') ?? -1;
    expect(call?.args.slice(tag, tag + 3)).toEqual(['--tag', 'run=ci 42', '--no-color']);
    // No SLO and no handleSummary: the user's script runs unwrapped.
    expect(call?.args.at(-1)).toBe(`${ws}/load/api.js`);
    expect(call?.cwd).toBe(ws);
    expect(r.summary).toContain('load/api.js: passed');
  });

  it('keeps the user handleSummary and adds SLO thresholds through a wrapper, then removes it', async () => {
    const k6 = standInK6({ fixture: fixtures.handle });
    const ws = workspaceWith({ 'perf/load.js': scriptWithHandleSummary });
    const r = await runK6Smoke(
      { scripts: 'perf/load.js', 'p99-ms': '300', version: 'system' },
      { path: [k6.dir], cwd: ws },
    );
    const [call] = k6.calls();
    expect(call?.args.at(-1)).toBe(`${ws}/perf/.shipyard-k6-load.js`);
    expect(call?.source).toContain('import * as user from "./load.js"');
    expect(call?.source).toContain('user.handleSummary(data)');
    expect(call?.source).toContain('const EXTRA_THRESHOLDS = {"http_req_duration":["p(99)<300"]}');
    expect(readFileSync(`${ws}/perf/load.js`, 'utf8')).toBe(scriptWithHandleSummary);
    expect(() => readFileSync(`${ws}/perf/.shipyard-k6-load.js`)).toThrow();
    // The replayed handleSummary data had every threshold ok: the run passes, checks failures are reported.
    expect(r.exitCode).toBe(0);
    expect(r.summary).toContain('Checks (1 failing)');
  });

  it('reports a script error with the tail of stderr, not as a threshold failure', async () => {
    const k6 = standInK6({
      error:
        'time="2026-03-01T10:00:00Z" level=error msg="ReferenceError: BASE is not defined\\n\\tat default (file:///w/load.js:3:11(4))\\n" hint="script exception"',
    });
    const ws = workspaceWith({ 'load.js': plainScript });
    const r = await runK6Smoke({ scripts: 'load.js', version: 'system' }, { path: [k6.dir], cwd: ws });
    expect(r.exitCode).toBe(1);
    const errors = errorsOf(r);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('script exception (exit 107)');
    expect(errors[0]).toContain('ReferenceError: BASE is not defined');
    expect(r.summary).toContain('ReferenceError: BASE is not defined');
    expect(r.outputs.passed).toBe('false');
  });

  it('runs under Node 24 as the runner does', async () => {
    const k6 = standInK6({ fixture: fixtures.legacy });
    const ws = workspaceWith({ 'a.js': plainScript, 'b.js': plainScript });
    const r = await runK6Smoke(
      { scripts: 'a.js\nb.js', version: 'system' },
      { path: [k6.dir], cwd: ws, node: 'node24' },
    );
    expect(errorsOf(r)).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(k6.calls().map((c) => c.args.at(-1))).toEqual([`${ws}/a.js`, `${ws}/b.js`]);
    // Two scripts: throughput adds up, latency is the worst.
    expect(Number(r.outputs.rps)).toBeCloseTo(2 * 79.157, 2);
    expect(r.outputs.p95).toBe('89.1869');
  });
});
