import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Stacks, TERRAFORM, errors, plan } from './stack';

const stacks = new Stacks()
  .write('ok', { 'main.tf': 'resource "terraform_data" "x" { input = "x" }\n' })
  .write('broken', { 'main.tf': 'resource "terraform_data" "x" {\n  input = \n' });
afterAll(() => stacks.remove());

/** Runs without GitHub (comment off) and expects exactly one error. */
async function oneError(inputs: Record<string, string>): Promise<string> {
  const r = await plan(stacks, undefined, { comment: 'false', ...inputs });
  expect(r.exitCode).toBe(1);
  const list = errors(r);
  expect(list).toHaveLength(1);
  expect(r.stdout).not.toMatch(/\n\s+at .*\.js:\d+/); // no stack trace
  return list[0]!.message;
}

describe('bad input: one clear error naming the input, its value and what is allowed', () => {
  it('a missing working directory', async () => {
    expect(await oneError({ 'working-directory': 'nope/infra' })).toMatch(
      /^terraform-plan-comment: input 'working-directory' is "nope\/infra": no such directory/,
    );
  });

  it('a binary that is not allowed, and an allowed one that is not installed', async () => {
    expect(await oneError({ 'working-directory': 'ok', binary: 'terragrunt' })).toContain(
      `input 'binary' is "terragrunt": expected one of: terraform, tofu`,
    );
    expect(await oneError({ 'working-directory': 'ok', binary: 'tofu' })).toMatch(
      /input 'binary' is "tofu": tofu was not found on PATH; install it/,
    );
  });

  it("setup-terraform's wrapper script on PATH, which breaks JSON output", async () => {
    const bin = join(stacks.root, 'wrapper-bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'terraform'),
      `#!/bin/sh\necho "[command]${TERRAFORM} $*"\nexec ${TERRAFORM} "$@"\n`,
      { mode: 0o755 },
    );
    const r = await plan(stacks, undefined, { 'working-directory': 'ok', comment: 'false' }, { path: [bin] });
    expect(r.exitCode).toBe(1);
    expect(errors(r).map((e) => e.message)).toEqual([
      expect.stringContaining(
        'is a wrapper script that adds lines to its output ([command]…); set terraform_wrapper: false',
      ),
    ]);
  });

  it('a planfile that is not one, broken JSON, and a state instead of a plan', async () => {
    writeFileSync(join(stacks.root, 'ok', 'not-a-plan.tfplan'), 'hello');
    writeFileSync(join(stacks.root, 'ok', 'broken.json'), '{"format_version": "1.2", "resource_changes": [');
    writeFileSync(join(stacks.root, 'ok', 'state.json'), '{"format_version": "1.0", "values": {}}');
    expect(await oneError({ 'working-directory': 'ok', 'plan-file': 'not-a-plan.tfplan' })).toMatch(
      /input 'plan-file' is "not-a-plan.tfplan": terraform show cannot read it \(Failed to read the given file as a state or plan file\)/,
    );
    expect(await oneError({ 'working-directory': 'ok', 'plan-file': 'broken.json' })).toMatch(
      /input 'plan-file': terraform plan JSON \(.*broken.json\): invalid JSON/,
    );
    expect(await oneError({ 'working-directory': 'ok', 'plan-file': 'state.json' })).toContain(
      'this looks like a state, not a plan',
    );
    expect(await oneError({ 'working-directory': 'ok', 'plan-file': 'missing.tfplan' })).toContain(
      `input 'plan-file' has "missing.tfplan": no such file`,
    );
  });

  it('missing var files, malformed vars, a malformed reviewed digest, an unknown mode', async () => {
    expect(await oneError({ 'working-directory': 'ok', 'var-files': 'prod.tfvars' })).toContain(
      `input 'var-files' has "prod.tfvars": no such file`,
    );
    expect(await oneError({ 'working-directory': 'ok', vars: 'region=eu\njust-a-name' })).toContain(
      `input 'vars' is "region=eu\\njust-a-name": line "just-a-name" is not KEY=VALUE`,
    );
    expect(await oneError({ 'working-directory': 'ok', 'reviewed-digest': 'abc' })).toContain(
      `input 'reviewed-digest' is "abc": expected the 64 lowercase hex characters of the digest output`,
    );
    expect(await oneError({ mode: 'apply' })).toContain(
      `input 'mode' is "apply": expected one of: plan, apply-check, drift`,
    );
  });

  it('a failed init is reported in the summary and fails the step', async () => {
    const r = await plan(stacks, undefined, { 'working-directory': 'broken', comment: 'false' });
    expect(r.exitCode).toBe(1);
    expect(errors(r).map((e) => e.message)).toEqual([
      expect.stringMatching(/^terraform init failed \(exit code 1\)/),
    ]);
    expect(r.summary).toContain('**`terraform init` failed (exit code 1).**');
    expect(r.summary).toContain('Last lines of stderr');
  });
});
