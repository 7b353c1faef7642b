import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { actionDir, fixturePath, runAction, startFakeGitHub, type FakeGitHub } from '@shipyard/testbed';
import { DEFAULT_VERSIONS, RELEASES } from '@shipyard/tools';
import { baseCacheKey, readTrivyReport, serialiseBaseline } from '@shipyard/trivy';
import { errors, scenario, warnings, type Scenario } from './helpers';

const IMAGE = 'alpine:3.10';
const BASE_SHA = 'b'.repeat(40);
const prEvent = (baseSha = BASE_SHA) => ({
  name: 'pull_request',
  payload: { number: 7, pull_request: { number: 7, labels: [], base: { sha: baseSha, ref: 'main' } } },
});

let s: Scenario | undefined;
let gh: FakeGitHub | undefined;
beforeEach(() => {
  s = scenario({ targets: { [IMAGE]: 'image-alpine-3.10.trivy-0.72.0.json' } });
});
afterEach(async () => {
  s?.standIn.cleanup();
  await gh?.stop();
  gh = undefined;
});
const sc = () => s as Scenario;

describe('installing trivy', () => {
  it('defaults to a version pinned in the committed table for every platform', () => {
    const manifest = parseYaml(readFileSync(join(actionDir('trivy-scan'), 'action.yml'), 'utf8')) as {
      inputs: { version: { default: string } };
    };
    expect(manifest.inputs.version.default).toBe(DEFAULT_VERSIONS.trivy);
    const pinned = RELEASES.filter(
      (r) => r.tool === 'trivy' && r.version === manifest.inputs.version.default,
    );
    expect(pinned.map((r) => `${r.platform}/${r.arch}`).sort()).toEqual([
      'darwin/arm64',
      'darwin/x64',
      'linux/arm64',
      'linux/x64',
    ]);
    expect(pinned.every((r) => /^[0-9a-f]{64}$/.test(r.sha256))).toBe(true);
  });

  it('the default version runs from the tool cache without touching the network', async () => {
    const runnerTemp = mkdtempSync(join(tmpdir(), 'runner-'));
    const dir = join(runnerTemp, 'toolcache', 'trivy', DEFAULT_VERSIONS.trivy!, 'x64');
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(sc().standIn.dir, 'trivy'), join(dir, 'trivy'));
    chmodSync(join(dir, 'trivy'), 0o755);
    writeFileSync(`${dir}.complete`, '');
    const r = await runAction('trivy-scan', {
      inputs: { targets: IMAGE, sarif: 'false', severity: 'HIGH' },
      runnerTemp,
      env: { SHIPYARD_CACHE_DIR: sc().cacheDir },
    });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`trivy ${DEFAULT_VERSIONS.trivy} from tool-cache`);
    expect(
      sc()
        .standIn.calls()
        .some((c) => c.at(-1) === IMAGE),
    ).toBe(true);
  });

  it('refuses the compromised 0.69.4 with one clear error and runs nothing', async () => {
    const r = await sc().run({ targets: IMAGE, version: '0.69.4' }, { node: 'node24' });
    expect(r.exitCode).toBe(1);
    expect(errors(r)).toHaveLength(1);
    expect(errors(r)[0]?.message).toMatch(
      /^trivy-scan: input 'version' is "0\.69\.4": trivy 0\.69\.4 is known to be compromised and will not be installed: .*GHSA-69fq-xp46-6x23/,
    );
    expect(sc().standIn.calls()).toEqual([]);
  });

  it('refuses a system trivy that reports a compromised version', async () => {
    s?.standIn.cleanup();
    s = scenario({ version: '0.69.4', targets: { [IMAGE]: 'image-alpine-3.10.trivy-0.72.0.json' } });
    const r = await sc().run({ targets: IMAGE });
    expect(errors(r)).toHaveLength(1);
    expect(errors(r)[0]?.message).toMatch(/the trivy on PATH .* is 0\.69\.4, known to be compromised/);
    expect(sc().standIn.calls()).toEqual([['--version']]);
  });
});

