import { existsSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actionDir, manifestProblems, startFakeGitHub, type FakeGitHub } from '@shipyard/testbed';
import { terraformPlanComment } from '../src/main';
import { Stacks, errors, expectNowhere, plan } from './stack';

const OLD_SECRET = 'Old-Pa55word-one';
const NEW_SECRET = 'N3w-Pa55word-two';

const mixed = (version: 1 | 2) => `
variable "secret" {
  type      = string
  sensitive = true
}
resource "terraform_data" "keep" { input = "same" }
resource "terraform_data" "upd" { input = "${version === 1 ? 'v1' : 'v2'}" }
resource "terraform_data" "rep" {
  input            = "r"
  triggers_replace = ["${version === 1 ? 'one' : 'two'}"]
}
${version === 1 ? 'resource "terraform_data" "del" { input = "gone soon" }' : 'resource "terraform_data" "add" { input = "new" }'}
resource "terraform_data" "sec" { input = { pw = var.secret } }
output "token" {
  value     = var.secret
  sensitive = true
}
`;

const precondition = `
variable "size" {
  type    = number
  default = 1
}
resource "terraform_data" "guarded" {
  input = "x"
  lifecycle {
    precondition {
      condition     = var.size > 2
      error_message = "The guard must hold before anything is planned."
    }
  }
}
`;

let gh: FakeGitHub;
const stacks: Stacks[] = [];
const workspace = () => {
  const s = new Stacks();
  stacks.push(s);
  return s;
};
beforeEach(async () => {
  gh = await startFakeGitHub();
});
afterEach(async () => {
  await gh.stop();
});
afterAll(() => stacks.forEach((s) => s.remove()));

