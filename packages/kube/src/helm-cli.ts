import { classifyHelmError, HelmError } from './helm-errors';
import { goDuration, type RunTool, type ToolRun } from './run-tool';
import { parseHistory, parseStatus, type HelmHistoryEntry, type HelmReleaseStatus } from './helm-release';

/** How to run helm: the binary, the exec edge, and the child's whole environment (KUBECONFIG, HELM_*_HOME). */
export interface HelmClientOptions {
  /** Path of the helm binary (or `helm` to use PATH). */
  helm: string;
  exec: RunTool;
  env: NodeJS.ProcessEnv;
  /** The release namespace, passed as `--namespace` on every release command. */
  namespace: string;
  /** `--kube-context`, when the kubeconfig holds several. */
  kubeContext?: string;
  /** Bound on commands that do not wait on the cluster (status, history, get). Default 60 s. */
  queryTimeoutMs?: number;
}

/** Options of {@link HelmClient.upgradeInstall}. */
export interface UpgradeInstallOptions {
  release: string;
  /** A chart path, `repo/name`, or `oci://` reference. */
  chart: string;
  version?: string;
  createNamespace?: boolean;
  valuesFiles?: readonly string[];
  set?: readonly (readonly [string, string])[];
  setString?: readonly (readonly [string, string])[];
  /** Helm's own `--timeout` (hooks, and waits when `wait`). */
  timeoutMs: number;
  /**
   * Let helm wait for resources: `--wait` on helm 3, `--wait=watcher` on helm 4. Off by default: the caller's
   * verification waits instead and can say WHY a workload is not ready.
   */
  wait?: boolean;
  /**
   * Helm's own rollback of a failed upgrade: `--atomic` (helm 3) / `--rollback-on-failure` (helm 4). Off by
   * default for the same reason, and because the rollback-on-failure action rolls back with diagnostics.
   */
  atomic?: boolean;
  /** Helm 4 only: `--server-side=true|false`; omitted means helm 4's default (`auto`). */
  serverSide?: boolean;
}

/** A helm CLI major version this package knows the flags of. */
export type HelmMajor = 3 | 4;

