import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { actionDir, manifestProblems } from '@shipyard/testbed';
import { DB_MIRRORS, dbCacheKey } from '@shipyard/trivy';
import { trivyScan } from '../src/main';
import { errors, scenario, warnings, type Scenario } from './helpers';

const DIGEST_REF = `ghcr.io/octo-org/app@sha256:${'4f'.repeat(32)}`;
const ARCHIVE = 'images/alpine-310.tar.gz';

let s: Scenario | undefined;
afterEach(() => {
  s?.standIn.cleanup();
  s = undefined;
});

const scans = (calls: string[][]) =>
  calls.filter(
    (c) => ['image', 'fs', 'repo', 'config'].includes(c[0] ?? '') && !c.includes('--download-db-only'),
  );

describe('trivy-scan: scanning with a stand-in trivy replaying real outputs', () => {
  it('agrees with its action.yml', () => {
    expect(manifestProblems(actionDir('trivy-scan'), trivyScan)).toEqual([]);
  });

  it('scans an image: downloads the DB from the first mirror, scans with --skip-db-update, gates CRITICAL (exit 1)', async () => {
    s = scenario({ targets: { 'alpine:3.10': 'image-alpine-3.10.trivy-0.72.0.json' } });
    const r = await s.run({ targets: 'alpine:3.10' }, { node: 'node24' });
    expect(r.exitCode).toBe(1);
    expect(r.outputs).toMatchObject({
      critical: '1',
      high: '0',
      medium: '0',
      low: '0',
      unknown: '0',
      new: '1',
      passed: 'false',
    });
    expect(errors(r)).toHaveLength(1);
    expect(errors(r)[0]?.message).toBe('trivy-scan: 1 finding gates (CRITICAL, HIGH); see the job summary');
    const calls = s.standIn.calls();
    expect(calls[0]).toEqual(['--version']);
    expect(calls[1]?.slice(0, 5)).toEqual([
      'image',
      '--download-db-only',
      '--no-progress',
      '--db-repository',
      DB_MIRRORS[0],
    ]);
    const [scan] = scans(calls);
    expect(scan?.slice(0, 5)).toEqual(['image', '--format', 'json', '--output', r.outputs.json]);
    expect(scan).toEqual(
      expect.arrayContaining(['--skip-db-update', '--scanners', 'vuln,secret', '--exit-code', '0']),
    );
    expect(scan?.at(-1)).toBe('alpine:3.10');
    // A workspace .trivyignore or trivy.yaml cannot act behind the gate: both point at an empty file.
    const neutral = scan?.[scan.indexOf('--ignorefile') + 1];
    expect(scan?.[scan.indexOf('--config') + 1]).toBe(neutral);
    expect(readFileSync(neutral!, 'utf8')).toBe('');
    expect(r.summary).toContain('CVE-2021-36159');
    expect(r.summary).toMatch(/Findings that gate/);
    expect(r.summary).toContain('Vulnerability DB downloaded from mirror.gcr.io/aquasec/trivy-db.');
    expect(existsSync(`${s.cacheDir}/${dbCacheKey(new Date())}`)).toBe(true);
  });

  it('gives trivy an explicit environment: no INPUT_* and no TRIVY_* from the job', async () => {
    s = scenario({ targets: { 'alpine:3.10': 'image-alpine-3.10.trivy-0.72.0.json' } });
    await s.run(
      { targets: 'alpine:3.10' },
      { env: { TRIVY_SEVERITY: 'LOW', TRIVY_DB_REPOSITORY: 'evil.example/db' } },
    );
    const seen = s.standIn.envs().flat();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((k) => k.startsWith('INPUT_') || k.startsWith('TRIVY_'))).toEqual([]);
  });

  it('uses a fresh cached DB on the next run without downloading', async () => {
    s = scenario({ targets: { 'alpine:3.10': 'image-alpine-3.10.trivy-0.72.0.json' } });
    const first = await s.run({ targets: 'alpine:3.10', severity: 'HIGH' });
    expect(first.exitCode).toBe(0);
    const before = s.standIn.calls().length;
    const second = await s.run({ targets: 'alpine:3.10', severity: 'HIGH' });
    expect(second.exitCode).toBe(0);
    const later = s.standIn.calls().slice(before);
    expect(later.filter((c) => c.includes('--download-db-only'))).toEqual([]);
    expect(scans(later)[0]).toContain('--skip-db-update');
    expect(second.summary).toMatch(
      /Vulnerability DB from the cache \(DB is 0\.0 h old, within the 24\.0 h bound\)/,
    );
  });

  it('two targets: two JSON and two SARIF files with distinct categories; an archive is read with --input', async () => {
    s = scenario({
      targets: { [ARCHIVE]: 'image-alpine-3.10-vulns.json', [DIGEST_REF]: 'image-alpine-3.10-vulns.json' },
    });
    s.file(ARCHIVE, 'not read by the stand-in');
    const r = await s.run({ targets: `${ARCHIVE}\n${DIGEST_REF}`, sarif: 'true', name: 'release' });
    expect(r.exitCode).toBe(0);
    expect(r.outputs.medium).toBe('8');
    const json = r.outputs.json!.split('\n');
    const sarif = r.outputs['sarif-file']!.split('\n');
    expect(json).toHaveLength(2);
    expect(sarif).toHaveLength(2);
    expect(new Set(json).size).toBe(2);
    const categories = sarif.map(
      (f) =>
        (JSON.parse(readFileSync(f, 'utf8')) as { runs: { automationDetails: { id: string } }[] }).runs[0]
          ?.automationDetails.id,
    );
    expect(categories).toEqual([
      'trivy/release/images-alpine-310.tar.gz/',
      'trivy/release/ghcr.io-octo-org-app-4f4f4f4f4f4f/',
    ]);
    const calls = s.standIn.calls();
    expect(scans(calls)[0]?.slice(-2)).toEqual(['--input', ARCHIVE]);
    expect(scans(calls)[1]?.at(-1)).toBe(DIGEST_REF);
    expect(scans(calls)[1]).not.toContain('--input');
    const converts = calls.filter((c) => c[0] === 'convert');
    expect(converts).toEqual(json.map((j, i) => ['convert', '--format', 'sarif', '--output', sarif[i], j]));
    expect(
      r.summary.match(/testdata\/fixtures\/images\/alpine-310\.tar\.gz/g)?.length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('a failed conversion is a warning; the verdict comes from the JSON', async () => {
    s = scenario({ targets: { 'alpine:3.10': 'image-alpine-3.10.trivy-0.72.0.json' } });
    const r = await s.run({ targets: 'alpine:3.10', sarif: 'true', severity: 'HIGH' });
    expect(r.exitCode).toBe(0);
    expect(r.outputs['sarif-file']).toBe('');
    expect(warnings(r).map((w) => w.message)).toEqual([
      expect.stringMatching(/^trivy convert --format sarif failed for alpine:3\.10 \(exit 1\)/),
    ]);
  });

  it('a scan that fails names the target and quotes trivy', async () => {
    s = scenario({});
    const r = await s.run({ targets: 'nginx:missing' });
    expect(r.exitCode).toBe(1);
    expect(errors(r)).toHaveLength(1);
    expect(errors(r)[0]?.message).toMatch(
      /^trivy-scan: trivy image nginx:missing failed \(exit 1\):\nstand-in trivy: no recorded image scan of nginx:missing/,
    );
  });

  it('config scans need no DB; a fs scan of a secret never shows the secret', async () => {
    s = scenario({
      targets: {
        infra: 'config-terraform-misconfig-fail.trivy-0.72.0.json',
        '.': 'secret-scan-local-repo.json',
      },
    });
    s.file('infra/main.tf', '');
    const config = await s.run({ 'scan-type': 'config', targets: 'infra', severity: 'CRITICAL' });
    expect(s.standIn.calls().filter((c) => c.includes('--download-db-only'))).toEqual([]);
    expect(scans(s.standIn.calls())[0]).not.toContain('--skip-db-update');
    expect(config.outputs.critical).toBe('0');
    const secrets = await s.run({ 'scan-type': 'fs', targets: '.' });
    expect(secrets.exitCode).toBe(1);
    expect(secrets.outputs).toMatchObject({ critical: '1', high: '1' });
    expect(secrets.summary).toContain('aws-access-key-id');
    expect(secrets.summary).not.toContain('ghp_0123456789ABCDEF');
  });
});
