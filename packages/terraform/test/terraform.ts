/**
 * Drives the real terraform binary for the tests: each configuration lives in its own temp dir, uses only the
 * built-in `terraform_data` resource (no provider download) and a local state file.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { requireTool } from '@shipyard/testbed';

export const TERRAFORM = '/usr/local/bin/terraform';

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** A temp working directory with its own empty CLI config, so no user settings or warnings leak in. */
export class Workdir {
  readonly dir: string;
  readonly bin: string;

  constructor(prefix = 'tf-') {
    // Fails (never skips) when terraform is missing.
    this.bin = requireTool(TERRAFORM);
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    writeFileSync(join(this.dir, '.terraformrc'), '');
  }

  /** Writes files relative to the working directory (a `main.tf` replaces the previous one). */
  write(files: Record<string, string>): this {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(this.dir, name)), { recursive: true });
      writeFileSync(join(this.dir, name), text);
    }
    return this;
  }

  run(args: readonly string[], options: { color?: boolean } = {}): Run {
    const full = options.color ? [...args] : [...args, '-no-color'];
    const result = spawnSync(this.bin, full, {
      cwd: this.dir,
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 256 * 1024 * 1024,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: this.dir,
        TF_IN_AUTOMATION: '1',
        CHECKPOINT_DISABLE: '1',
        TF_CLI_CONFIG_FILE: join(this.dir, '.terraformrc'),
      },
    });
    if (result.error) throw result.error;
    return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  }

  /** Runs and throws with stderr when terraform fails. */
  ok(args: readonly string[]): string {
    const r = this.run(args);
    if (r.status !== 0) throw new Error(`terraform ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
    return r.stdout;
  }

  init(): this {
    this.ok(['init', '-input=false']);
    return this;
  }

  apply(vars: readonly string[] = []): this {
    this.ok(['apply', '-auto-approve', '-input=false', ...vars]);
    return this;
  }

  /** `terraform plan -out` then `terraform show -json`: the plan JSON text. */
  planJson(vars: readonly string[] = [], planFile = 'plan.tfplan'): string {
    this.ok(['plan', '-input=false', `-out=${planFile}`, ...vars]);
    return this.ok(['show', '-json', planFile]);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A configuration of `count` resources, a sensitive variable fed into some of them, and a sensitive output. */
export function largeConfig(count: number): string {
  return `
variable "secret" {
  type      = string
  sensitive = true
}
resource "terraform_data" "fleet" {
  count = ${count}
  input = {
    name     = "instance-\${count.index}"
    size     = count.index % 7
    password = count.index % 10 == 0 ? var.secret : "public-\${count.index}"
  }
}
module "child" {
  source = "./child"
  token  = var.secret
}
output "fleet_ids" { value = terraform_data.fleet[*].id }
output "secret_echo" {
  value     = var.secret
  sensitive = true
}
`;
}

/** The child module used by {@link largeConfig}. */
export const LARGE_CHILD = `
variable "token" {
  type      = string
  sensitive = true
}
resource "terraform_data" "with_token" {
  count = 5
  input = { token = var.token, n = count.index }
}
`;
