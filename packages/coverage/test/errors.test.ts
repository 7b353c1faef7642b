import { afterAll, describe, expect, it } from 'vitest';
import { CoverageInputError, readReport } from '../src/index';
import { tempFiles } from './helpers';

const t = tempFiles({
  'unknown.txt': 'just some text\nnothing else\n',
  'broken.json': '{"total": {"lines": {"total": 3,\n "covered": 1,,\n}}}',
  'empty-summary.json':
    '{"total": {"lines":{"total":0,"covered":0,"skipped":0,"pct":"Unknown"},"statements":{"total":0,"covered":0,"skipped":0,"pct":"Unknown"},"functions":{"total":0,"covered":0,"skipped":0,"pct":"Unknown"},"branches":{"total":0,"covered":0,"skipped":0,"pct":"Unknown"}}}',
  'empty.info': 'TN:\nSF:/repo/a.js\nLF:0\nLH:0\nend_of_record\n',
  'bad-da.info': 'TN:\nSF:/repo/a.js\nDA:1,1\nDA:x,2\nend_of_record\n',
  'truncated.xml': '<?xml version="1.0"?>\n<coverage line-rate="1">\n<packages>\n<package name="a">\n',
  'big.json': `{"a.js": {"path": "a.js", "statementMap": {}, "s": {}}, "pad": "${'x'.repeat(2000)}"}`,
  'bad-go.out': 'mode: set\nexample.com/m/a.go:1.1,2.2 1\n',
});
afterAll(t.cleanup);

async function failure(path: string, opts = {}): Promise<CoverageInputError> {
  const err = await readReport(path, opts).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CoverageInputError);
  return err as CoverageInputError;
}

describe('bad input is one clear error naming the file', () => {
  it('unknown format lists the supported formats', async () => {
    const e = await failure(t.path('unknown.txt'));
    expect(e.message).toContain('unknown.txt');
    expect(e.message).toMatch(
      /supported formats: lcov, cobertura, jacoco, clover, istanbul-final, istanbul-summary, go-coverprofile/,
    );
  });

  it('malformed JSON names the line', async () => {
    const e = await failure(t.path('broken.json'));
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/broken\.json:2: malformed JSON/);
  });

  it('istanbul "Unknown" (0 of 0) is an error, never 0 % or 100 %', async () => {
    expect((await failure(t.path('empty-summary.json'))).message).toMatch(/no measurable lines/);
    expect((await failure(t.path('empty.info'))).message).toMatch(/no measurable lines/);
  });

  it('malformed LCOV and Go records name the line', async () => {
    expect((await failure(t.path('bad-da.info'))).line).toBe(4);
    const go = await failure(t.path('bad-go.out'));
    expect(go.line).toBe(2);
    expect(go.message).toMatch(/nstmts count/);
  });

  it('truncated XML is malformed', async () => {
    expect((await failure(t.path('truncated.xml'))).message).toMatch(/truncated\.xml:\d+: malformed XML/);
  });

  it('JSON above the size cap is refused with the limit in the message', async () => {
    expect((await failure(t.path('big.json'), { maxJsonBytes: 1024 })).message).toMatch(
      /above the 0 MB limit|limit for JSON/,
    );
  });

  it('a missing file is reported by name', async () => {
    expect((await failure(t.path('nope.info'))).message).toMatch(
      /nope\.info: cannot open coverage report: ENOENT/,
    );
  });
});
