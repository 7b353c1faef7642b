import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '@shipyard/testbed';
import { COMMENT_LIMIT } from '@shipyard/markdown';
import {
  evaluateTrivy,
  parseTrivyIgnore,
  readTrivyReport,
  renderTrivyMarkdown,
  trivySections,
} from '../src/index';
import type { TrivyReport } from '../src/index';

const report = (name: string) => readTrivyReport(readFileSync(fixturePath(`trivy/${name}`), 'utf8'), name);
const NOW = new Date('2026-06-01T00:00:00Z');

describe('trivy markdown', () => {
  it('shows the verdict, per-target counts and the gating findings with links and versions', () => {
    const e = evaluateTrivy(report('image-debian-buster-vulns.json'), {}, NOW);
    const { text, truncated } = renderTrivyMarkdown(e);
    expect(truncated).toBe(false);
    expect(text).toContain('❌ Trivy: testdata/fixtures/images/debian-buster.tar.gz');
    expect(text).toContain('**1** finding fails the gate (severities CRITICAL, HIGH)');
    expect(text).toContain('[CVE-2019-18224](https://avd.aquasec.com/nvd/cve-2019-18224)');
    expect(text).toContain('`2.0.5-1` → `2.0.5-1+deb10u1`');
    expect(text).toMatch(
      /\| testdata\/fixtures\/images\/debian-buster\.tar\.gz \(debian 10\.1\) \| 1 \| 0 \| 0 \| 1 \| 0 \| 2 \|/,
    );
    expect(text).toContain('1 other findings (not gating)');
  });

  it('reports expired ignores and explains new-only', () => {
    const rules = parseTrivyIgnore('CVE-2019-18224 exp:2026-01-01', '.trivyignore');
    const e = evaluateTrivy(
      report('image-debian-buster-vulns.json'),
      { ignores: rules, baseFingerprints: new Set() },
      NOW,
    );
    const { text } = renderTrivyMarkdown(e);
    expect(text).toContain('**Expired ignores**');
    expect(text).toContain('| CVE-2019-18224 | 2026-01-01 | .trivyignore:1 |  | 1 |');
    expect(text).toContain('Only findings absent from the base branch');
  });

  it('escapes titles and targets taken from the report', () => {
    const base = report('image-alpine-3.10.trivy-0.72.0.json');
    const first = base.findings[0];
    if (!first) throw new Error('fixture changed');
    const hostile: TrivyReport = {
      ...base,
      findings: [{ ...first, title: '<img src=x> @octocat #1 | pipe', target: 'a|b' }],
    };
    const { text } = renderTrivyMarkdown(evaluateTrivy(hostile, {}, NOW));
    expect(text).not.toContain('<img');
    expect(text).toContain('&lt;img src=x&gt;');
    expect(text).toContain('@\u200boctocat');
    expect(text).toContain('a\\|b');
  });

  it('fits a 5,000-finding report into a comment, keeping the verdict and a condensed gating table', () => {
    const base = report('config-helm-chart-misconfigs.json');
    const many: TrivyReport = {
      ...base,
      findings: Array.from({ length: 5000 }, (_, i) => {
        const f = base.findings[i % base.findings.length];
        if (!f) throw new Error('fixture changed');
        return { ...f, target: `chart-${Math.floor(i / 18)}/pod.yaml`, fingerprint: `${f.fingerprint}#${i}` };
      }),
    };
    const e = evaluateTrivy(many, {}, NOW);
    const full = trivySections(e)
      .map((s) => s.content)
      .join('\n\n');
    expect(full.length).toBeGreaterThan(COMMENT_LIMIT);
    const fitted = renderTrivyMarkdown(e);
    expect(fitted.text.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(fitted.truncated).toBe(true);
    expect(fitted.text).toContain('❌ Trivy');
    expect(fitted.text).toContain('Truncated to fit');
  });
});
