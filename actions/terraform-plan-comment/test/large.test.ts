import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '@shipyard/testbed';
import { Stacks, expectNowhere, plan } from './stack';

const SECRET = 'L4rge-fleet-s3cret';
const COUNT = 2000;
const fleet = `
variable "secret" {
  type      = string
  sensitive = true
}
resource "terraform_data" "fleet" {
  count = ${COUNT}
  input = {
    name     = "instance-\${count.index}"
    size     = count.index % 7
    password = count.index % 10 == 0 ? var.secret : "public-\${count.index}"
  }
}
output "secret_echo" {
  value     = var.secret
  sensitive = true
}
`;

let gh: FakeGitHub;
let stacks: Stacks;

// The plan is made once, by terraform itself; the action reports on it through plan-file.
beforeAll(async () => {
  gh = await startFakeGitHub();
  stacks = new Stacks().write('fleet', { 'main.tf': fleet });
  stacks.tf('fleet', ['init', '-input=false']);
  stacks.tf('fleet', ['plan', '-input=false', '-out=fleet.tfplan', `-var=secret=${SECRET}`]);
}, 120_000);
afterAll(async () => {
  await gh?.stop();
  stacks?.remove();
});

describe(`a real plan of ${COUNT} resources`, () => {
  it('fits one comment under 65,536 characters listing every address with the plan digest, and leaks no secret', async () => {
    const r = await plan(stacks, gh, { 'working-directory': 'fleet', 'plan-file': 'fleet.tfplan' });
    expect(r.exitCode).toBe(0);
    expect(r.outputs).toMatchObject({ 'has-changes': 'true', add: String(COUNT) });
    expect(r.outputs['plan-file']).toBe(join(stacks.root, 'fleet', 'fleet.tfplan'));
    expect(readFileSync(r.outputs['plan-json']!, 'utf8')).toContain(SECRET);
    const [comment] = gh.commentsOn(7);
    expect(gh.commentsOn(7)).toHaveLength(1);
    const body = comment!.body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain("> [!WARNING]\n> Truncated to fit GitHub's size limit");
    expect(body).toContain('| 🟢 | Create | 2000 |');
    // Every address is listed; the 16 kB per-resource record would have cost the list, so it was left out.
    expect(body).toContain('- `terraform_data.fleet[1999]`');
    expect(body).not.toContain('shipyard-tf-digest:');
    expect(r.stdout).toContain('The per-resource digest record was left out of the comment');
    expect(body).toContain(`<!-- shipyard-tf-plan-digest: ${r.outputs.digest} -->`);
    expect(Buffer.byteLength(r.summary)).toBeLessThan(1024 * 1024);
    expect(r.summary).toContain('terraform_data.fleet[1999]');
    expectNowhere([SECRET], r, gh);
    expect(r.masks).toContain(SECRET);
  });
});
