import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub } from '@shipyard/testbed';
import { checkoutPr, gate, git, lcov, makeOrigin, prEvent, tempRoot, writeFiles } from './helpers';

const tmp = tempRoot('cov-gate-pr-');
let origin: ReturnType<typeof makeOrigin>;
beforeAll(() => {
  origin = makeOrigin(tmp.dir('origin'));
});
afterAll(tmp.cleanup);

// From the design of prLcov: 39 executable changed lines, 18 covered; README and comment lines do not count.
const PATCH = (Math.floor((18 / 39) * 10000) / 100).toFixed(2);
const fileAnnotations = (r: { annotations: { level: string; properties: Record<string, string> }[] }) =>
  r.annotations.filter((a) => a.level === 'warning' && a.properties.file);

describe('coverage-gate: patch coverage on a real git repository', () => {
  it('measures the changed lines since the merge base, links them at the head and annotates at most 10', async () => {
    const ws = tmp.dir('ws');
    checkoutPr(origin.bare, ws);
    const r = await gate(ws, tmp.dir('rt'), {
      inputs: { reports: 'coverage/lcov.info', threshold: '0', 'patch-threshold': '40', comment: 'false' },
      event: prEvent(origin.b2, origin.head),
    });
    expect(r.exitCode, r.stdout).toBe(0);
    expect(r.outputs['patch-coverage']).toBe(PATCH);
    const notes = fileAnnotations(r);
    expect(notes).toHaveLength(10);
    // Most important first: the three-line run 11–13 leads.
    expect(notes[0]!.properties).toMatchObject({ file: 'src/calc.js', line: '11', endLine: '13' });
    expect(notes.every((a) => a.properties.file === 'src/calc.js')).toBe(true);
    expect(r.summary).toContain(`https://github.com/octo-org/octo-repo/blob/${origin.head}/src/calc.js#L11`);
    expect(r.summary).not.toContain('README');
    const json = JSON.parse(readFileSync(r.outputs['report-json']!, 'utf8')) as {
      patch: { covered: number; total: number };
      patchFiles: { unmeasured: string[]; files: { uncoveredLines: number[]; uncoveredRanges: unknown[] }[] };
    };
    expect(json.patch).toMatchObject({ covered: 18, total: 39, threshold: 40, passed: true });
    expect(json.patchFiles.unmeasured).toEqual(['README.md']);
    expect(json.patchFiles.files[0]!.uncoveredLines.slice(0, 4)).toEqual([11, 12, 13, 16]);
    // 19 uncovered ranges exist; only the 10 most important became annotations.
    expect(json.patchFiles.files[0]!.uncoveredRanges).toHaveLength(19);
  });

  it('deepens a --depth 1 checkout by fetching from origin, then gates the patch', async () => {
    const ws = tmp.dir('ws');
    checkoutPr(origin.bare, ws, 1);
    expect(git(ws, 'rev-parse', '--is-shallow-repository')).toBe('true');
    const r = await gate(ws, tmp.dir('rt'), {
      inputs: { reports: 'coverage/lcov.info', threshold: '0', 'patch-threshold': '50', comment: 'false' },
      event: prEvent(origin.b2, origin.head),
    });
    expect(r.stdout).toContain('git fetch --no-tags --no-recurse-submodules --depth=50 origin');
    expect(r.outputs['patch-coverage']).toBe(PATCH);
    expect(r.exitCode).toBe(1);
    const errors = r.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(
      new RegExp(`patch coverage ${PATCH}% \\(18/39 changed lines\\) is below the threshold 50%`),
    );
  });

  it('a shallow checkout that cannot fetch fails naming fetch-depth', async () => {
    const ws = tmp.dir('ws');
    checkoutPr(origin.bare, ws, 1);
    git(ws, 'remote', 'set-url', 'origin', `file://${tmp.root}/gone.git`);
    const run = (extra: Record<string, string>) =>
      gate(ws, tmp.dir('rt'), {
        inputs: { reports: 'coverage/lcov.info', threshold: '0', comment: 'false', ...extra },
        event: prEvent(origin.b2, origin.head),
      });
    const gated = await run({ 'patch-threshold': '50' });
    expect(gated.exitCode).toBe(1);
    const errors = gated.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('`fetch-depth: 0` on actions/checkout');
    // Without a patch gate the same problem is a warning and the rest of the report stands.
    const reported = await run({});
    expect(reported.exitCode).toBe(0);
    expect(reported.outputs['patch-coverage']).toBe('');
    expect(reported.annotations).toContainEqual(
      expect.objectContaining({ level: 'warning', message: expect.stringContaining('fetch-depth: 0') }),
    );
  });

  it('no changed executable line: the patch gate passes and says why', async () => {
    const ws = tmp.dir('ws');
    checkoutPr(origin.bare, ws);
    writeFiles(ws, { 'coverage/lcov.info': lcov({ 'src/other.js': { 1: 1, 2: 1 } }) });
    const r = await gate(ws, tmp.dir('rt'), {
      inputs: { reports: 'coverage/lcov.info', threshold: '0', 'patch-threshold': '90', comment: 'false' },
      event: prEvent(origin.b2, origin.head),
    });
    expect(r.exitCode).toBe(0);
    expect(r.outputs['patch-coverage']).toBe('');
    expect(r.summary).toContain('no changed executable lines');
  });

  it('a push is "not applicable" for the patch; base-ref measures it anyway', async () => {
    const ws = tmp.dir('ws');
    checkoutPr(origin.bare, ws);
    const push = await gate(ws, tmp.dir('rt'), { inputs: { reports: 'coverage/lcov.info', threshold: '0' } });
    expect(push.exitCode).toBe(0);
    expect(push.summary).toContain('not applicable: not a pull request');
    const based = await gate(ws, tmp.dir('rt'), {
      inputs: { reports: 'coverage/lcov.info', threshold: '0', 'base-ref': 'main' },
    });
    expect(based.outputs['patch-coverage']).toBe(PATCH);
  });
});

