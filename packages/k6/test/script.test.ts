import { parse } from 'acorn';
import type { Expression, Node, Program } from 'acorn';
import { describe, expect, it } from 'vitest';
import {
  detectScriptExports,
  generateSmokeScript,
  generateSummaryWrapper,
  parseSmokeUrls,
  sloThresholds,
} from '../src/index';

const parseModule = (source: string): Program =>
  parse(source, { ecmaVersion: 'latest', sourceType: 'module' });

/** Evaluates an object/array/literal AST node to a plain value (only literal syntax is accepted). */
function literal(node: Expression | Node): unknown {
  const n = node as Expression;
  switch (n.type) {
    case 'Literal':
      return n.value;
    case 'ArrayExpression':
      return n.elements.map((e) => (e ? literal(e) : null));
    case 'ObjectExpression':
      return Object.fromEntries(
        n.properties.map((p) => {
          if (p.type !== 'Property' || p.computed) throw new Error('non-literal property');
          const key = p.key.type === 'Identifier' ? p.key.name : String(literal(p.key));
          return [key, literal(p.value)];
        }),
      );
    default:
      throw new Error(`not a literal: ${n.type}`);
  }
}

function exportedConst(program: Program, name: string): unknown {
  for (const node of program.body) {
    if (node.type === 'ExportNamedDeclaration' && node.declaration?.type === 'VariableDeclaration') {
      for (const d of node.declaration.declarations) {
        if (d.id.type === 'Identifier' && d.id.name === name && d.init) return literal(d.init);
      }
    }
  }
  throw new Error(`export const ${name} not found`);
}

function topConst(program: Program, name: string): unknown {
  for (const node of program.body) {
    if (node.type === 'VariableDeclaration') {
      for (const d of node.declarations)
        if (d.id.type === 'Identifier' && d.id.name === name && d.init) return literal(d.init);
    }
  }
  throw new Error(`const ${name} not found`);
}

describe('URL lines', () => {
  it('parses [METHOD ]URL[ expected-status], skipping comments and blanks', () => {
    expect(
      parseSmokeUrls(
        '# health\nhttps://example.com/health\n\npost https://example.com/api 201\nHEAD http://127.0.0.1:8080/ 204',
      ),
    ).toEqual([
      { method: 'GET', url: 'https://example.com/health', expectedStatus: 200 },
      { method: 'POST', url: 'https://example.com/api', expectedStatus: 201 },
      { method: 'HEAD', url: 'http://127.0.0.1:8080/', expectedStatus: 204 },
    ]);
  });

  it('rejects malformed lines, naming the line', () => {
    expect(() => parseSmokeUrls('https://a.example\nFETCH https://b.example')).toThrow(
      'urls line 2 ("FETCH https://b.example"): "FETCH" is neither a URL nor a method',
    );
    expect(() => parseSmokeUrls('GET')).toThrow('urls line 1 ("GET"): a URL is missing after GET');
    expect(() => parseSmokeUrls('GET https://a.example 20x')).toThrow(
      'urls line 1 ("GET https://a.example 20x"): expected status "20x" must be a number from 100 to 599',
    );
    expect(() => parseSmokeUrls('GET https://a.example 200 extra')).toThrow('too many fields');
    expect(() => parseSmokeUrls('GET ftp://a.example')).toThrow(
      'urls line 1 ("GET ftp://a.example"): "ftp://a.example" must be http or https',
    );
    expect(() => parseSmokeUrls('# only a comment')).toThrow('urls: no URLs given');
  });
});

describe('generateSmokeScript', () => {
  const urls = parseSmokeUrls('https://example.com/health\nPOST https://example.com/api 201');

  it('produces a module whose options literal carries vus, duration and the SLO thresholds', () => {
    const program = parseModule(
      generateSmokeScript({
        urls,
        vus: 3,
        duration: '1m30s',
        slo: { p95Ms: 500, p99Ms: 1200, errorRate: 0.01 },
      }),
    );
    expect(exportedConst(program, 'options')).toEqual({
      vus: 3,
      duration: '1m30s',
      thresholds: {
        checks: ['rate==1'],
        http_req_duration: ['p(95)<500', 'p(99)<1200'],
        http_req_failed: ['rate<=0.01'],
      },
    });
    expect(topConst(program, 'TARGETS')).toEqual([
      {
        method: 'GET',
        url: 'https://example.com/health',
        expectedStatus: 200,
        check: 'GET https://example.com/health is 200',
      },
      {
        method: 'POST',
        url: 'https://example.com/api',
        expectedStatus: 201,
        check: 'POST https://example.com/api is 201',
      },
    ]);
    const exported = detectScriptExports(generateSmokeScript({ urls, vus: 1, duration: '10s' }), 'smoke.js');
    expect(exported).toMatchObject({ default: true, handleSummary: true });
  });

  it('embeds hostile URLs as data, not code', () => {
    const evil = 'https://example.com/?q=\';globalThis.pwned=1;//"`${x}`</script>';
    const source = generateSmokeScript({
      urls: [{ method: 'GET', url: evil, expectedStatus: 200 }],
      vus: 1,
      duration: '5s',
    });
    const program = parseModule(source);
    expect((topConst(program, 'TARGETS') as { url: string }[])[0]?.url).toBe(evil);
    // Nothing but the generated statements at top level: 2 imports, TARGETS, options, default, handleSummary.
    expect(program.body.map((n) => n.type)).toEqual([
      'ImportDeclaration',
      'ImportDeclaration',
      'VariableDeclaration',
      'ExportNamedDeclaration',
      'ExportDefaultDeclaration',
      'ExportNamedDeclaration',
    ]);
  });

  it('reads the summary path from __ENV and validates its inputs', () => {
    const source = generateSmokeScript({ urls, vus: 1, duration: '10s', summaryEnv: 'MY_SUMMARY' });
    expect(source).toContain('__ENV["MY_SUMMARY"]');
    expect(exportedConst(parseModule(source), 'options')).toEqual({
      vus: 1,
      duration: '10s',
      thresholds: { checks: ['rate==1'] },
    });
    expect(() => generateSmokeScript({ urls, vus: 0, duration: '10s' })).toThrow(
      'vus: 0 must be an integer from 1 to 1000',
    );
    expect(() => generateSmokeScript({ urls, vus: 1, duration: '10 seconds' })).toThrow(
      'duration: "10 seconds" is not a k6 duration',
    );
    expect(() => generateSmokeScript({ urls, vus: 1, duration: '10s', slo: { errorRate: 2 } })).toThrow(
      'slo.errorRate: 2 must be between 0 and 1',
    );
    expect(() => generateSmokeScript({ urls, vus: 1, duration: '10s', summaryEnv: 'A-B' })).toThrow(
      'summaryEnv: "A-B" is not a variable name',
    );
  });
});

