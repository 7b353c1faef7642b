import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { actionDir, manifestProblems, startFakeGitHub } from '@shipyard/testbed';
import { afterEach, describe, expect, it } from 'vitest';
import { k6Smoke } from '../src/main';
import {
  errorsOf,
  fixtures,
  removeTemps,
  runK6Smoke,
  scriptWithHandleSummary,
  standInK6,
  tempDir,
  workspaceWith,
} from './helpers';

afterEach(removeTemps);

it('action.yml agrees with the input schema', () => {
  expect(manifestProblems(actionDir('k6-smoke'), k6Smoke)).toEqual([]);
});

describe('summary-file mode (no k6 run)', () => {
  it.each([
    ['legacy --summary-export', fixtures.legacy, '89.1869', 'true'],
    ['handleSummary data', fixtures.handle, '30.0256841', 'true'],
    ['--out json stream', fixtures.ndjson, '125.37365154999999', 'true'],
  ])('evaluates a %s file', async (_kind, fixture, p95, passed) => {
    const ws = workspaceWith({});
    mkdirSync(join(ws, 'out'));
    copyFileSync(fixture, join(ws, 'out', 'k6.json'));
    const r = await runK6Smoke({ 'summary-file': 'out/k6.json' }, { cwd: ws });
    expect(errorsOf(r)).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(r.outputs.p95).toBe(p95);
    expect(r.outputs.passed).toBe(passed);
    expect(r.summary).toContain('out/k6.json: passed');
    expect(r.stdout).not.toContain('k6 1.7.1');
  });

  it('reports the legacy thresholds (false = passed) with their observed values', async () => {
    const ws = workspaceWith({});
    copyFileSync(fixtures.legacy, join(ws, 'k6.json'));
    const r = await runK6Smoke({ 'summary-file': 'k6.json' }, { cwd: ws });
    expect(r.summary).toMatch(
      /✅ \| http\\_req\\_duration\{name:voz\\_listar\} \| `p\(95\)<500` \| 106\.107/,
    );
    expect(r.summary).toMatch(/✅ \| http\\_reqs \| `rate>=30` \| 79\.157/);
  });
});

describe('bad input gives one clear error', () => {
  it.each([
    [{}, /no test given: set 'scripts'.*'urls'.*'summary-file'/],
    [{ scripts: 'a.js', urls: 'https://x.example/' }, /inputs 'scripts' and 'urls' were both given/],
    [
      { urls: 'https://x.example/\nFETCH https://x.example/b' },
      /urls line 2 \("FETCH https:\/\/x.example\/b"\).*neither a URL nor a method/,
    ],
    [{ urls: 'https://x.example/ 99' }, /expected status "99" must be a number from 100 to 599/],
    [{ 'summary-file': 'missing.json' }, /input 'summary-file': cannot read ".*missing.json"/],
    [{ scripts: 'nope/*.js' }, /input 'scripts': "nope\/\*\.js" matches no file/],
    [
      { urls: 'https://x.example/', 'max-regression': 'lots' },
      /input 'max-regression' is "lots": expected a percentage/,
    ],
    [{ urls: 'https://x.example/', 'error-rate': '150%' }, /input 'error-rate' is "150%"/],
    [{ urls: 'https://x.example/', version: '0.0.1' }, /no pinned checksum for k6 0.0.1/],
  ])('%j', async (inputs: Record<string, string>, message) => {
    const r = await runK6Smoke(inputs);
    expect(r.exitCode).toBe(1);
    const errors = errorsOf(r);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
    expect(r.stdout).not.toMatch(/\n\s+at /);
  });

  it('a summary file that is not a k6 summary', async () => {
    const ws = workspaceWith({ 'notes.json': '{"hello": 1}' });
    const r = await runK6Smoke({ 'summary-file': 'notes.json' }, { cwd: ws });
    expect(errorsOf(r)).toEqual([expect.stringMatching(/summary-file.*notes.json: not a k6 summary/)]);
  });
});