/** `helm version` → the version text and its major. */
export function parseHelmVersion(stdout: string): { version: string; major: HelmMajor } {
  const match = /v?(\d+)\.(\d+)\.(\d+)[^\s"]*/.exec(stdout);
  if (!match) throw new Error(`could not read a version from 'helm version': ${stdout.trim().slice(0, 200)}`);
  const major = Number(match[1]);
  if (major !== 3 && major !== 4)
    throw new Error(`helm ${match[0]} is not supported: helm 3 or helm 4 is required`);
  return { version: match[0].replace(/^v/, ''), major };
}

/** The flags of `helm upgrade --install` for a helm major; pure, so both majors are unit-tested. */
export function upgradeInstallArgs(major: HelmMajor, o: UpgradeInstallOptions, ns: string): string[] {
  const args = ['upgrade', '--install', o.release, o.chart, '--namespace', ns];
  if (o.version) args.push('--version', o.version);
  if (o.createNamespace) args.push('--create-namespace');
  for (const file of o.valuesFiles ?? []) args.push('--values', file);
  for (const [k, v] of o.set ?? []) args.push('--set', `${k}=${v}`);
  for (const [k, v] of o.setString ?? []) args.push('--set-string', `${k}=${v}`);
  args.push('--timeout', goDuration(o.timeoutMs));
  if (o.wait) args.push(major === 4 ? '--wait=watcher' : '--wait');
  if (o.atomic) args.push(major === 4 ? '--rollback-on-failure' : '--atomic');
  if (major === 4 && o.serverSide !== undefined) args.push(`--server-side=${String(o.serverSide)}`);
  return args;
}

/** The helm CLI, one method per command this project runs; every failure is a classified {@link HelmError}. */
export class HelmClient {
  private major: HelmMajor | undefined;
  constructor(private readonly options: HelmClientOptions) {}

  private async run(args: string[], timeoutMs: number): Promise<ToolRun> {
    const { helm, exec, env, kubeContext } = this.options;
    const all = kubeContext ? [...args, '--kube-context', kubeContext] : args;
    const result = await exec(helm, all, { env, timeoutMs, maxOutputBytes: 16 * 1024 * 1024 });
    if (result.timedOut) {
      throw new HelmError(
        args[0] ?? '',
        'timeout',
        `${result.stderr}\n(helm did not finish in ${goDuration(timeoutMs)})`,
        null,
      );
    }
    return result;
  }

  private async ok(args: string[], timeoutMs: number): Promise<string> {
    const result = await this.run(args, timeoutMs);
    if (result.exitCode !== 0)
      throw new HelmError(args[0] ?? '', classifyHelmError(result.stderr), result.stderr, result.exitCode);
    return result.stdout;
  }

  private get ns(): string[] {
    return ['--namespace', this.options.namespace];
  }

  private get queryTimeout(): number {
    return this.options.queryTimeoutMs ?? 60_000;
  }

  /** `helm version`; remembers the major for the flags of later commands. */
  async version(): Promise<{ version: string; major: HelmMajor }> {
    const parsed = parseHelmVersion(await this.ok(['version', '--short'], this.queryTimeout));
    this.major = parsed.major;
    return parsed;
  }

  /** `helm status -o json`; undefined when the release does not exist. */
  async status(release: string): Promise<HelmReleaseStatus | undefined> {
    try {
      return parseStatus(await this.ok(['status', release, ...this.ns, '-o', 'json'], this.queryTimeout));
    } catch (error) {
      if (error instanceof HelmError && error.kind === 'release-not-found') return undefined;
      throw error;
    }
  }

  /** `helm history -o json`, oldest first; empty when the release does not exist. */
  async history(release: string, max = 256): Promise<HelmHistoryEntry[]> {
    try {
      const out = await this.ok(
        ['history', release, ...this.ns, '--max', String(max), '-o', 'json'],
        this.queryTimeout,
      );
      return parseHistory(out);
    } catch (error) {
      if (error instanceof HelmError && error.kind === 'release-not-found') return [];
      throw error;
    }
  }

  /** `helm upgrade --install` with the flags of the detected major (calls {@link version} first if needed). */
  async upgradeInstall(options: UpgradeInstallOptions): Promise<{ stdout: string; stderr: string }> {
    const major = this.major ?? (await this.version()).major;
    const result = await this.run(
      upgradeInstallArgs(major, options, this.options.namespace),
      options.timeoutMs + 60_000,
    );
    if (result.exitCode !== 0)
      throw new HelmError('upgrade', classifyHelmError(result.stderr), result.stderr, result.exitCode);
    return { stdout: result.stdout, stderr: result.stderr };
  }

  /** `helm rollback RELEASE REVISION`; `wait` uses the major's wait flag. */
  async rollback(
    release: string,
    revision: number,
    options: { timeoutMs: number; wait?: boolean },
  ): Promise<void> {
    const major = this.major ?? (await this.version()).major;
    const args = [
      'rollback',
      release,
      String(revision),
      ...this.ns,
      '--timeout',
      goDuration(options.timeoutMs),
    ];
    if (options.wait) args.push(major === 4 ? '--wait=watcher' : '--wait');
    await this.ok(args, options.timeoutMs + 60_000);
  }

  /** `helm uninstall`; a release that is already gone is not an error. */
  async uninstall(release: string, options: { timeoutMs: number; wait?: boolean }): Promise<void> {
    const args = ['uninstall', release, ...this.ns, '--timeout', goDuration(options.timeoutMs)];
    if (options.wait) args.push('--wait');
    try {
      await this.ok(args, options.timeoutMs + 60_000);
    } catch (error) {
      if (error instanceof HelmError && error.kind === 'release-not-found') return;
      throw error;
    }
  }

  /** `helm get manifest` of the latest (or a given) revision: multi-document YAML. */
  async getManifest(release: string, revision?: number): Promise<string> {
    const args = ['get', 'manifest', release, ...this.ns];
    if (revision !== undefined) args.push('--revision', String(revision));
    return this.ok(args, this.queryTimeout);
  }

  /** `helm test`; resolves with helm's output whether the tests passed or not. */
  async test(release: string, options: { timeoutMs: number }): Promise<{ passed: boolean; output: string }> {
    const result = await this.run(
      ['test', release, ...this.ns, '--timeout', goDuration(options.timeoutMs)],
      options.timeoutMs + 60_000,
    );
    if (result.exitCode !== 0 && classifyHelmError(result.stderr) === 'cluster-unreachable')
      throw new HelmError('test', 'cluster-unreachable', result.stderr, result.exitCode);
    return { passed: result.exitCode === 0, output: `${result.stdout}${result.stderr}`.trim() };
  }
}