describe('policy: new-only, ignore files, allowlist', () => {
  it('push to the default branch records the baseline; a PR against it gates only new findings', async () => {
    const push = await sc().run(
      { targets: IMAGE, 'new-only': 'true' },
      {
        event: { name: 'push', payload: { repository: { default_branch: 'main' } } },
        env: { GITHUB_SHA: BASE_SHA },
      },
    );
    expect(push.exitCode).toBe(1);
    expect(push.summary).toContain('this scan becomes the baseline');
    const pr = await sc().run({ targets: IMAGE, 'new-only': 'true' }, { event: prEvent() });
    expect(pr.exitCode).toBe(0);
    expect(pr.outputs).toMatchObject({ critical: '1', new: '0', passed: 'true' });
    expect(pr.summary).toContain(`compared with the scan of base commit ${BASE_SHA.slice(0, 7)} (main)`);
  });

  it('a baseline restored through SHIPYARD_CACHE_DIR counts only findings absent there', async () => {
    const report = readTrivyReport(
      readFileSync(fixturePath('trivy/image-alpine-3.10-vulns.json'), 'utf8'),
      'x',
    );
    const entry = join(sc().cacheDir, baseCacheKey('image', BASE_SHA));
    mkdirSync(entry, { recursive: true });
    writeFileSync(
      join(entry, '0'),
      serialiseBaseline(
        BASE_SHA,
        report.findings.slice(0, 1).map((f) => f.fingerprint),
      ),
    );
    s?.standIn.cleanup();
    const cacheDir = sc().cacheDir;
    s = { ...scenario({ targets: { [IMAGE]: 'image-alpine-3.10-vulns.json' } }), cacheDir };
    const r = await sc().run(
      { targets: IMAGE, 'new-only': 'true', severity: 'MEDIUM' },
      { event: prEvent(), env: { SHIPYARD_CACHE_DIR: cacheDir } },
    );
    expect(r.outputs).toMatchObject({ medium: '4', new: '3', passed: 'false' });
    expect(errors(r)[0]?.message).toBe('trivy-scan: 3 findings gate (MEDIUM; new only); see the job summary');
  });

  it('without a recorded base it says so and gates on every finding', async () => {
    const r = await sc().run({ targets: IMAGE, 'new-only': 'true' }, { event: prEvent('c'.repeat(40)) });
    expect(r.exitCode).toBe(1);
    expect(r.outputs.new).toBe('1');
    expect(r.summary).toContain(
      'no scan of the base commit ccccccc (main) is cached, so every finding gates',
    );
  });

  it('an expired .trivyignore.yaml entry stops suppressing and is reported; an active one suppresses', async () => {
    sc().file(
      '.trivyignore.yaml',
      'vulnerabilities:\n  - id: CVE-2021-36159\n    statement: accepted until the base image moves\n    expired_at: 2020-01-01\n',
    );
    const expired = await sc().run({ targets: IMAGE, 'ignore-file': '.trivyignore.yaml' });
    expect(expired.exitCode).toBe(1);
    expect(warnings(expired).map((w) => w.message)).toContain(
      'ignore entry CVE-2021-36159 (.trivyignore.yaml#vulnerabilities[0]) expired on 2020-01-01: it no longer suppresses (1 finding)',
    );
    expect(expired.summary).toContain('Expired ignores');
    sc().file('.trivyignore', 'CVE-2021-36159 exp:2999-12-31\n');
    const active = await sc().run({ targets: IMAGE, 'ignore-file': '.trivyignore' });
    expect(active.exitCode).toBe(0);
    expect(active.outputs).toMatchObject({ critical: '0', passed: 'true' });
  });

  it('allowlist entries need a reason and an expiry', async () => {
    const bad = await sc().run({ targets: IMAGE, allowlist: '- id: CVE-2021-36159\n  expires: 2999-01-01' });
    expect(bad.exitCode).toBe(1);
    expect(errors(bad).map((e) => e.message)).toEqual([
      `trivy-scan: input 'allowlist': allowlist#1 (CVE-2021-36159): entry needs a "reason" saying why CVE-2021-36159 is accepted`,
    ]);
    const good = await sc().run({
      targets: IMAGE,
      allowlist: '- id: CVE-2021-36159\n  reason: musl, not reachable\n  expires: 2999-01-01',
    });
    expect(good.exitCode).toBe(0);
  });
});

