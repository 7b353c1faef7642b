import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMENT_BUDGET, COMMENT_LIMIT } from '@shipyard/markdown';
import {
  attributeChanges,
  changeKind,
  createScrubber,
  groupResources,
  parsePlan,
  renderPlanComment,
  renderPlanSummary,
  summarizePlan,
  UNKNOWN_TEXT,
} from '../src/index';
import type { Plan, ResourceChange } from '../src/index';
import { Workdir } from './terraform';

const BEFORE = `
resource "terraform_data" "keep" { input = "same" }
resource "terraform_data" "upd" {
  input = { size = 1, tags = { env = "dev", team = "core" } }
}
resource "terraform_data" "rep" {
  input            = "r"
  triggers_replace = ["v1"]
}
resource "terraform_data" "gone" { input = "bye" }
resource "terraform_data" "old_name" { input = "moving" }
module "child" {
  source = "./child"
  v      = "a"
}
`;

const AFTER = `
resource "terraform_data" "keep" { input = "same" }
resource "terraform_data" "upd" {
  input = { size = 2, tags = { env = "dev", team = "platform" } }
}
resource "terraform_data" "rep" {
  input            = "r"
  triggers_replace = ["v2"]
}
resource "terraform_data" "new_name" { input = "moving" }
moved {
  from = terraform_data.old_name
  to   = terraform_data.new_name
}
resource "terraform_data" "fresh" { input = "<b>@octocat</b> fixes #1 | \`tick\`" }
module "child" {
  source = "./child"
  v      = "b"
}
output "fresh_out" { value = terraform_data.fresh.output }
`;

const CHILD = `
variable "v" { type = string }
resource "terraform_data" "x" { input = var.v }
`;

let wd: Workdir;
let plan: Plan;
const header = { workingDirectory: 'infra/<prod>', workspace: 'default', label: 'prod @team' };

function byAddress(address: string): ResourceChange {
  const rc = plan.resourceChanges.find((r) => r.address === address);
  if (!rc) throw new Error(`no change for ${address}`);
  return rc;
}

beforeAll(() => {
  wd = new Workdir('tf-plan-');
  wd.write({ 'main.tf': BEFORE, 'child/main.tf': CHILD }).init().apply();
  wd.write({ 'main.tf': AFTER });
  plan = parsePlan(wd.planJson(), 'plan.json');
});

afterAll(() => wd?.remove());