describe('terraform-plan-comment: plan mode through the bundle with real terraform', () => {
  it('agrees with its action.yml', () => {
    expect(manifestProblems(actionDir('terraform-plan-comment'), terraformPlanComment)).toEqual([]);
  });

  it('reports creates, updates, replacements and deletes, and never shows a sensitive value', async () => {
    const s = workspace().write('infra', { 'main.tf': mixed(1) });
    s.apply('infra', [`-var=secret=${OLD_SECRET}`]).write('infra', { 'main.tf': mixed(2) });
    const r = await plan(
      s,
      gh,
      { 'working-directory': 'infra', vars: `secret=${NEW_SECRET}` },
      { node: 'node24' },
    );
    expect(r.exitCode).toBe(0);
    expect(errors(r)).toEqual([]);
    expect(r.outputs).toMatchObject({
      'has-changes': 'true',
      add: '1',
      change: '2',
      replace: '1',
      destroy: '1',
    });
    expect(r.outputs.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(r.outputs['plan-file']!)).toBe(true);
    expect(JSON.parse(readFileSync(r.outputs['plan-json']!, 'utf8'))).toHaveProperty('resource_changes');
    expect(r.summary).toContain('## Terraform plan · `infra` · workspace `default`');
    expect(r.summary).toContain('1 to add, 2 to change, 1 to replace, 1 to destroy');
    for (const address of [
      'terraform_data.add',
      'terraform_data.upd',
      'terraform_data.rep',
      'terraform_data.del',
    ])
      expect(r.summary).toContain(address);
    expect(r.summary).toContain('(no artifact service: not uploaded)');
    const textPlan = /The plain-text plan is `([^`]+)`/.exec(r.summary)?.[1];
    expect(readFileSync(textPlan!, 'utf8')).toContain('# terraform_data.rep must be replaced');
    // Both secrets reached terraform and the plan JSON, and were masked before anything was logged.
    expect(readFileSync(r.outputs['plan-json']!, 'utf8')).toContain(NEW_SECRET);
    expect(r.masks).toEqual(expect.arrayContaining([OLD_SECRET, NEW_SECRET]));
    const comments = gh.commentsOn(7);
    expect(comments).toHaveLength(1);
    const body = comments[0]!.body;
    expect(body.startsWith('<!-- shipyard:terraform-plan-comment:infra:default: -->')).toBe(true);
    expect(body).toContain('terraform_data.del');
    expect(body).toContain(`<!-- shipyard-tf-plan-digest: ${r.outputs.digest} -->`);
    expect(body).toMatch(/<!-- shipyard-tf-digest: tfd1:[A-Za-z0-9_-]+ -->/);
    expect(r.outputs['comment-url']).toBe(comments[0]!.html_url);
    // terraform_data copies its input to an attribute Terraform does not mark sensitive, so Terraform's own
    // plan text prints the old secret: the mask, sent before that text is logged, is what hides it.
    expect(r.stdout).toContain(`- pw = "${OLD_SECRET}"`);
    expectNowhere([OLD_SECRET, NEW_SECRET, 'Pa55word'], r, gh);
  });

  it('a failing plan fails the step with its error in summary and comment, and no diff', async () => {
    const s = workspace().write('guarded', { 'main.tf': precondition });
    const r = await plan(s, gh, { 'working-directory': 'guarded' });
    expect(r.exitCode).toBe(1);
    expect(errors(r)).toHaveLength(1);
    expect(errors(r)[0]!.message).toMatch(
      /^terraform plan failed \(exit code 1\): Error: Resource precondition failed/,
    );
    expect(r.summary).toContain('**`terraform plan` failed (exit code 1).**');
    expect(r.summary).toContain('The guard must hold before anything is planned.');
    expect(r.summary).not.toContain('to add');
    expect(r.outputs['has-changes']).toBeUndefined();
    const body = gh.commentsOn(7)[0]!.body;
    expect(body).toContain('The guard must hold');
    expect(body).not.toContain('shipyard-tf-plan-digest');
  });

  it('reruns update one comment, and a later "no changes" plan updates the same comment', async () => {
    const s = workspace().write('app', { 'main.tf': 'resource "terraform_data" "x" { input = "a" }\n' });
    const first = await plan(s, gh, { 'working-directory': 'app' });
    expect(first.outputs).toMatchObject({ 'has-changes': 'true', add: '1' });
    const again = await plan(s, gh, { 'working-directory': 'app' });
    expect(again.outputs.digest).toBe(first.outputs.digest);
    const [comment] = gh.commentsOn(7);
    expect(gh.commentsOn(7)).toHaveLength(1);
    s.apply('app');
    const clean = await plan(s, gh, { 'working-directory': 'app' });
    expect(clean.exitCode).toBe(0);
    expect(clean.outputs).toMatchObject({ 'has-changes': 'false', add: '0', change: '0', destroy: '0' });
    const after = gh.commentsOn(7);
    expect(after).toHaveLength(1);
    expect(after[0]!.id).toBe(comment!.id);
    expect(after[0]!.body).toContain('**No changes.**');
    expect(gh.log.filter((q) => q.method === 'POST')).toHaveLength(1);
  });

  it('a matrix of two directories (one in its own workspace) gives two comments, and no comment when off', async () => {
    const s = workspace()
      .write('stacks/network', { 'main.tf': 'resource "terraform_data" "vpc" { input = "10.0.0.0/16" }\n' })
      .write('stacks/dns', {
        'main.tf': 'resource "terraform_data" "zone" { input = terraform.workspace }\n',
      });
    const [a, b] = await Promise.all([
      plan(s, gh, { 'working-directory': 'stacks/network' }),
      plan(s, gh, { 'working-directory': 'stacks/dns', workspace: 'staging', label: 'eu' }),
    ]);
    expect([a.exitCode, b.exitCode]).toEqual([0, 0]);
    const bodies = gh.commentsOn(7).map((c) => c.body);
    expect(bodies.map((x) => x.split('\n')[0]).sort()).toEqual([
      '<!-- shipyard:terraform-plan-comment:stacks/dns:staging:eu -->',
      '<!-- shipyard:terraform-plan-comment:stacks/network:default: -->',
    ]);
    const dns = bodies.find((x) => x.includes('stacks/dns'))!;
    expect(dns).toContain('## Terraform plan · `stacks/dns` · workspace `staging` · eu');
    expect(dns).toContain('"staging"');
    const off = await plan(s, gh, { 'working-directory': 'stacks/network', comment: 'false' });
    expect(off.exitCode).toBe(0);
    expect(gh.commentsOn(7)).toHaveLength(2);
    expect(gh.log.filter((q) => q.method === 'PATCH')).toHaveLength(0);
  });
});
