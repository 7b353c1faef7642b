import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '@shipyard/testbed';
import {
  countOutputs,
  countTrivy,
  evaluateTrivy,
  parseAllowlist,
  parseSeverities,
  parseTrivyIgnore,
  parseTrivyIgnoreYaml,
  readTrivyReport,
} from '../src/index';

const report = (name: string) => readTrivyReport(readFileSync(fixturePath(`trivy/${name}`), 'utf8'), name);
const NOW = new Date('2026-06-01T12:00:00Z');

describe('severity and ignore-unfixed', () => {
  it('gates on the configured severities only, keeping every finding', () => {
    const r = report('config-helm-chart-misconfigs.json');
    const e = evaluateTrivy(r, { severities: parseSeverities('high, medium') }, NOW);
    // 3 HIGH + 4 MEDIUM (jq counts in read-report.test.ts)
    expect(e.gating).toHaveLength(7);
    expect(e.findings).toHaveLength(18);
    expect(e.findings.filter((f) => f.decision === 'below-threshold')).toHaveLength(11);
  });

  it('ignore-unfixed drops vulnerabilities without a fix (status affected, no FixedVersion)', () => {
    // jq '[.Results[]?.Vulnerabilities[]? | select((.FixedVersion//"")=="" or ((.Status//"")!="" and .Status!="fixed"))] | length'
    // → 1 for debian-buster (bash CVE-2019-18276, LOW, affected)
    const r = report('image-debian-buster-vulns.json');
    const all = parseSeverities('CRITICAL,HIGH,MEDIUM,LOW,UNKNOWN');
    expect(evaluateTrivy(r, { severities: all }, NOW).gating).toHaveLength(2);
    const e = evaluateTrivy(r, { severities: all, ignoreUnfixed: true }, NOW);
    expect(e.gating.map((f) => f.id)).toEqual(['CVE-2019-18224']);
    expect(e.findings.find((f) => f.id === 'CVE-2019-18276')?.decision).toBe('unfixed');
  });

  it('rejects a bad severity naming it', () => {
    expect(() => parseSeverities('CRITICAL,SEVERE')).toThrow(
      'severity: "SEVERE" is not a severity; allowed: CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN',
    );
    expect(() => parseSeverities(' , ')).toThrow('severity: empty');
  });
});

