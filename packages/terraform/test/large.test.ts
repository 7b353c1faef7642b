import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMENT_LIMIT, SUMMARY_LIMIT_BYTES, escapeText, measureBytes } from '@shipyard/markdown';
import {
  decodeDigestRecord,
  encodeDigestRecord,
  parsePlan,
  renderDriftIssue,
  renderPlanComment,
  renderPlanSummary,
  resourceDigests,
  sensitiveStrings,
  summarizePlan,
} from '../src/index';
import type { Plan } from '../src/index';
import { LARGE_CHILD, Workdir, largeConfig } from './terraform';

const SECRET = 'Sup3r_s3cret@value';
const COUNT = 2000;

let wd: Workdir;
let plan: Plan;
let planText: string;
const header = { workingDirectory: 'stacks/fleet', workspace: 'prod' };

function expectNoSecret(text: string): void {
  for (const form of [SECRET, escapeText(SECRET), 'Sup3r']) expect(text).not.toContain(form);
}

beforeAll(() => {
  wd = new Workdir('tf-large-');
  wd.write({ 'main.tf': largeConfig(COUNT), 'child/main.tf': LARGE_CHILD }).init();
  planText = wd.planJson([`-var=secret=${SECRET}`]);
  plan = parsePlan(planText);
}, 180_000);

afterAll(() => wd?.remove());

describe(`a real plan of ${COUNT}+ resources`, () => {
  it('is counted in full and carries the secret in its JSON', () => {
    expect(summarizePlan(plan).counts.create).toBe(COUNT + 5);
    expect(planText).toContain(SECRET);
    expect(sensitiveStrings(plan)).toContain(SECRET);
  });

  it('fits the comment limit with a visible note, listing every address before dropping anything', () => {
    const result = renderPlanComment(plan, { header, reserve: 0 });
    expect(result.text.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(result.truncated).toBe(true);
    expect(result.text).toContain("> [!WARNING]\n> Truncated to fit GitHub's size limit");
    expect(result.text).toContain('## Terraform plan · `stacks/fleet` · workspace `prod`');
    expect(result.text).toContain('| 🟢 | Create | 2005 |');
    // Stage one: details condensed to address lists, and all 2,005 addresses still fit.
    expect(result.text).not.toContain('<details>');
    expect(result.text).toContain('- `terraform_data.fleet[1999]`');
    expect(result.condensed).toEqual(['outputs', 'create in module.child', 'create in root module']);
    expectNoSecret(result.text);
  });

  it('shrinks address lists to counts, from the end of the report, when even the addresses do not fit', () => {
    const result = renderPlanComment(plan, { header, reserve: 45_000 });
    expect(result.text.length).toBeLessThanOrEqual(20_000);
    expect(result.text).toContain('attribute details left out for all resources');
    expect(result.text).toContain('_2000 resources; list left out to fit._');
    expect(result.text).toContain('_5 resources; list left out to fit._');
    expect(result.text).not.toContain('- `terraform_data.fleet[0]`');
    expect(result.text).toContain('| 🟢 | Create | 2005 |');
  });

  it('leaves room for the digest record the action embeds', () => {
    const encoded = encodeDigestRecord(resourceDigests(plan));
    expect(decodeDigestRecord(encoded)).toEqual(resourceDigests(plan));
    expect(encoded.length).toBeLessThan(17_000);
    const result = renderPlanComment(plan, { header, reserve: encoded.length + 100 });
    expect(result.text.length + encoded.length + 100).toBeLessThanOrEqual(COMMENT_LIMIT);
    expectNoSecret(encoded);
  });

  it('renders the full plan for the job summary under 1 MiB', () => {
    const result = renderPlanSummary(plan, { header });
    expect(measureBytes(result.text)).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES);
    // Every created resource is in the summary, with its attributes.
    expect(result.text).toContain('`terraform_data.fleet[1999]`');
    expect(result.text).toContain('| `input.name` | — | `"instance-1999"` |');
    expect(result.text).toContain('| `input.password` | — | `(sensitive value)` |');
    expectNoSecret(result.text);
  });

  it('keeps the drift issue within the limit and free of secrets', () => {
    const doc = JSON.parse(planText) as { resource_changes: unknown[]; resource_drift?: unknown[] };
    doc.resource_drift = doc.resource_changes.slice(0, 300);
    const body = renderDriftIssue(parsePlan(doc), { header }).text;
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).toContain('Changed outside Terraform (300)');
    expectNoSecret(body);
  });
});