describe('a real plan with every kind of change', () => {
  it('counts creates, updates, replacements, deletes, moves and unchanged resources', () => {
    const summary = summarizePlan(plan);
    expect(summary.counts).toMatchObject({
      create: 1,
      update: 2,
      replace: 1,
      delete: 1,
      move: 1,
      noOp: 1,
      outputs: 1,
    });
    expect(summary.hasChanges).toBe(true);
    expect(summary.destructive.sort()).toEqual(['terraform_data.gone', 'terraform_data.rep']);
    expect(changeKind(byAddress('terraform_data.rep').change.actions)).toBe('replace');
    expect(byAddress('terraform_data.new_name').previousAddress).toBe('terraform_data.old_name');
    expect(byAddress('module.child.terraform_data.x').moduleAddress).toBe('module.child');
  });

  it('lists only the attributes that differ, nested ones by path, unknowns as known after apply', () => {
    const scrub = createScrubber([]);
    const upd = attributeChanges(byAddress('terraform_data.upd').change, scrub);
    expect(upd).toContainEqual({ path: 'input.size', before: '1', after: '2' });
    expect(upd).toContainEqual({ path: 'input.tags.team', before: '"core"', after: '"platform"' });
    expect(upd.find((c) => c.path === 'input.tags.env')).toBeUndefined();
    expect(upd.find((c) => c.path === 'id')).toBeUndefined();
    expect(upd.find((c) => c.path === 'output')?.after).toBe(UNKNOWN_TEXT);
    const fresh = attributeChanges(byAddress('terraform_data.fresh').change, scrub);
    expect(fresh.find((c) => c.path === 'id')).toEqual({ path: 'id', after: UNKNOWN_TEXT });
    const rep = attributeChanges(byAddress('terraform_data.rep').change, scrub);
    expect(rep).toContainEqual({ path: 'triggers_replace[0]', before: '"v1"', after: '"v2"' });
  });

  it('groups resources by action, most destructive first, and by module', () => {
    const groups = groupResources(plan.resourceChanges).map((g) => `${g.kind}:${g.module ?? 'root'}`);
    expect(groups).toEqual([
      'delete:root',
      'replace:root',
      'update:root',
      'update:module.child',
      'create:root',
      'move:root',
    ]);
  });

  it('renders a comment with the header, counts, destroy warning, details and outputs', () => {
    const { text, truncated } = renderPlanComment(plan, { header });
    expect(truncated).toBe(false);
    expect(text.length).toBeLessThan(COMMENT_LIMIT);
    expect(text.split('\n')[0]).toBe(
      '## Terraform plan · `infra/<prod>` · workspace `default` · prod @\u200bteam',
    );
    expect(text.indexOf('[!CAUTION]')).toBeLessThan(text.indexOf('<details>'));
    expect(text).toMatch(
      /\*\*2 resources will be destroyed\*\*[^]*`terraform_data.gone`[^]*`terraform_data.rep`/,
    );
    expect(text).toContain('| 🟠 | Replace | 1 |');
    expect(text).toContain('Forces replacement: `triggers_replace`');
    expect(text).toContain('Moved from `terraform_data.old_name`');
    expect(text).toContain('#### 🟡 Update in place · `module.child` (1)');
    expect(text).toContain('| `input.tags.team` | `"core"` | `"platform"` |');
    expect(text).toContain('| `fresh_out` | create | — | `(known after apply)` |');
    // No unchanged resource is listed.
    expect(text).not.toContain('terraform_data.keep');
  });

  it('keeps untrusted values inert: HTML and mentions only inside code spans, pipes escaped', () => {
    const { text } = renderPlanComment(plan, { header });
    const line = text.split('\n').find((l) => l.includes('octocat'));
    // The code fence grows past the backtick inside; the pipe is escaped so the table keeps its columns.
    expect(line).toBe('| `input` | — | ``"<b>@octocat</b> fixes #1 \\| `tick`"`` |');
    // Outside code spans there is no raw HTML from the plan.
    const outsideCode = text.replace(/(`+)[^]*?\1/g, '');
    expect(outsideCode).not.toContain('<b>');
  });

  it('condenses from the end first: destroyed resources keep their details longest', () => {
    const full = renderPlanComment(plan, { header }).text;
    const limit = full.length - 800;
    const result = renderPlanComment(plan, { header, reserve: COMMENT_BUDGET - limit });
    expect(result.text.length).toBeLessThanOrEqual(limit);
    expect(result.truncated).toBe(true);
    expect(result.text).toContain('<details><summary>🔴 `terraform_data.gone`</summary>');
    expect(result.condensed.length).toBeGreaterThan(0);
    expect(result.condensed).not.toContain('destroy in root module');
    expect(result.text).toContain("Truncated to fit GitHub's size limit (condensed: ");
  });

  it('renders the same content for the job summary', () => {
    const summary = renderPlanSummary(plan, { header });
    expect(summary.truncated).toBe(false);
    expect(summary.text).toBe(renderPlanComment(plan, { header }).text);
  });

  it('counts and shows a real import block', () => {
    const imp = new Workdir('tf-import-');
    try {
      imp
        .write({
          'main.tf':
            'resource "terraform_data" "x" { input = "a" }\nimport {\n  to = terraform_data.x\n  id = "abc"\n}\n',
        })
        .init();
      const imported = parsePlan(imp.planJson());
      const summary = summarizePlan(imported);
      expect(summary.counts).toMatchObject({ import: 1, update: 1, create: 0 });
      expect(summary.hasChanges).toBe(true);
      expect(renderPlanComment(imported, { header }).text).toContain('Importing id `abc`');
    } finally {
      imp.remove();
    }
  });

  it('says so plainly when there is nothing to change', () => {
    const fresh = new Workdir('tf-noop-');
    try {
      fresh.write({ 'main.tf': 'resource "terraform_data" "a" { input = 1 }\n' }).init().apply();
      const noop = parsePlan(fresh.planJson());
      expect(summarizePlan(noop).hasChanges).toBe(false);
      const { text } = renderPlanComment(noop, { header: { workingDirectory: '.' } });
      expect(text).toContain('**No changes.**');
      expect(text).not.toContain('<details>');
    } finally {
      fresh.remove();
    }
  });
});
