import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  MAX_EMBEDDED_RECORD_CHARS,
  applyCheckError,
  checkReviewedPlan,
  embedDigests,
  parsePlan,
  planDigest,
  readEmbeddedDigests,
  renderApplyCheck,
  renderReviewableReports,
  resourceDigests,
} from '../src/index';
import { Workdir } from './terraform';

const D1 = 'a'.repeat(64);
const D2 = 'b'.repeat(64);
const record = { 'terraform_data.a': '0123456789ab', 'terraform_data.b': 'ba9876543210' };

describe('digests embedded in a comment', () => {
  it('round-trip through a comment body among other text', () => {
    const body = `## Terraform plan\n\ntext\n\n${embedDigests(D1, record)}\n`;
    expect(body).toContain(`<!-- shipyard-tf-plan-digest: ${D1} -->`);
    expect(body).toMatch(/<!-- shipyard-tf-digest: tfd1:[A-Za-z0-9_-]+ -->/);
    expect(readEmbeddedDigests(body)).toEqual({ digest: D1, record });
  });

  it('leave a record out when it would crowd the comment, keeping the digest', () => {
    const big: Record<string, string> = {};
    for (let i = 0; i < 4000; i++)
      big[`module.m${i}.terraform_data.x${i * 7919}`] = createHash('sha256')
        .update(String(i))
        .digest('hex')
        .slice(0, 12);
    const text = embedDigests(D1, big);
    expect(text.length).toBeLessThan(200);
    expect(readEmbeddedDigests(text)).toEqual({ digest: D1 });
    expect(MAX_EMBEDDED_RECORD_CHARS).toBeLessThan(65_536 / 2);
  });

  it('find nothing in a comment of a failed plan, and distrust a damaged record', () => {
    expect(readEmbeddedDigests('## Terraform plan\n\n❌ terraform plan failed')).toBeUndefined();
    expect(readEmbeddedDigests(`<!-- shipyard-tf-plan-digest: ${D1.slice(1)} -->`)).toBeUndefined();
    const damaged = `<!-- shipyard-tf-plan-digest: ${D1} -->\n<!-- shipyard-tf-digest: tfd1:AAAA -->`;
    expect(readEmbeddedDigests(damaged)).toEqual({ digest: D1 });
  });
});

describe('apply check', () => {
  it('accepts the reviewed digest', () => {
    const check = checkReviewedPlan({ digest: D1 }, { digest: D1, record }, 'PR #3');
    expect(check.ok).toBe(true);
    expect(renderApplyCheck({ workingDirectory: 'infra' }, check, '/tmp/p.tfplan')).toContain(
      'The plan matches the reviewed plan',
    );
  });

  it('refuses a different plan, naming changed, added and removed addresses', () => {
    const current = {
      'terraform_data.a': 'ffffffffffff',
      'terraform_data.c': '111111111111',
    };
    const check = checkReviewedPlan({ digest: D1, record }, { digest: D2, record: current }, 'PR #3');
    expect(check.ok).toBe(false);
    expect(check.difference).toEqual({
      changed: ['terraform_data.a'],
      added: ['terraform_data.c'],
      removed: ['terraform_data.b'],
    });
    expect(applyCheckError(check)).toContain(': terraform_data.a, terraform_data.c, terraform_data.b;');
    const md = renderApplyCheck({ workingDirectory: 'infra' }, check);
    expect(md).toContain('**Changed since review (1)**\n\n- `terraform_data.a`');
    expect(md).toContain('**In the reviewed plan, not planned now (1)**\n\n- `terraform_data.b`');
  });

  it('refuses without a list when only the digest is known', () => {
    const check = checkReviewedPlan({ digest: D1 }, { digest: D2, record }, 'input reviewed-digest');
    expect(check.ok).toBe(false);
    expect(check.difference).toBeUndefined();
    expect(applyCheckError(check)).toMatch(
      /^the plan differs from the reviewed plan \(input reviewed-digest: a{12}…, now b{12}…\); re-run/,
    );
  });
});

describe('renderReviewableReports on a real plan', () => {
  it('embeds both digests when the report fits beside them, and they read back as the plan', () => {
    const wd = new Workdir('tf-review-');
    try {
      wd.write({
        'main.tf': `
resource "terraform_data" "a" { input = "a" }
resource "terraform_data" "b" {
  count = 3
  input = count.index
}
`,
      }).init();
      const plan = parsePlan(wd.planJson());
      const r = renderReviewableReports(plan, { header: { workingDirectory: 'infra' }, reserve: 80 });
      expect(r.recordEmbedded).toBe(true);
      expect(r.comment.length).toBeLessThanOrEqual(65_000 - 80);
      expect(r.comment).toContain('## Terraform plan · `infra`');
      expect(r.digest).toBe(planDigest(plan));
      expect(readEmbeddedDigests(r.comment)).toEqual({ digest: r.digest, record: resourceDigests(plan) });
      expect(Object.keys(r.record)).toEqual([
        'terraform_data.a',
        'terraform_data.b[0]',
        'terraform_data.b[1]',
        'terraform_data.b[2]',
      ]);
      const keyed = renderReviewableReports(plan, {
        header: { workingDirectory: 'infra' },
        sensitiveKey: 'k',
      });
      expect(keyed.digest).toBe(planDigest(plan, { sensitiveKey: 'k' }));
    } finally {
      wd.remove();
    }
  });
});