describe('handleSummary wrapper', () => {
  const userScript = `import http from 'k6/http';
export const options = { vus: 2 };
export function setup() { return {}; }
export default function () { http.get('https://example.com'); }
export function handleSummary(data) { return { 'theirs.html': '<html/>' }; }`;

  it('detects the user script exports with a real parser', () => {
    expect(detectScriptExports(userScript, 'load.js')).toEqual({
      default: true,
      handleSummary: true,
      names: ['options', 'setup', 'default', 'handleSummary'],
    });
    expect(detectScriptExports('const a = 1; export { a as options };', 'x.js').names).toEqual(['options']);
    expect(() => detectScriptExports('export default (', 'bad.js')).toThrow(
      'bad.js: cannot parse as a JavaScript module',
    );
  });

  it('re-exports everything and wraps the user handleSummary without clobbering it', async () => {
    const source = generateSummaryWrapper({
      userModule: './load.js',
      exports: detectScriptExports(userScript, 'load.js'),
    });
    const program = parseModule(source);
    const kinds = program.body.map((n) =>
      n.type === 'ExportNamedDeclaration' && n.declaration?.type === 'FunctionDeclaration'
        ? `export function ${n.declaration.id.name}`
        : n.type,
    );
    expect(kinds).toEqual([
      'ImportDeclaration',
      'ExportAllDeclaration',
      'ExportDefaultDeclaration',
      'FunctionDeclaration',
      'export function handleSummary',
    ]);
    const star = program.body[1];
    expect(star?.type === 'ExportAllDeclaration' && star.source.value).toBe('./load.js');

    // Run the generated handleSummary logic against stand-ins for the user module and __ENV.
    const body = source
      .replace(/^import .*$/m, '')
      .replace(/^export \* .*$/m, '')
      .replace(/^export default .*$/m, '')
      .replace('export function', 'function');
    type Factory = (user: unknown, env: Record<string, string>) => (d: unknown) => unknown;
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const run = new Function('user', '__ENV', `${body}\nreturn handleSummary;`) as Factory;
    const sync = run(
      { handleSummary: () => ({ 'theirs.html': '<html/>', stdout: 'text' }) },
      { SHIPYARD_K6_SUMMARY: '/tmp/s.json' },
    );
    expect(sync({ metrics: {} })).toEqual({
      'theirs.html': '<html/>',
      stdout: 'text',
      '/tmp/s.json': '{"metrics":{}}',
    });
    const clash = run(
      { handleSummary: () => ({ '/tmp/s.json': 'theirs' }) },
      { SHIPYARD_K6_SUMMARY: '/tmp/s.json' },
    );
    expect(clash({})).toEqual({ '/tmp/s.json': 'theirs' });
    const asyncUser = run(
      { handleSummary: () => Promise.resolve({ 'a.txt': 'x' }) },
      { SHIPYARD_K6_SUMMARY: '/o.json' },
    );
    await expect(asyncUser({ ok: 1 })).resolves.toEqual({ 'a.txt': 'x', '/o.json': '{"ok":1}' });
  });

  it('emits no handleSummary (keeping k6 text output) when the user has none, and no default when absent', () => {
    const program = parseModule(
      generateSummaryWrapper({
        userModule: './scenarios.js',
        exports: { default: false, handleSummary: false },
      }),
    );
    expect(program.body.map((n) => n.type)).toEqual(['ImportDeclaration', 'ExportAllDeclaration']);
  });

  it("merges SLO thresholds into the script options without dropping the script's own", () => {
    const extra = sloThresholds({ p95Ms: 300, errorRate: 0.01 });
    expect(extra).toEqual({ http_req_duration: ['p(95)<300'], http_req_failed: ['rate<=0.01'] });
    const source = generateSummaryWrapper({
      userModule: './load.js',
      exports: { default: true, handleSummary: false },
      extraThresholds: extra,
    });
    const program = parseModule(source);
    expect(program.body.filter((n) => n.type === 'ExportNamedDeclaration')).toHaveLength(1);
    const body = source
      .replace(/^import .*$/m, '')
      .replace(/^export \* .*$/m, '')
      .replace(/^export default .*$/m, '')
      .replace('export const options', 'const options');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const run = new Function('user', `${body}\nreturn options;`) as (user: unknown) => unknown;
    expect(
      run({ options: { vus: 5, thresholds: { http_req_duration: ['p(99)<900'], checks: ['rate>0.9'] } } }),
    ).toEqual({
      vus: 5,
      thresholds: {
        http_req_duration: ['p(99)<900', 'p(95)<300'],
        checks: ['rate>0.9'],
        http_req_failed: ['rate<=0.01'],
      },
    });
    expect(run({})).toEqual({ thresholds: extra });
  });
});
