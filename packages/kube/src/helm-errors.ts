/**
 * What went wrong in a helm command, read from its stderr. Helm has no machine-readable errors, so the
 * phrases below are the ones helm 3.17 and 4.1 print (see ../shared/fixtures/helm/*error*).
 */

/** A class of helm failure the caller can act on. */
export type HelmErrorKind =
  | 'operation-in-progress'
  | 'no-deployed-releases'
  | 'release-not-found'
  | 'revision-not-found'
  | 'chart-not-found'
  | 'cluster-unreachable'
  | 'timeout'
  | 'other';

const RULES: readonly [HelmErrorKind, RegExp][] = [
  ['operation-in-progress', /another operation \(install\/upgrade\/rollback\) is in progress/i],
  ['no-deployed-releases', /has no deployed releases/i],
  ['revision-not-found', /release has no \d+ version|revision \d+ not found/i],
  ['release-not-found', /release: not found|release "[^"]*" not found|Error: release not found/i],
  [
    'chart-not-found',
    /path "[^"]*" not found|failed to download|chart "[^"]*" (?:version "[^"]*" )?not found|repo \S+ not found|no chart (?:name|version) found|not a valid chart repository|no cached repo found/i,
  ],
  [
    'cluster-unreachable',
    /Kubernetes cluster unreachable|connection refused|no such host|couldn't get current server API group list|i\/o timeout|x509:|Unauthorized|error loading config file|invalid configuration/i,
  ],
  ['timeout', /context deadline exceeded|timed out waiting for the condition/i],
];

/** Classifies helm's stderr; the first matching rule wins, so the specific phrases come first. */
export function classifyHelmError(stderr: string): HelmErrorKind {
  for (const [kind, pattern] of RULES) if (pattern.test(stderr)) return kind;
  return 'other';
}

/** The `Error: …` line(s) of helm's stderr, without warnings and debug noise. */
export function helmErrorLine(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const errors = lines.filter((l) => l.startsWith('Error:'));
  return (errors.length > 0 ? errors.join('\n') : (lines.at(-1) ?? 'no output')).slice(0, 2000);
}

/** A failed helm command, with its class and the tail of its stderr. */
export class HelmError extends Error {
  override name = 'HelmError';
  constructor(
    /** The helm subcommand, e.g. `upgrade`. */
    readonly command: string,
    readonly kind: HelmErrorKind,
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    super(`helm ${command} failed: ${helmErrorLine(stderr)}`);
  }
}
