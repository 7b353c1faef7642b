import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fixturePath } from '@shipyard/testbed';
import {
  baseCacheKey,
  countTrivy,
  dbCacheKey,
  downloadDbArgs,
  evaluateTrivy,
  mergeCounts,
  parseBaseline,
  readTrivyReport,
  sarifCategory,
  serialiseBaseline,
  targetSlug,
  trivyArgs,
  trivyConvertArgs,
  uniqueTargetSlugs,
} from '../src/index';

const report = (name: string) => readTrivyReport(readFileSync(fixturePath(`trivy/${name}`), 'utf8'), name);

describe('names and keys of a scan step', () => {
  it('slugs targets for file names and categories, shortening digests and keeping them apart', () => {
    expect(targetSlug('ghcr.io/octo-org/app@sha256:' + 'ab12'.repeat(16))).toBe(
      'ghcr.io-octo-org-app-ab12ab12ab12',
    );
    expect(targetSlug('./services/api')).toBe('services-api');
    expect(targetSlug('alpine:3.10')).toBe('alpine-3.10');
    expect(targetSlug('///')).toBe('target');
    expect(targetSlug(`deep/${'x'.repeat(100)}/leaf`).length).toBeLessThanOrEqual(60);
    expect(uniqueTargetSlugs(['a/b', 'a:b', 'c'])).toEqual(['a-b', 'a-b-2', 'c']);
    expect(sarifCategory('Nightly Scan', 'alpine-3.10')).toBe('trivy/nightly-scan/alpine-3.10');
  });

  it('keys the DB cache by UTC day and the baseline by instance and commit', () => {
    expect(dbCacheKey(new Date('2026-06-01T23:59:59Z'))).toBe('trivy-db-2026-06-01');
    expect(dbCacheKey(new Date('2026-06-02T00:00:00Z'))).toBe('trivy-db-2026-06-02');
    expect(baseCacheKey('image', 'f'.repeat(40))).toBe(`trivy-base-image-${'f'.repeat(40)}`);
  });

  it('round-trips a baseline and rejects anything else, naming the file', () => {
    const text = serialiseBaseline('abc', ['b', 'a', 'b']);
    expect(parseBaseline(text, 'base.json')).toEqual({ version: 1, sha: 'abc', fingerprints: ['a', 'b'] });
    expect(() => parseBaseline('{', 'base.json')).toThrow('base.json: not valid JSON');
    expect(() => parseBaseline('{"version":2,"fingerprints":[]}', 'base.json')).toThrow(
      'base.json: not a trivy-scan baseline',
    );
  });
});

describe('arguments for archives, SBOMs, conversion and DB download', () => {
  it('reads a saved image archive with --input and lists all packages for an SBOM', () => {
    const args = trivyArgs({
      scanType: 'image',
      target: 'build/app.tar',
      outputPath: 'o.json',
      listAllPkgs: true,
      configFile: '/t/empty.yaml',
    });
    expect(args.slice(-5)).toEqual([
      '--list-all-pkgs',
      '--config',
      '/t/empty.yaml',
      '--input',
      'build/app.tar',
    ]);
    expect(trivyArgs({ scanType: 'fs', target: 'x.tar', outputPath: 'o' }).at(-1)).toBe('x.tar');
  });

  it('gives config scans no DB flags', () => {
    const args = trivyArgs({
      scanType: 'config',
      target: 'infra',
      outputPath: 'o',
      skipDbUpdate: true,
      dbRepository: 'r',
    });
    expect(args).not.toContain('--skip-db-update');
    expect(args).not.toContain('--db-repository');
  });

  it('converts without scanning and downloads the DB from one repository', () => {
    expect(trivyConvertArgs('sarif', 'r.json', 'r.sarif')).toEqual([
      'convert',
      '--format',
      'sarif',
      '--output',
      'r.sarif',
      'r.json',
    ]);
    expect(downloadDbArgs('mirror.gcr.io/aquasec/trivy-db', '/c')).toEqual([
      'image',
      '--download-db-only',
      '--no-progress',
      '--db-repository',
      'mirror.gcr.io/aquasec/trivy-db',
      '--cache-dir',
      '/c',
    ]);
  });
});

describe('counts of several targets', () => {
  it('adds totals, concatenates rows and fails when any target fails', () => {
    const a = countTrivy(evaluateTrivy(report('image-alpine-3.10-vulns.json'), {}, new Date()));
    const b = countTrivy(evaluateTrivy(report('image-alpine-3.9-no-results.json'), {}, new Date()));
    const m = mergeCounts([a, b]);
    expect(m.total).toEqual(a.total);
    expect(m.perTarget).toHaveLength(a.perTarget.length + b.perTarget.length);
    expect(m.passed).toBe(a.passed && b.passed);
    expect(m.gating).toBe(a.gating);
    expect(mergeCounts([b]).passed).toBe(true);
  });
});