describe('ignore files', () => {
  it('.trivyignore: IDs, comments, exp: dates; expired entries stop suppressing and are reported', () => {
    const rules = parseTrivyIgnore(
      '# accepted\nCVE-2019-18224 exp:2026-01-01\n\nDS-0002   # root user is fine here\nAWS-0086 exp:2027-01-01\n',
      '.trivyignore',
    );
    expect(rules.map((r) => [r.id, r.source, r.expiresAt?.toISOString()])).toEqual([
      ['CVE-2019-18224', '.trivyignore:2', '2026-01-01T00:00:00.000Z'],
      ['DS-0002', '.trivyignore:4', undefined],
      ['AWS-0086', '.trivyignore:5', '2027-01-01T00:00:00.000Z'],
    ]);
    const debian = evaluateTrivy(report('image-debian-buster-vulns.json'), { ignores: rules }, NOW);
    expect(debian.gating.map((f) => f.id)).toEqual(['CVE-2019-18224']);
    expect(debian.expiredIgnores).toEqual([{ rule: rules[0], matched: 1 }]);
    const docker = evaluateTrivy(report('config-dockerfile-misconfig-fail.json'), { ignores: rules }, NOW);
    expect(docker.passed).toBe(true);
    expect(countTrivy(docker)).toMatchObject({ ignored: 1, gating: 0, total: { HIGH: 0 } });
    // Before the expiry the same rule suppresses.
    expect(
      evaluateTrivy(
        report('image-debian-buster-vulns.json'),
        { ignores: rules },
        new Date('2025-12-31T23:59:59Z'),
      ).passed,
    ).toBe(true);
  });

  it('.trivyignore: unknown tokens and bad dates are errors naming the line', () => {
    expect(() => parseTrivyIgnore('CVE-1 until:2026-01-01', '.trivyignore')).toThrow(
      '.trivyignore:1: unexpected "until:2026-01-01" after CVE-1',
    );
    expect(() => parseTrivyIgnore('\nCVE-1 exp:2026-02-30', '.trivyignore')).toThrow(
      '.trivyignore:2: expiry "2026-02-30" is not a date',
    );
  });

  it('.trivyignore.yaml: per-kind lists with paths, purls, statement and expired_at', () => {
    const yaml = [
      'vulnerabilities:',
      '  - id: CVE-2022-23628',
      '    paths: ["go.mod"]',
      '    statement: opa is only used in tests',
      '  - id: GMS-2022-20',
      '    paths: ["submod*/go.mod"]',
      '    expired_at: 2027-01-01',
      'misconfigurations:',
      '  - id: CVE-2022-23628',
      'secrets:',
      '  - id: aws-access-key-id',
      '    expired_at: 2025-01-01',
      'licenses: []',
    ].join('\n');
    const rules = parseTrivyIgnoreYaml(yaml, '.trivyignore.yaml');
    expect(rules[0]).toMatchObject({
      kinds: ['vulnerability'],
      paths: ['go.mod'],
      reason: 'opa is only used in tests',
      source: '.trivyignore.yaml#vulnerabilities[0]',
    });
    const gomod = evaluateTrivy(
      report('fs-gomod-vulns.json'),
      { ignores: rules, severities: parseSeverities('MEDIUM,UNKNOWN') },
      NOW,
    );
    // 5 findings: opa in go.mod ignored; GMS-2022-20 ignored in submod/ and submod2/ but NOT in the root go.mod.
    expect(gomod.findings.filter((f) => f.decision === 'ignored').map((f) => `${f.id}@${f.target}`)).toEqual([
      'CVE-2022-23628@go.mod',
      'GMS-2022-20@submod/go.mod',
      'GMS-2022-20@submod2/go.mod',
    ]);
    expect(gomod.gating.map((f) => `${f.id}@${f.target}`)).toEqual([
      'GMS-2022-20@go.mod',
      'CVE-2021-38561@go.mod',
    ]);
    const secrets = evaluateTrivy(report('secret-scan-local-repo.json'), { ignores: rules }, NOW);
    expect(secrets.gating).toHaveLength(2);
    expect(secrets.expiredIgnores.map((x) => [x.rule.id, x.matched])).toEqual([['aws-access-key-id', 1]]);
  });

  it('.trivyignore.yaml: purls are compared without qualifiers; errors name the entry', () => {
    const rules = parseTrivyIgnoreYaml(
      'vulnerabilities:\n  - id: CVE-2019-1549\n    purls: ["pkg:apk/alpine/libssl1.1@1.1.1c-r0"]\n',
      'i.yaml',
    );
    const e = evaluateTrivy(
      report('image-alpine-3.10-vulns.json'),
      { ignores: rules, severities: ['MEDIUM'] },
      NOW,
    );
    expect(e.findings.filter((f) => f.decision === 'ignored').map((f) => f.pkgName)).toEqual(['libssl1.1']);
    expect(() => parseTrivyIgnoreYaml('vulnerabilities:\n  - paths: [a]\n', 'i.yaml')).toThrow(
      'i.yaml#vulnerabilities[0]: every entry needs an "id"',
    );
    expect(() => parseTrivyIgnoreYaml('vulns: []', 'i.yaml')).toThrow('i.yaml: unknown section "vulns"');
    expect(() => parseTrivyIgnoreYaml('a: [', 'i.yaml')).toThrow('i.yaml: not valid YAML');
  });

  it('allowlist: reason and expiry are required, with errors naming the entry', () => {
    const ok = parseAllowlist(
      '- id: CVE-2019-18224\n  reason: vendor patch applied\n  expires: 2026-12-31\n',
      'allow.yaml',
    );
    expect(ok[0]).toMatchObject({
      id: 'CVE-2019-18224',
      reason: 'vendor patch applied',
      source: 'allow.yaml#1 (CVE-2019-18224)',
    });
    expect(evaluateTrivy(report('image-debian-buster-vulns.json'), { ignores: ok }, NOW).passed).toBe(true);
    expect(
      evaluateTrivy(
        report('image-debian-buster-vulns.json'),
        { ignores: ok },
        new Date('2026-12-31T00:00:00Z'),
      ).passed,
    ).toBe(false);
    expect(() => parseAllowlist('- id: CVE-1\n  expires: 2026-12-31\n', 'allow.yaml')).toThrow(
      'allow.yaml#1 (CVE-1): entry needs a "reason"',
    );
    expect(() => parseAllowlist('- id: CVE-1\n  reason: x\n', 'allow.yaml')).toThrow(
      'allow.yaml#1 (CVE-1): entry needs an "expires" date',
    );
    expect(() => parseAllowlist('- id: CVE-1\n  reason: x\n  expires: soon\n', 'allow.yaml')).toThrow(
      'allow.yaml#1 (CVE-1): expiry "soon" is not a date',
    );
    expect(() => parseAllowlist('- reason: x\n', 'allow.yaml')).toThrow('allow.yaml#1: entry needs an "id"');
    expect(() => parseAllowlist('id: CVE-1', 'allow.yaml')).toThrow('allow.yaml: expected a YAML list');
  });
});

describe('new-only', () => {
  it('only findings absent from the base report gate; fingerprints survive a DB/version change', () => {
    const base = report('image-alpine-3.9-severity-high-critical.json');
    const head = report('image-alpine-3.9-severity-high-critical.json');
    const e = evaluateTrivy(
      head,
      { baseFingerprints: new Set(base.findings.map((f) => f.fingerprint)) },
      NOW,
    );
    expect(e.passed).toBe(true);
    expect(e.findings.every((f) => f.decision === 'in-base')).toBe(true);
    expect(countTrivy(e).new).toBe(0);

    // A base missing one finding: exactly that one is new and gates.
    const partial = new Set(base.findings.slice(1).map((f) => f.fingerprint));
    const e2 = evaluateTrivy(head, { baseFingerprints: partial }, NOW);
    expect(e2.gating.map((f) => f.fingerprint)).toEqual([base.findings[0]?.fingerprint]);
    expect(countOutputs(countTrivy(e2))).toEqual({
      critical: '2',
      high: '0',
      medium: '0',
      low: '0',
      unknown: '0',
      new: '1',
      passed: 'false',
    });

    // Fingerprints ignore versions: bump installed/fixed versions and the finding is still "in base".
    const bumped = {
      ...head,
      findings: head.findings.map((f) => ({ ...f, installedVersion: '9.9', fixedVersion: '10.0' })),
    };
    expect(
      evaluateTrivy(bumped, { baseFingerprints: new Set(base.findings.map((f) => f.fingerprint)) }, NOW)
        .passed,
    ).toBe(true);
  });
});