describe('report mode and bad input', () => {
  it('evaluates existing reports without installing trivy, gating on the severities given', async () => {
    const files = [fixturePath('trivy/fs-gomod-vulns.json'), fixturePath('trivy/fs-npm-lockfile-vulns.json')];
    const pass = await runAction('trivy-scan', { inputs: { report: files.join('\n'), sarif: 'false' } });
    expect(pass.exitCode).toBe(0);
    expect(pass.outputs).toMatchObject({
      critical: '0',
      high: '0',
      medium: '2',
      unknown: '4',
      passed: 'true',
    });
    expect(pass.outputs.json).toBe(files.join('\n'));
    expect(pass.stdout).not.toMatch(/trivy [\d.]+ from/);
    const fail = await runAction('trivy-scan', {
      inputs: { report: files[0]!, sarif: 'false', severity: 'UNKNOWN' },
    });
    expect(fail.exitCode).toBe(1);
    expect(errors(fail).map((e) => e.message)).toEqual([
      'trivy-scan: 4 findings gate (UNKNOWN); see the job summary',
    ]);
    expect(fail.summary).toContain('GMS-2022-20');
  });

  it.each([
    [
      { 'scan-type': 'k8s', targets: IMAGE },
      /^trivy-scan: invalid input:\ninput 'scan-type' is "k8s": expected one of: image, fs, repo, config$/,
    ],
    [{}, /^trivy-scan: input 'targets' is empty/],
    [
      { 'scan-type': 'fs', targets: 'no/such/dir' },
      /^trivy-scan: input 'targets': "no\/such\/dir" does not exist in the workspace/,
    ],
    [
      { severity: 'HIGH,SEVERE', targets: IMAGE },
      /input 'severity' is "HIGH,SEVERE": "SEVERE" is not a severity; allowed: CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN/,
    ],
    [
      { report: fixturePath('trivy/image-vuln-image-table.trivy-0.72.0.txt') },
      /^trivy-scan: input 'report': .*not JSON — this is Trivy's table output; run trivy with --format json/,
    ],
    [{ report: 'missing.json' }, /^trivy-scan: input 'report': cannot read .*missing\.json \(ENOENT\)/],
  ])('one clear error for %j', async (inputs, message) => {
    const r = await sc().run(inputs);
    expect(r.exitCode).toBe(1);
    expect(errors(r)).toHaveLength(1);
    expect(errors(r)[0]?.message).toMatch(message);
  });

  it('rejects an unsupported SchemaVersion and a JSON that is not a Trivy report', async () => {
    sc().file('old.json', '{"SchemaVersion": 1, "Results": []}');
    sc().file('other.json', '{"runs": []}');
    const old = await sc().run({ report: 'old.json' });
    expect(errors(old).map((e) => e.message)).toEqual([
      expect.stringMatching(
        /input 'report': .*old\.json: Trivy report SchemaVersion 1 is not supported; only SchemaVersion 2/,
      ),
    ]);
    const other = await sc().run({ report: 'other.json' });
    expect(errors(other).map((e) => e.message)).toEqual([
      expect.stringMatching(/input 'report': .*other\.json: not a Trivy JSON report \(no SchemaVersion\)/),
    ]);
  });
});

describe('publishing: SARIF upload and the sticky comment', () => {
  beforeEach(async () => {
    gh = await startFakeGitHub();
    s?.standIn.cleanup();
    s = scenario({ targets: { [IMAGE]: 'image-alpine-3.10-vulns.json' } });
  });
  const publish = (extra: Record<string, string>) =>
    sc().run(
      { targets: IMAGE, sarif: 'true', 'github-token': 'ghs_test', ...extra },
      { env: { GITHUB_API_URL: gh!.url }, event: prEvent() },
    );

  it('uploads each SARIF with its category; a 403 (no Advanced Security) is a warning and the exit code is unchanged', async () => {
    const ok = await publish({ 'upload-sarif': 'true' });
    expect(ok.exitCode).toBe(0);
    expect(gh!.state.sarifs).toHaveLength(1);
    const uploaded = gh!.state.sarifs[0]!.sarif as {
      runs: { automationDetails: { id: string }; results: unknown[] }[];
    };
    expect(uploaded.runs[0]?.automationDetails.id).toBe('trivy/image/alpine-3.10/');
    expect(uploaded.runs[0]?.results).toHaveLength(4);
    gh!.state.advancedSecurity = false;
    const refused = await publish({ 'upload-sarif': 'true' });
    expect(refused.exitCode).toBe(ok.exitCode);
    expect(warnings(refused).map((w) => w.message)).toEqual([
      expect.stringMatching(/^upload-sarif: code scanning refused the upload \(HTTP 403\)/),
    ]);
    expect(gh!.state.sarifs).toHaveLength(1);
  });

  it('keeps one sticky comment across reruns, and a gate failure still exits 1 after commenting', async () => {
    for (let i = 0; i < 3; i++) expect((await publish({ comment: 'true' })).exitCode).toBe(0);
    const failed = await publish({ comment: 'true', severity: 'MEDIUM' });
    expect(failed.exitCode).toBe(1);
    const comments = gh!.commentsOn(7);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body.startsWith('<!-- shipyard:trivy-scan:image -->')).toBe(true);
    expect(comments[0]?.body).toContain('4** findings fail the gate');
    expect(comments[0]?.body).not.toContain('ghs_test');
  });
});