describe('coverage-gate: base comparison, waiver and comments', () => {
  const pushEvent = { name: 'push', payload: { repository: { default_branch: 'main' } } };
  const report = (covered: number) =>
    lcov({
      'src/a.ts': Object.fromEntries(Array.from({ length: 20 }, (_, i) => [i + 1, i < covered ? 1 : 0])),
    });

  it('a push to the default branch saves the base; a PR compares and gates max-decrease', async () => {
    const cache = tmp.dir('cache');
    const env = { SHIPYARD_CACHE_DIR: cache };
    const ws = tmp.dir('ws');
    writeFiles(ws, { 'base.info': report(18), 'pr.info': report(15) });
    const pr = (extra: Record<string, string>) =>
      gate(ws, tmp.dir('rt'), {
        inputs: { reports: 'pr.info', threshold: '0', comment: 'false', ...extra },
        env,
        event: prEvent(origin.b2, origin.head),
      });
    const before = await pr({ 'max-decrease': '5' });
    expect(before.exitCode).toBe(0);
    expect(before.outputs.delta).toBe('');
    expect(before.summary).toContain('no base yet');

    const feature = await gate(ws, tmp.dir('rt'), {
      inputs: { reports: 'base.info', threshold: '0' },
      env: { ...env, GITHUB_SHA: origin.b2, GITHUB_REF: 'refs/heads/feature' },
      event: pushEvent,
    });
    expect(feature.exitCode).toBe(0);
    expect((await pr({})).outputs.delta).toBe('');
    const saved = await gate(ws, tmp.dir('rt'), {
      inputs: { reports: 'base.info', threshold: '0' },
      env: { ...env, GITHUB_SHA: origin.b2, GITHUB_REF: 'refs/heads/main' },
      event: pushEvent,
    });
    expect(saved.exitCode).toBe(0);

    const drop = await pr({ 'max-decrease': '5' });
    expect(drop.outputs.delta).toBe('-15.00');
    expect(drop.exitCode).toBe(1);
    expect(drop.annotations.filter((a) => a.level === 'error')[0]!.message).toMatch(
      /coverage fell by 15\.00 pp \(90% → 75%\), more than the allowed 5 pp/,
    );
    const allowed = await pr({ 'max-decrease': '15' });
    expect(allowed.exitCode).toBe(0);
    expect(allowed.summary).toContain('−15.00 pp (base 90.00 % at');
  });

  it('the waiver label turns a failing gate into a loud warning and exit 0', async () => {
    const ws = tmp.dir('ws');
    writeFiles(ws, { 'lcov.info': report(10) });
    const r = await gate(ws, tmp.dir('rt'), {
      inputs: { reports: 'lcov.info', threshold: '80', 'waiver-label': 'coverage-waiver', comment: 'false' },
      event: prEvent(origin.b2, origin.head, ['bug', 'coverage-waiver']),
    });
    expect(r.exitCode).toBe(0);
    expect(r.outputs).toMatchObject({ passed: 'true', waived: 'true', coverage: '50.00' });
    expect(r.annotations.filter((a) => a.level === 'error')).toEqual([]);
    expect(r.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: expect.stringMatching(/FAILED but is waived by the label "coverage-waiver"/),
      }),
    );
    expect(r.summary).toContain('Coverage gate waived by label');
    const unlabelled = await gate(ws, tmp.dir('rt'), {
      inputs: { reports: 'lcov.info', threshold: '80', 'waiver-label': 'coverage-waiver', comment: 'false' },
      event: prEvent(origin.b2, origin.head, ['bug']),
    });
    expect(unlabelled.exitCode).toBe(1);
  });

  it('one sticky comment per name after three reruns; two instances give two comments', async () => {
    const gh = await startFakeGitHub();
    try {
      const ws = tmp.dir('ws');
      writeFiles(ws, { 'lcov.info': report(15) });
      const run = (name: string, threshold: string) =>
        gate(ws, tmp.dir('rt'), {
          inputs: { reports: 'lcov.info', threshold, name, 'github-token': 'ghs_test' },
          env: { GITHUB_API_URL: gh.url },
          event: prEvent(origin.b2, origin.head),
        });
      for (const threshold of ['10', '20', '30']) expect((await run('unit', threshold)).exitCode).toBe(0);
      expect(gh.commentsOn(7)).toHaveLength(1);
      expect(gh.commentsOn(7)[0]!.body).toContain('≥ 30 %');
      await run('integration', '10');
      const bodies = gh.commentsOn(7).map((c) => c.body);
      expect(bodies.map((b) => b.split('\n')[0])).toEqual([
        '<!-- shipyard:coverage-gate:unit -->',
        '<!-- shipyard:coverage-gate:integration -->',
      ]);
      expect(bodies[1]).toContain('Coverage integration: 75.00 % lines');
      expect(bodies.join('\n')).not.toContain('ghs_test');
    } finally {
      await gh.stop();
    }
  });
});
