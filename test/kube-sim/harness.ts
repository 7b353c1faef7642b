/** Test harness for the simulator: isolated helm/kubectl homes, a tiny chart, and a bounded process runner. */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeSimulator } from '@shipyard/testbed';

/** Exit code and output of one CLI run. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A per-test sandbox: its own HOME, helm dirs and kubeconfig, removed by `cleanup()`. */
export interface Sandbox {
  dir: string;
  env: NodeJS.ProcessEnv;
  chart: string;
  run(bin: string, args: string[], timeoutMs?: number): Promise<RunResult>;
  cleanup(): void;
}

const CHART_YAML = 'apiVersion: v2\nname: demo\nversion: 0.1.0\nappVersion: "1.0"\n';

/** A Deployment + Service + ConfigMap; the image comes from `values.image`. */
const TEMPLATE = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
data:
  greeting: hello
---
apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}
spec:
  selector:
    app: {{ .Release.Name }}
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: {{ .Release.Name }}
  template:
    metadata:
      labels:
        app: {{ .Release.Name }}
    spec:
      containers:
        - name: app
          image: {{ .Values.image }}
          ports:
            - containerPort: 8080
          env:
            - name: GREETING
              valueFrom:
                configMapKeyRef:
                  name: {{ .Release.Name }}-config
                  key: greeting
`;

/** Creates a sandbox pointed at `sim`, with the demo chart in `<dir>/chart`. */
export function sandbox(sim: KubeSimulator): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'kube-sim-'));
  const chart = join(dir, 'chart');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), CHART_YAML);
  writeFileSync(join(chart, 'values.yaml'), 'image: nginx:1.27\n');
  writeFileSync(join(chart, 'templates', 'app.yaml'), TEMPLATE);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: join(dir, 'home'),
    HELM_CACHE_HOME: join(dir, 'helm-cache'),
    HELM_CONFIG_HOME: join(dir, 'helm-config'),
    HELM_DATA_HOME: join(dir, 'helm-data'),
    KUBECONFIG: sim.writeKubeconfig(dir),
  };
  const run = (bin: string, args: string[], timeoutMs = 30_000): Promise<RunResult> =>
    new Promise((resolve) => {
      execFile(
        bin,
        args,
        { env, cwd: dir, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  return { dir, env, chart, run, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
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
