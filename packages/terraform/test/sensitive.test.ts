import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeText } from '@shipyard/markdown';
import {
  attributeChanges,
  createScrubber,
  encodeDigestRecord,
  parsePlan,
  renderDriftIssue,
  renderPlanComment,
  renderPlanSummary,
  resourceDigests,
  SENSITIVE_TEXT,
  sensitiveStrings,
} from '../src/index';
import type { Plan } from '../src/index';
import { Workdir } from './terraform';

// Markdown-special characters on purpose: escaping must not let any form of it slip past the scrubber.
const SECRET_V1 = 's3cr3t_P@ss|word-one';
const SECRET_V2 = 's3cr3t_P@ss|word-two';

const CONFIG = `
variable "secret" {
  type      = string
  sensitive = true
}
variable "region" {
  type    = string
  default = "eu-west-1"
}
resource "terraform_data" "app" {
  input = {
    name   = "app"
    region = var.region
    db     = { password = var.secret, users = ["admin", var.secret] }
  }
}
# nonsensitive() strips the mark: the value reaches the plan in clear text and only free-text scrubbing hides it.
resource "terraform_data" "leaky" { input = "prefix-\${nonsensitive(var.secret)}-suffix" }
resource "terraform_data" "keyed" {
  for_each = toset([nonsensitive(var.secret)])
  input    = each.key
}
output "password" {
  value     = var.secret
  sensitive = true
}
output "region" { value = var.region }
`;

let wd: Workdir;
let plan: Plan;
let planText: string;

const forms = (secret: string) => [secret, escapeText(secret), JSON.stringify(secret).slice(1, -1), 's3cr3t'];

function expectNoSecret(text: string): void {
  for (const secret of [SECRET_V1, SECRET_V2])
    for (const form of forms(secret)) expect(text).not.toContain(form);
}

beforeAll(() => {
  wd = new Workdir('tf-secret-');
  wd.write({ 'main.tf': CONFIG })
    .init()
    .apply([`-var=secret=${SECRET_V1}`]);
  planText = wd.planJson([`-var=secret=${SECRET_V2}`, '-var=region=us-east-1']);
  plan = parsePlan(planText);
});

afterAll(() => wd?.remove());

describe('sensitive values in a real plan', () => {
  it('the raw plan JSON really contains the secrets (so the checks below can fail)', () => {
    expect(planText).toContain(SECRET_V1);
    expect(planText).toContain(SECRET_V2);
    expect(plan.variables.find((v) => v.name === 'secret')).toMatchObject({
      sensitive: true,
      value: SECRET_V2,
    });
    expect(plan.variables.find((v) => v.name === 'region')).toMatchObject({ sensitive: false });
  });

  it('lists every secret for core.setSecret, and nothing public', () => {
    const secrets = sensitiveStrings(plan);
    expect(secrets).toContain(SECRET_V1);
    expect(secrets).toContain(SECRET_V2);
    expect(secrets).not.toContain('us-east-1');
    expect(secrets).not.toContain('admin');
  });

  it('masks nested sensitive attributes structurally and still shows public changes', () => {
    const app = plan.resourceChanges.find((r) => r.address === 'terraform_data.app');
    const changes = attributeChanges(app!.change, createScrubber([]));
    expect(changes).toContainEqual({
      path: 'input.db.password',
      before: SENSITIVE_TEXT,
      after: SENSITIVE_TEXT,
    });
    expect(changes).toContainEqual({
      path: 'input.db.users[1]',
      before: SENSITIVE_TEXT,
      after: SENSITIVE_TEXT,
    });
    expect(changes).toContainEqual({ path: 'input.region', before: '"eu-west-1"', after: '"us-east-1"' });
    expect(changes.find((c) => c.path === 'input.db.users[0]')).toBeUndefined();
  });

  it('never prints a secret in the comment, the summary or the digest record', () => {
    const header = { workingDirectory: '.', workspace: 'default' };
    const comment = renderPlanComment(plan, { header }).text;
    const summary = renderPlanSummary(plan, { header }).text;
    expectNoSecret(comment);
    expectNoSecret(summary);
    expectNoSecret(encodeDigestRecord(resourceDigests(plan)));
    expectNoSecret(JSON.stringify(resourceDigests(plan)));
    // The leaked copies are replaced in place, so the reader still sees where they were.
    expect(comment).toContain(`"prefix-${SENSITIVE_TEXT}-suffix"`);
    expect(comment).toContain(`terraform_data.keyed["${SENSITIVE_TEXT}"]`);
    expect(comment).toContain(`| \`password\` | update | \`${SENSITIVE_TEXT}\` | \`${SENSITIVE_TEXT}\` |`);
    expect(comment).toContain('| `region` | update | `"eu-west-1"` | `"us-east-1"` |');
  });

  it('never prints a secret in the drift issue either', () => {
    // terraform_data cannot drift (its read returns the prior state), so the drift list is this plan's own
    // real changes: resource_drift has the same schema as resource_changes.
    const doc = JSON.parse(planText) as { resource_changes: unknown[]; resource_drift?: unknown[] };
    doc.resource_drift = doc.resource_changes;
    const drifted = parsePlan(doc);
    const body = renderDriftIssue(drifted, {
      header: { workingDirectory: '.' },
      detectedAt: '2025-01-01',
    }).text;
    expectNoSecret(body);
    expect(body).toContain('Changed outside Terraform (');
    expect(body).toContain('`input.db.password`');
  });
});

describe('the scrubber', () => {
  it('replaces every rendered form of a secret, longest first', () => {
    const scrub = createScrubber(['a_b@c', 'a_b@c|longer']);
    expect(scrub('x a_b@c|longer y')).toBe(`x ${SENSITIVE_TEXT} y`);
    expect(scrub(`x ${escapeText('a_b@c')} y`)).toBe(`x ${SENSITIVE_TEXT} y`);
    expect(scrub('x a_b@c\\|longer y')).toBe(`x ${SENSITIVE_TEXT} y`);
  });

  it('leaves text alone without secrets and ignores strings too short to mean anything', () => {
    expect(createScrubber([])('keep 1 ab')).toBe('keep 1 ab');
    expect(createScrubber(['1', 'ab', ' '])('keep 1 ab')).toBe('keep 1 ab');
  });
});
