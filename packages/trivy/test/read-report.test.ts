import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '@shipyard/testbed';
import { countTrivy, evaluateTrivy, parseTableSummary, readTrivyReport, readTrivySarif } from '../src/index';

const dir = fixturePath('trivy');
const read = (name: string) => readFileSync(join(dir, name), 'utf8');

/**
 * Expected counts, computed once outside our code with jq (FAIL misconfigurations only):
 *   jq -c '[.Results[]? | (.Vulnerabilities[]? | {k:"v",s:.Severity}),
 *          (.Misconfigurations[]? | select(.Status=="FAIL") | {k:"m",s:.Severity}), (.Secrets[]? | {k:"s",s:.Severity})]
 *          | {n:length, C:map(select(.s=="CRITICAL"))|length, H:…, M:…, L:…, U:…,
 *             gate:map(select(.s=="CRITICAL" or .s=="HIGH"))|length}' FILE
 *   targets: jq '[.Results[]?] | length' FILE
 * kinds: v/m/s = vulnerabilities / failed misconfigurations / secrets (same jq, grouped by .k).
 */
const EXPECTED: Record<
  string,
  {
    C: number;
    H: number;
    M: number;
    L: number;
    U: number;
    gate: number;
    targets: number;
    kinds: [number, number, number];
  }
> = {
  'config-dockerfile-misconfig-fail.json': {
    C: 0,
    H: 1,
    M: 0,
    L: 0,
    U: 0,
    gate: 1,
    targets: 1,
    kinds: [0, 1, 0],
  },
  'config-helm-chart-misconfigs.json': {
    C: 0,
    H: 3,
    M: 4,
    L: 11,
    U: 0,
    gate: 3,
    targets: 1,
    kinds: [0, 18, 0],
  },
  'config-terraform-misconfig-fail.trivy-0.72.0.json': {
    C: 0,
    H: 5,
    M: 1,
    L: 2,
    U: 0,
    gate: 5,
    targets: 2,
    kinds: [0, 8, 0],
  },
  'config-terraform-no-failures.trivy-0.72.0.json': {
    C: 0,
    H: 0,
    M: 0,
    L: 0,
    U: 0,
    gate: 0,
    targets: 2,
    kinds: [0, 0, 0],
  },
  'fs-gomod-vulns.json': { C: 0, H: 0, M: 1, L: 0, U: 4, gate: 0, targets: 3, kinds: [5, 0, 0] },
  'fs-npm-lockfile-vulns.json': { C: 0, H: 0, M: 1, L: 0, U: 0, gate: 0, targets: 1, kinds: [1, 0, 0] },
  'fs-pip-requirements-vulns.json': { C: 0, H: 1, M: 1, L: 0, U: 0, gate: 1, targets: 1, kinds: [2, 0, 0] },
  'image-alpine-3.10-vulns.json': { C: 0, H: 0, M: 4, L: 0, U: 0, gate: 0, targets: 1, kinds: [4, 0, 0] },
  'image-alpine-3.10.trivy-0.72.0.json': {
    C: 1,
    H: 0,
    M: 0,
    L: 0,
    U: 0,
    gate: 1,
    targets: 1,
    kinds: [1, 0, 0],
  },
  'image-alpine-3.9-no-results.json': { C: 0, H: 0, M: 0, L: 0, U: 0, gate: 0, targets: 0, kinds: [0, 0, 0] },
  'image-alpine-3.9-severity-high-critical.json': {
    C: 2,
    H: 0,
    M: 0,
    L: 0,
    U: 0,
    gate: 2,
    targets: 1,
    kinds: [2, 0, 0],
  },
  'image-debian-buster-vulns.json': { C: 1, H: 0, M: 0, L: 1, U: 0, gate: 1, targets: 1, kinds: [2, 0, 0] },
  'image-ubuntu-18.04-vulns.json': { C: 0, H: 0, M: 4, L: 1, U: 0, gate: 0, targets: 1, kinds: [5, 0, 0] },
  'repo-cargo-vulns-pipenv-clean.json': {
    C: 0,
    H: 1,
    M: 1,
    L: 0,
    U: 0,
    gate: 1,
    targets: 2,
    kinds: [2, 0, 0],
  },
  'repo-no-results.json': { C: 0, H: 0, M: 0, L: 0, U: 0, gate: 0, targets: 0, kinds: [0, 0, 0] },
  'secret-scan-local-repo.json': { C: 1, H: 1, M: 0, L: 0, U: 0, gate: 2, targets: 1, kinds: [0, 0, 2] },
  'secret-scan-remote-repo.trivy-0.72.0.json': {
    C: 1,
    H: 0,
    M: 0,
    L: 0,
    U: 0,
    gate: 1,
    targets: 1,
    kinds: [0, 0, 1],
  },
};

