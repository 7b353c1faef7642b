import { existsSync } from 'node:fs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '@shipyard/testbed';
import { Stacks, errors, expectNowhere, plan } from './stack';

const SHA = 'b'.repeat(40);
const config = (b: string, extra = '') => `
resource "terraform_data" "a" { input = "a" }
resource "terraform_data" "b" { input = "${b}" }
${extra}
`;
const push = { name: 'push', payload: {} };

let gh: FakeGitHub;
const stacks: Stacks[] = [];
beforeEach(async () => {
  gh = await startFakeGitHub();
});
afterEach(async () => {
  await gh.stop();
});
afterAll(() => stacks.forEach((s) => s.remove()));

describe('apply-check: apply only what was reviewed', () => {
  it('accepts the reviewed plan (input or PR comment) and refuses a changed one, naming what differs', async () => {
    const s = new Stacks().write('infra', { 'main.tf': config('one') });
    stacks.push(s);
    const reviewed = await plan(s, gh, { 'working-directory': 'infra' });
    expect(reviewed.exitCode).toBe(0);
    const digest = reviewed.outputs.digest!;
    gh.addPull({
      number: 7,
      state: 'open',
      head: { sha: SHA, ref: 'change' },
      base: { sha: 'c'.repeat(40), ref: 'main' },
    });
    const check = (inputs: Record<string, string> = {}, sha = SHA) =>
      plan(
        s,
        gh,
        { 'working-directory': 'infra', mode: 'apply-check', ...inputs },
        { event: push, env: { GITHUB_SHA: sha } },
      );

    const byInput = await check({ 'reviewed-digest': digest }, 'f'.repeat(40));
    expect(byInput.exitCode).toBe(0);
    expect(byInput.outputs.digest).toBe(digest);
    expect(existsSync(byInput.outputs['plan-file']!)).toBe(true);
    expect(byInput.summary).toContain('The plan matches the reviewed plan** (input reviewed-digest');
    expect(byInput.summary).toContain(byInput.outputs['plan-file']);

    const byComment = await check();
    expect(byComment.exitCode).toBe(0);
    expect(byComment.summary).toContain('The plan matches the reviewed plan** (PR #7');
    expect(existsSync(byComment.outputs['plan-file']!)).toBe(true);
    expect(gh.commentsOn(7)).toHaveLength(1); // read, never written

    s.write('infra', { 'main.tf': config('two', 'resource "terraform_data" "c" { input = "c" }') });
    const changed = await check();
    expect(changed.exitCode).toBe(1);
    expect(errors(changed)).toHaveLength(1);
    expect(errors(changed)[0]!.message).toMatch(
      /^the plan differs from the reviewed plan \(PR #7: [0-9a-f]{12}…, now [0-9a-f]{12}…\): terraform_data\.b, terraform_data\.c; re-run/,
    );
    expect(changed.outputs['plan-file']).toBeUndefined();
    expect(changed.outputs.digest).not.toBe(digest);
    expect(changed.summary).toContain('**Changed since review (1)**\n\n- `terraform_data.b`');
    expect(changed.summary).toContain(
      '**Planned now, not in the reviewed plan (1)**\n\n- `terraform_data.c`',
    );

    // A digest given as input still gets its differences named from the comment that recorded it.
    const changedByInput = await check({ 'reviewed-digest': digest });
    expect(changedByInput.exitCode).toBe(1);
    expect(errors(changedByInput)[0]!.message).toContain('(input reviewed-digest: ');
    expect(errors(changedByInput)[0]!.message).toContain(': terraform_data.b, terraform_data.c;');

    const nothing = await check({}, 'e'.repeat(40));
    expect(nothing.exitCode).toBe(1);
    expect(errors(nothing).map((e) => e.message)).toEqual([
      expect.stringMatching(/^no reviewed plan to check against: set reviewed-digest/),
    ]);
    expect(nothing.outputs['plan-file']).toBeUndefined();
  });
});

describe('drift mode: one issue while a scheduled plan finds changes', () => {
  it('opens, updates and closes the drift issue, with no sensitive value in it', async () => {
    const SECRET = 'Dr1ft-s3cret-value';
    const sensitive = `
variable "secret" {
  type      = string
  sensitive = true
}
resource "terraform_data" "s" { input = { pw = var.secret } }
`;
    const s = new Stacks().write('live', { 'main.tf': config('one', sensitive) });
    stacks.push(s);
    s.apply('live', [`-var=secret=${SECRET}`]);
    const drift = () =>
      plan(
        s,
        gh,
        { 'working-directory': 'live', mode: 'drift', vars: `secret=${SECRET}`, label: 'prod' },
        { event: { name: 'schedule', payload: {} } },
      );

    const clean = await drift();
    expect(clean.exitCode).toBe(0);
    expect(clean.outputs['has-changes']).toBe('false');
    expect(gh.state.issues).toHaveLength(0);

    // A changed configuration after apply: what a scheduled plan sees when reality and code part ways.
    s.write('live', { 'main.tf': config('changed outside the pipeline', sensitive) });
    const found = await drift();
    expect(found.exitCode).toBe(0);
    expect(found.outputs).toMatchObject({ 'has-changes': 'true', change: '1' });
    expect(gh.state.issues).toHaveLength(1);
    const issue = gh.state.issues[0]!;
    expect(issue).toMatchObject({ state: 'open', labels: [{ name: 'drift' }] });
    expect(issue.title).toBe('Terraform drift in live (workspace default, prod)');
    expect(issue.body.startsWith('<!-- shipyard:terraform-plan-comment-drift:live:default:prod -->')).toBe(
      true,
    );
    expect(issue.body).toContain('terraform_data.b');
    expect(gh.commentsOn(7)).toHaveLength(0);

    await drift();
    expect(gh.state.issues).toHaveLength(1);

    s.write('live', { 'main.tf': config('one', sensitive) });
    const fixed = await drift();
    expect(fixed.exitCode).toBe(0);
    expect(gh.state.issues[0]!.state).toBe('closed');
    expect(gh.commentsOn(issue.number)[0]!.body).toMatch(
      /^No drift any more: .*actions\/runs\/1001 found no changes\.$/,
    );
    for (const r of [clean, found, fixed]) expectNowhere([SECRET], r, gh);
  });
});
