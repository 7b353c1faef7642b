/** Test helpers for the simulator's own tests; the sandbox itself is the shared one of the testbed. */
import { helmSandbox, type HelmSandbox, type KubeSimulator, type ToolResult } from '@shipyard/testbed';

export type RunResult = ToolResult;
export type Sandbox = HelmSandbox;

/** A sandbox pointed at `sim`, with the demo chart (ConfigMap, port and env included) in `<dir>/chart`. */
export function sandbox(sim: KubeSimulator): Sandbox {
  return helmSandbox(sim, { withConfig: true });
}

/** Polls `probe` every 200 ms until it returns a value, failing after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Parses CLI JSON output, naming the command when it is not JSON. */
export function parseJson<T>(result: RunResult, command: string): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`${command} printed no JSON (exit ${result.code}): ${result.stdout}${result.stderr}`);
  }
}