// SARIF: jq -c '[.runs[].results[].level] | group_by(.) | map({(.[0]): length}) | add' FILE
// severity via the rule's tags: jq -c '.runs[0].tool.driver.rules as $r | [.runs[0].results[] | $r[.ruleIndex].properties.tags[2]]'
const SARIF: Record<string, { levels: Record<string, number>; H: number; M: number; L: number }> = {
  'config-terraform-misconfig-fail.trivy-0.72.0.sarif': {
    levels: { error: 5, warning: 1, note: 2 },
    H: 5,
    M: 1,
    L: 2,
  },
  'image-alpine-3.10-vulns.sarif': { levels: { warning: 4 }, H: 0, M: 4, L: 0 },
};

describe('every Trivy fixture', () => {
  const files = readdirSync(dir);

  it('has an expectation (a new fixture must be added here)', () => {
    const covered = [
      ...Object.keys(EXPECTED),
      ...Object.keys(SARIF),
      'image-vuln-image-table.trivy-0.72.0.txt',
      'fs-table-nothing-scanned.trivy-0.72.0.txt',
    ];
    expect(files.sort()).toEqual(covered.sort());
  });

  for (const [name, want] of Object.entries(EXPECTED)) {
    it(`${name}: counts by severity, kind and target`, () => {
      const report = readTrivyReport(read(name), name);
      const evaluation = evaluateTrivy(report, {}, new Date('2026-06-01T00:00:00Z'));
      const counts = countTrivy(evaluation);
      expect(counts.total).toEqual({
        CRITICAL: want.C,
        HIGH: want.H,
        MEDIUM: want.M,
        LOW: want.L,
        UNKNOWN: want.U,
      });
      expect(counts.gating).toBe(want.gate);
      expect(evaluation.passed).toBe(want.gate === 0);
      expect(report.targets).toHaveLength(want.targets);
      const kinds = ['vulnerability', 'misconfiguration', 'secret'].map(
        (k) => report.findings.filter((f) => f.kind === k).length,
      );
      expect(kinds).toEqual(want.kinds);
      expect(counts.perTarget.reduce((n, t) => n + t.total, 0)).toBe(report.findings.length);
      expect(new Set(report.findings.map((f) => f.fingerprint)).size).toBe(report.findings.length);
    });
  }

  for (const [name, want] of Object.entries(SARIF)) {
    it(`${name}: SARIF results by level and severity`, () => {
      const s = readTrivySarif(read(name), name);
      expect(s.byLevel).toEqual(want.levels);
      expect(s.bySeverity).toEqual({ CRITICAL: 0, HIGH: want.H, MEDIUM: want.M, LOW: want.L, UNKNOWN: 0 });
      expect(s.tool).toBe('Trivy');
    });
  }

  it('SARIF and JSON of the same scans agree on severity counts', () => {
    for (const [sarif, json] of [
      ['image-alpine-3.10-vulns.sarif', 'image-alpine-3.10-vulns.json'],
      [
        'config-terraform-misconfig-fail.trivy-0.72.0.sarif',
        'config-terraform-misconfig-fail.trivy-0.72.0.json',
      ],
    ] as const) {
      const fromJson = countTrivy(evaluateTrivy(readTrivyReport(read(json), json), {}, new Date())).total;
      expect(readTrivySarif(read(sarif), sarif).bySeverity).toEqual(fromJson);
    }
  });

  it('table output is refused with a hint to use --format json', () => {
    for (const name of [
      'image-vuln-image-table.trivy-0.72.0.txt',
      'fs-table-nothing-scanned.trivy-0.72.0.txt',
    ]) {
      expect(() => readTrivyReport(read(name), name)).toThrow(
        `${name}: not JSON — this is Trivy's table output; run trivy with --format json`,
      );
    }
  });

  it('the table summary box is parsed: 19 alpine + 4 cargo, and "nothing scanned" is recognised', () => {
    const full = parseTableSummary(read('image-vuln-image-table.trivy-0.72.0.txt'));
    expect(full?.scanned).toBe(true);
    expect(full?.rows.map((r) => [r.target, r.type, r.counts.Vulnerabilities, r.counts.Secrets])).toEqual([
      ['knqyf263/vuln-image:1.2.3 (alpine 3.7.1)', 'alpine', 19, null],
      ['rust-app/Cargo.lock', 'cargo', 4, null],
    ]);
    const empty = parseTableSummary(read('fs-table-nothing-scanned.trivy-0.72.0.txt'));
    expect(empty).toEqual({
      columns: ['Target', 'Type', 'Vulnerabilities', 'Secrets'],
      rows: [],
      scanned: false,
    });
  });
});