describe('baseline on pull requests', () => {
  it('saves on a push to the default branch; a PR with a worse p95 fails although its thresholds pass', async () => {
    const cacheDir = tempDir('k6-cache-');
    const k6 = standInK6({ fixture: fixtures.handle });
    const ws = workspaceWith({ 'load.js': scriptWithHandleSummary });
    const common = { scripts: 'load.js', baseline: 'true', version: 'system' };
    const env = { SHIPYARD_CACHE_DIR: cacheDir };
    const push = await runK6Smoke(common, {
      path: [k6.dir],
      cwd: ws,
      env: { ...env, GITHUB_SHA: 'b'.repeat(40) },
      event: { name: 'push', payload: { repository: { default_branch: 'main' } } },
    });
    expect(errorsOf(push)).toEqual([]);
    expect(readdirSync(cacheDir)).toEqual([`k6-baseline-smoke-load-js-${'b'.repeat(40)}`]);

    k6.setScenario({ fixture: fixtures.legacy });
    const pr = await runK6Smoke(common, {
      path: [k6.dir],
      cwd: ws,
      env: { ...env, GITHUB_REF: 'refs/pull/7/merge', GITHUB_SHA: 'c'.repeat(40) },
      event: {
        name: 'pull_request',
        payload: { number: 7, pull_request: { number: 7, base: { sha: 'd'.repeat(40) } } },
      },
    });
    expect(pr.exitCode).toBe(1);
    const errors = errorsOf(pr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /load\.js: p95 latency regressed 197\.0% \(30\.0 ms → 89\.2 ms\), over the allowed 20%/,
    );
    expect(pr.summary).toContain('✅ | http\\_req\\_duration | `p(95)<500`');
    expect(pr.summary).toContain('p95 latency regressed');
    expect(pr.summary).toContain('Baseline');
    expect(pr.summary).toContain(`compared with baseline k6-baseline-smoke-load-js-${'b'.repeat(40)}`);
    // Nothing new saved from a PR.
    expect(readdirSync(cacheDir)).toHaveLength(1);

    // A generous allowance lets the same PR pass.
    const lenient = await runK6Smoke(
      { ...common, 'max-regression': '250%' },
      {
        path: [k6.dir],
        cwd: ws,
        env,
        event: { name: 'pull_request', payload: { number: 7, pull_request: { number: 7 } } },
      },
    );
    expect(errorsOf(lenient)).toEqual([]);
    expect(lenient.exitCode).toBe(0);
  });

  it('a PR without any saved baseline passes and says so', async () => {
    const k6 = standInK6({ fixture: fixtures.legacy });
    const ws = workspaceWith({ 'load.js': scriptWithHandleSummary });
    const r = await runK6Smoke(
      { scripts: 'load.js', baseline: 'true', version: 'system' },
      {
        path: [k6.dir],
        cwd: ws,
        env: { SHIPYARD_CACHE_DIR: tempDir('k6-cache-') },
        event: { name: 'pull_request', payload: { number: 3, pull_request: { number: 3 } } },
      },
    );
    expect(r.exitCode).toBe(0);
    expect(r.summary).toContain('none saved yet');
  });
});

describe('sticky PR comment', () => {
  it('reruns leave exactly one comment, updated in place', async () => {
    const gh = await startFakeGitHub();
    try {
      const k6 = standInK6({ fixture: fixtures.legacy });
      const event = { name: 'pull_request', payload: { number: 12, pull_request: { number: 12 } } };
      for (const p95 of ['200', '300', '400']) {
        const r = await runK6Smoke(
          {
            urls: 'https://shop.example/',
            'p95-ms': p95,
            comment: 'true',
            'github-token': 'ghs_test',
            version: 'system',
          },
          { path: [k6.dir], env: { GITHUB_API_URL: gh.url }, event },
        );
        expect(errorsOf(r)).toEqual([]);
        expect(r.masks).toContain('ghs_test');
      }
      const comments = gh.commentsOn(12);
      expect(comments).toHaveLength(1);
      expect(comments[0]?.body.startsWith('<!-- shipyard:k6-smoke:smoke -->')).toBe(true);
      expect(comments[0]?.body).toContain('`p(95)<400`');
      expect(comments[0]?.body).not.toContain('ghs_test');
    } finally {
      await gh.stop();
    }
  });
});
