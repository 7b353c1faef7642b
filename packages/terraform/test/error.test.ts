import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFailureLine, errorSummaries, renderCommandFailure, stripAnsi, tail } from '../src/index';
import type { Run } from './terraform';
import { Workdir } from './terraform';

const header = { workingDirectory: 'infra', workspace: 'prod' };
let wd: Workdir;

beforeAll(() => {
  wd = new Workdir('tf-error-');
});
afterAll(() => wd?.remove());

function failingPlan(config: string, color: boolean, vars: string[] = []): Run {
  wd.write({ 'main.tf': config });
  wd.ok(['init', '-input=false']);
  const run = wd.run(['plan', '-input=false', ...vars], { color });
  expect(run.status).not.toBe(0);
  return run;
}

describe('a failing real plan', () => {
  it('renders a failed precondition with its message, ANSI codes stripped', () => {
    const run = failingPlan(
      `
variable "secret" {
  type      = string
  sensitive = true
}
resource "terraform_data" "guarded" {
  input = "x"
  lifecycle {
    precondition {
      condition     = length(var.secret) > 100
      error_message = "The secret must be longer than 100 characters."
    }
  }
}
`,
      true,
      ['-var=secret=do-not-print-me'],
    );
    expect(run.stderr).toContain('\u001b['); // the real output is coloured
    const text = renderCommandFailure(header, {
      stage: 'plan',
      exitCode: run.status,
      stderr: run.stderr,
      secrets: ['do-not-print-me'],
    });
    expect(text).not.toContain('\u001b');
    expect(text).toContain('❌ **`terraform plan` failed (exit code 1).**');
    expect(text).toContain('- Error: Resource precondition failed');
    expect(text).toContain('The secret must be longer than 100 characters.');
    expect(text).toMatch(/```text\n[^]*Resource precondition failed[^]*\n```/);
    expect(text).not.toContain('do-not-print-me');
  });

  it('renders an invalid reference', () => {
    const run = failingPlan('resource "terraform_data" "a" { input = terraform_data.missing.id }\n', false);
    const text = renderCommandFailure(header, { stage: 'plan', exitCode: run.status, stderr: run.stderr });
    expect(text.split('\n')[0]).toBe('## Terraform plan · `infra` · workspace `prod`');
    expect(text).toContain('- Error: Reference to undeclared resource');
    expect(text).toContain('terraform_data.missing');
  });

  it('scrubs secrets a failure prints in clear text', () => {
    const run = failingPlan(
      `
variable "token" { type = string }
resource "terraform_data" "a" { input = tonumber(var.token) }
`,
      false,
      ['-var=token=tok-123-secret'],
    );
    expect(run.stderr).toContain('tok-123-secret');
    const text = renderCommandFailure(header, {
      stage: 'plan',
      stderr: run.stderr,
      secrets: ['tok-123-secret'],
    });
    expect(text).not.toContain('tok-123-secret');
    expect(text).toContain('(sensitive value)');
  });
});

describe('error helpers', () => {
  it('strips CSI and OSC sequences', () => {
    expect(stripAnsi('\u001b[31mred\u001b[0m \u001b]8;;http://x\u0007link\u001b]8;;\u0007')).toBe('red link');
  });

  it('keeps the last lines, bounded in characters', () => {
    const log = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    expect(tail(log, 3)).toBe('line 97\nline 98\nline 99');
    expect(tail('a'.repeat(50) + '\nshort', 10, 20)).toBe('short');
  });

  it('finds error summaries inside and outside the diagnostic frame', () => {
    expect(errorSummaries('│ Error: One\n│ detail\nError: Two\n│ Error: One\n')).toEqual(['One', 'Two']);
  });

  it('says when stderr was empty', () => {
    expect(renderCommandFailure(header, { stage: 'init', stderr: '' })).toContain('_No output on stderr._');
  });
});

describe('the one-line step error', () => {
  it('names the command, exit code and first diagnostic, with secrets scrubbed', () => {
    const stderr = '\u001b[31m│ Error: Invalid value "hunter22" for x\n│ Error: second\n';
    expect(commandFailureLine({ stage: 'plan', exitCode: 1, stderr, secrets: ['hunter22'] }, 'tofu')).toBe(
      'tofu plan failed (exit code 1): Error: Invalid value "(sensitive value)" for x; see the job summary',
    );
    expect(commandFailureLine({ stage: 'init', stderr: '' })).toBe(
      'terraform init failed; see the job summary',
    );
  });
});
