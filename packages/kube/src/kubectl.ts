import type { KubeObject } from './objects';
import type { RunTool } from './run-tool';

/** How to run kubectl: binary, exec edge and the child's whole environment (KUBECONFIG, HOME). */
export interface KubectlClientOptions {
  kubectl: string;
  exec: RunTool;
  env: NodeJS.ProcessEnv;
  /** `--context`, when the kubeconfig holds several. */
  kubeContext?: string;
  /** Bound on each command. Default 30 s. */
  timeoutMs?: number;
}

/** A failed kubectl command; `notFound` when the API answered NotFound. */
export class KubectlError extends Error {
  override name = 'KubectlError';
  constructor(
    message: string,
    readonly stderr: string,
    readonly notFound: boolean,
  ) {
    super(message);
  }
}

/** Options of {@link KubectlClient.logs}. */
export interface LogOptions {
  container?: string;
  /** Lines from the end (`--tail`). Default 20. */
  tail?: number;
  /** Byte cap (`--limit-bytes`). Default 4096. */
  limitBytes?: number;
  /** The previous, crashed instance (`--previous`). */
  previous?: boolean;
}

/**
 * Runs kubectl with the client's options and returns stdout; a failure or timeout becomes a {@link KubectlError}
 * carrying kubectl's last stderr line and whether the object was not found. Shared by every kubectl user here.
 */
export async function runKubectl(options: KubectlClientOptions, args: string[]): Promise<string> {
  const { kubectl, exec, env, kubeContext } = options;
  const all = kubeContext ? [...args, '--context', kubeContext] : args;
  const result = await exec(kubectl, all, {
    env,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxOutputBytes: 8 * 1024 * 1024,
  });
  if (result.timedOut)
    throw new KubectlError(`kubectl ${args.slice(0, 2).join(' ')} timed out`, result.stderr, false);
  if (result.exitCode !== 0) {
    const line = result.stderr.trim().split('\n').at(-1) ?? '';
    throw new KubectlError(
      `kubectl ${args.slice(0, 3).join(' ')} failed: ${line.slice(0, 500)}`,
      result.stderr,
      /\(NotFound\)|not found/i.test(result.stderr),
    );
  }
  return result.stdout;
}

/** The kubectl reads verification and diagnostics need; all JSON, all bounded. */
export class KubectlClient {
  constructor(private readonly options: KubectlClientOptions) {}

  private run(args: string[]): Promise<string> {
    return runKubectl(this.options, args);
  }

  private async json(args: string[]): Promise<KubeObject> {
    const out = await this.run([...args, '-o', 'json']);
    try {
      return JSON.parse(out) as KubeObject;
    } catch {
      throw new KubectlError(
        `kubectl ${args.slice(0, 2).join(' ')} printed no JSON`,
        out.slice(0, 300),
        false,
      );
    }
  }

  /** One object (`kind` like `deployment` or `Deployment.apps`); undefined when it does not exist. */
  async get(kind: string, name: string, namespace: string): Promise<KubeObject | undefined> {
    try {
      return await this.json(['get', kind, name, '--namespace', namespace]);
    } catch (error) {
      if (error instanceof KubectlError && error.notFound) return undefined;
      throw error;
    }
  }

  /** Pods matching a label selector (`app=web,tier=api`). */
  async listPods(selector: string, namespace: string): Promise<KubeObject[]> {
    const list = await this.json(['get', 'pods', '--namespace', namespace, '--selector', selector]);
    return Array.isArray(list.items) ? (list.items as KubeObject[]) : [];
  }

  /** Events whose involved object is `kind/name`. */
  async events(kind: string, name: string, namespace: string): Promise<KubeObject[]> {
    const list = await this.json([
      'get',
      'events',
      '--namespace',
      namespace,
      '--field-selector',
      `involvedObject.kind=${kind},involvedObject.name=${name}`,
    ]);
    return Array.isArray(list.items) ? (list.items as KubeObject[]) : [];
  }

  /** A capped tail of a container's log. */
  async logs(pod: string, namespace: string, options: LogOptions = {}): Promise<string> {
    const args = [
      'logs',
      pod,
      '--namespace',
      namespace,
      `--tail=${options.tail ?? 20}`,
      `--limit-bytes=${options.limitBytes ?? 4096}`,
    ];
    if (options.container) args.push('--container', options.container);
    if (options.previous) args.push('--previous');
    return this.run(args);
  }

  /** `kubectl version` against the server: fails with the client's reason when the cluster is unreachable. */
  async serverVersion(): Promise<string> {
    const out = await this.run(['version', '--output', 'json']);
    try {
      const v = JSON.parse(out) as { serverVersion?: { gitVersion?: string } };
      return v.serverVersion?.gitVersion ?? 'unknown';
    } catch {
      return 'unknown';
    }
  }
}