describe('reader details', () => {
  it('keeps the vulnerability fields a reader needs', () => {
    const name = 'image-debian-buster-vulns.json';
    const [bash, libidn] = readTrivyReport(read(name), name).findings;
    expect(bash).toMatchObject({
      id: 'CVE-2019-18276',
      pkgName: 'bash',
      status: 'affected',
      severity: 'LOW',
    });
    expect(bash?.fixedVersion).toBeUndefined();
    expect(libidn).toMatchObject({
      kind: 'vulnerability',
      id: 'CVE-2019-18224',
      severity: 'CRITICAL',
      pkgName: 'libidn2-0',
      fixedVersion: '2.0.5-1+deb10u1',
      status: 'fixed',
      targetType: 'debian',
    });
    expect(libidn?.url).toMatch(/^https:\/\//);
  });

  it('keeps the misconfiguration resource and line', () => {
    const name = 'config-terraform-misconfig-fail.trivy-0.72.0.json';
    const first = readTrivyReport(read(name), name).findings[0];
    expect(first).toMatchObject({
      kind: 'misconfiguration',
      id: 'AWS-0086',
      pkgName: 'aws_s3_bucket.bucket',
      line: 8,
      target: 'main.tf',
      status: 'FAIL',
    });
  });

  it('never keeps a secret value (Match and Code are dropped)', () => {
    for (const name of ['secret-scan-local-repo.json', 'secret-scan-remote-repo.trivy-0.72.0.json']) {
      const text = read(name);
      const report = readTrivyReport(text, name);
      const serialised = JSON.stringify(report);
      // The fixtures do carry a value (masked in Match, unmasked in a Code context line).
      expect(text).toMatch(/ghp_0123456789|\*{8}/);
      expect(serialised).not.toMatch(/ghp_|\*{4}|Match|Code|export /);
      expect(report.findings[0]).toMatchObject({ kind: 'secret', severity: 'CRITICAL' });
    }
  });

  it('rejects other schema versions, non-Trivy JSON and broken JSON, naming the file', () => {
    expect(() => readTrivyReport('{"SchemaVersion":1,"Results":[]}', 'old.json')).toThrow(
      'old.json: Trivy report SchemaVersion 1 is not supported; only SchemaVersion 2',
    );
    expect(() => readTrivyReport('{"runs":[]}', 'x.json')).toThrow(
      'x.json: not a Trivy JSON report (no SchemaVersion)',
    );
    expect(() => readTrivyReport('{"SchemaVersion":2,', 'cut.json')).toThrow('cut.json: not valid JSON');
    expect(() => readTrivyReport('{"SchemaVersion":2,"Results":{}}', 'r.json')).toThrow(
      'r.json: Trivy report "Results" must be a list',
    );
    expect(() => readTrivySarif('{"version":"2.0.0","runs":[]}', 'a.sarif')).toThrow(
      'a.sarif: SARIF version "2.0.0" is not supported',
    );
  });
});
