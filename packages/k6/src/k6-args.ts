/** Everything that shapes one `k6 run`. */
export interface K6ArgsOptions {
  script: string;
  /** Where k6 writes the legacy summary JSON. */
  summaryExportPath?: string;
  /** Environment for the script (`__ENV`); passed as `--env=K=V`. */
  env?: Readonly<Record<string, string>>;
  /** Extra user arguments, one per line (blank lines skipped); each line is ONE argument. */
  userArgs?: string;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Builds the argument array for `k6`. Each `--env` pair is a single element (`--env=K=V`), so values with
 * spaces or `=` survive intact; user arguments are split by line, never by spaces.
 */
export function k6Args(o: K6ArgsOptions): string[] {
  if (!o.script || o.script.startsWith('-')) {
    throw new Error(`script: ${JSON.stringify(o.script)} is not a script path (empty or starts with "-")`);
  }
  const args = ['run'];
  if (o.summaryExportPath) args.push(`--summary-export=${o.summaryExportPath}`);
  for (const [key, value] of Object.entries(o.env ?? {})) {
    if (!ENV_NAME.test(key))
      throw new Error(`env: ${JSON.stringify(key)} is not a valid variable name (letters, digits, _)`);
    args.push(`--env=${key}=${value}`);
  }
  for (const line of (o.userArgs ?? '').split(/\r?\n/)) {
    const arg = line.trim();
    if (arg) args.push(arg);
  }
  args.push(o.script);
  return args;
}
