import { describe, expect, it } from 'vitest';
import {
  DB_MIRRORS,
  checkTrivyActionRef,
  dbFreshness,
  firstDbAttempt,
  isRateLimited,
  nextDbStep,
  parseDbMetadata,
  trivyArgs,
} from '../src/index';

const META =
  '{"Version":2,"NextUpdate":"2026-06-01T06:00:00Z","UpdatedAt":"2026-06-01T00:00:00Z","DownloadedAt":"2026-06-01T01:00:00Z"}';
const DAY = 24 * 3_600_000;
// Real error texts from aquasecurity/trivy-db#442 and trivy-action#389.
const GHCR_429 =
  'FATAL init error: DB error: failed to download vulnerability DB: database download error: OCI repository error: 1 error occurred:\n\t* GET https://ghcr.io/v2/aquasecurity/trivy-db/manifests/2: TOOMANYREQUESTS: retry-after: 35.852µs, allowed: 44000/minute';
const LAYER_429 =
  'FATAL Fatal error init error: DB error: failed to download vulnerability DB: database download error: oci download error: failed to fetch the layer: GET https://ghcr.io/v2/aquasecurity/trivy-db/blobs/sha256:11c5: TOOMANYREQUESTS: retry-after: 129.163µs, allowed: 44000/minute';

describe('DB freshness', () => {
  it('is fresh within the bound and stale past it, by content age', () => {
    const meta = parseDbMetadata(META, 'metadata.json');
    expect(dbFreshness(meta, new Date('2026-06-01T12:00:00Z'), DAY)).toMatchObject({
      fresh: true,
      ageMs: 12 * 3_600_000,
    });
    const stale = dbFreshness(meta, new Date('2026-06-03T00:00:00Z'), DAY);
    expect(stale).toMatchObject({ fresh: false, ageMs: 2 * DAY });
    expect(stale.reason).toBe('DB is 48.0 h old, over the 24.0 h bound');
    expect(dbFreshness({ ...meta, Version: 1 }, new Date('2026-06-01T01:00:00Z'), DAY).fresh).toBe(false);
  });

  it('names the file when metadata is unusable', () => {
    expect(() => parseDbMetadata('{', '/c/db/metadata.json')).toThrow('/c/db/metadata.json: not valid JSON');
    expect(() => parseDbMetadata('{"Version":2,"NextUpdate":"x"}', 'm.json')).toThrow(
      'm.json: "NextUpdate" is missing or not a timestamp',
    );
  });
});

describe('DB mirror plan', () => {
  it('recognises Trivy rate-limit errors', () => {
    expect(isRateLimited(GHCR_429)).toBe(true);
    expect(isRateLimited(LAYER_429)).toBe(true);
    expect(
      isRateLimited('GET https://ghcr.io/v2/aquasecurity/trivy-db/manifests/2: UNKNOWN: unknown error'),
    ).toBe(false);
  });

  it('backs off on the same mirror, then moves on, then gives up', () => {
    let { repository, attempt } = firstDbAttempt();
    expect(repository).toBe('mirror.gcr.io/aquasec/trivy-db');
    const seen: string[] = [];
    for (let i = 0; i < 20; i++) {
      const step = nextDbStep(attempt, GHCR_429);
      if (step.action === 'give-up') {
        seen.push('give-up');
        break;
      }
      seen.push(`${step.action} ${step.repository}${step.action === 'retry' ? ` ${step.delayMs}` : ''}`);
      ({ repository, attempt } = step);
    }
    expect(seen).toEqual([
      `retry ${DB_MIRRORS[0]} 10000`,
      `retry ${DB_MIRRORS[0]} 30000`,
      `next-mirror ${DB_MIRRORS[1]}`,
      `retry ${DB_MIRRORS[1]} 10000`,
      `retry ${DB_MIRRORS[1]} 30000`,
      `next-mirror ${DB_MIRRORS[2]}`,
      `retry ${DB_MIRRORS[2]} 10000`,
      `retry ${DB_MIRRORS[2]} 30000`,
      'give-up',
    ]);
  });

  it('moves on at once for other DB errors, and gives up for non-DB failures', () => {
    const unknown =
      'DB error: failed to download vulnerability DB: OCI artifact error: GET https://x/manifests/2: UNKNOWN: unknown error';
    expect(nextDbStep({ mirrorIndex: 0, retries: 0 }, unknown)).toMatchObject({
      action: 'next-mirror',
      repository: DB_MIRRORS[1],
    });
    expect(
      nextDbStep({ mirrorIndex: 0, retries: 0 }, 'unable to find the specified image "nope"'),
    ).toMatchObject({ action: 'give-up' });
  });
});

describe('trivyArgs', () => {
  it('builds an image scan: JSON to a file, no --severity, skip-db when fresh, db repo, cache, ignore file', () => {
    expect(
      trivyArgs({
        scanType: 'image',
        target: 'alpine:3.10',
        outputPath: '/tmp/out dir/report.json',
        skipDbUpdate: true,
        dbRepository: DB_MIRRORS[1],
        cacheDir: '/tmp/cache',
        ignoreFile: '.trivyignore.yaml',
      }),
    ).toEqual([
      'image',
      '--format',
      'json',
      '--output',
      '/tmp/out dir/report.json',
      '--exit-code',
      '0',
      '--no-progress',
      '--scanners',
      'vuln,secret',
      '--skip-db-update',
      '--db-repository',
      'ghcr.io/aquasecurity/trivy-db',
      '--cache-dir',
      '/tmp/cache',
      '--ignorefile',
      '.trivyignore.yaml',
      'alpine:3.10',
    ]);
  });

  it('uses scanners per scan type (config takes none) and validates input', () => {
    expect(trivyArgs({ scanType: 'fs', target: '.', outputPath: 'o.json' })).toContain(
      'vuln,secret,misconfig',
    );
    const config = trivyArgs({ scanType: 'config', target: 'infra', outputPath: 'o.json' });
    expect(config).not.toContain('--scanners');
    expect(config).not.toContain('--severity');
    expect(config.at(-1)).toBe('infra');
    expect(() => trivyArgs({ scanType: 'fs', target: '--help', outputPath: 'o' })).toThrow(
      'target: "--help" is not a valid scan target',
    );
    expect(() =>
      trivyArgs({ scanType: 'fs', target: '.', outputPath: 'o', scanners: ['vuln', 'sast'] }),
    ).toThrow('scanners: "sast" is not a Trivy scanner');
    // @ts-expect-error an unsupported scan type from an untyped input
    expect(() => trivyArgs({ scanType: 'k8s', target: 'x', outputPath: 'o' })).toThrow(
      'scan-type: "k8s" is not supported',
    );
  });
});

describe('known-compromised releases', () => {
  it('flags force-pushed trivy-action tags 0.0.1–0.34.2 but not v-prefixed, 0.35.0+ or SHAs', () => {
    expect(checkTrivyActionRef('0.34.2')?.what).toBe('trivy-action');
    expect(checkTrivyActionRef('0.28.0')).toBeDefined();
    expect(checkTrivyActionRef('v0.34.0')).toBeUndefined();
    expect(checkTrivyActionRef('0.35.0')).toBeUndefined();
    expect(checkTrivyActionRef('57a97c7e7821a5776cebc9bb87c984fa69cba8f1')).toBeUndefined();
  });
});
