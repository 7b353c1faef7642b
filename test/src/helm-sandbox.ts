import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { KubeSimulator } from './kube-sim';
import { realTools, requireTool } from './paths';

/**
 * What every test that drives the real helm and kubectl against the Kubernetes simulator needs: the binaries
 * of one helm major, a tiny chart, and a sandbox with its own HOME, helm folders and kubeconfig, so tests never
 * share caches (kubectl caches discovery under HOME) and run in parallel.
 */

/** The real helm and kubectl of a major, and the folder holding them (for `path` in runAction). */
export function helmTools(major: 3 | 4): { helm: string; kubectl: string; dir: string } {
  const helm = requireTool(major === 3 ? realTools.helm3 : realTools.helm4);
  const kubectl = requireTool(major === 3 ? realTools.kubectl3 : realTools.kubectl4);
  return { helm, kubectl, dir: dirname(helm) };
}

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}
spec:
  selector:
    app: {{ .Release.Name }}
  ports:
    - port: 80`;

const CONFIG_MAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
data:
  greeting: hello`;

function deployment(withConfig: boolean): string {
  const extra = withConfig
    ? `
          ports:
            - containerPort: 8080
          env:
            - name: GREETING
              valueFrom:
                configMapKeyRef:
                  name: {{ .Release.Name }}-config
                  key: greeting`
    : '';
  return `apiVersion: apps/v1
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
          image: {{ .Values.image }}${extra}`;
}

/**
 * Writes the demo chart into `<dir>/chart` and returns its path: a Service and a Deployment whose image comes
 * from `values.image` (the simulator picks its scenario from the image). `withConfig` adds a ConfigMap, a
 * container port and an env var from it, for tests that check an upgrade keeps them.
 */
export function writeDemoChart(dir: string, options: { withConfig?: boolean } = {}): string {
  const chart = join(dir, 'chart');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 0.1.0\nappVersion: "1.0"\n');
  writeFileSync(join(chart, 'values.yaml'), 'image: nginx:1.27\n');
  const docs = options.withConfig ? [CONFIG_MAP, SERVICE, deployment(true)] : [SERVICE, deployment(false)];
  writeFileSync(join(chart, 'templates', 'app.yaml'), `${docs.join('\n---\n')}\n`);
  return chart;
}

/** Exit code and output of one CLI run. */
export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A per-test sandbox pointed at a simulator. */
export interface HelmSandbox {
  dir: string;
  env: NodeJS.ProcessEnv;
  chart: string;
  /** Runs a CLI in the sandbox; resolves with exit code and output, never rejects. */
  run: (bin: string, args: string[], timeoutMs?: number) => Promise<ToolResult>;
  /** `kubectl apply` of YAML text; rejects with kubectl's error. */
  apply: (kubectl: string, yaml: string) => Promise<void>;
  cleanup: () => void;
}

/** Creates a sandbox for `sim` with the demo chart in `<dir>/chart`. */
export function helmSandbox(sim: KubeSimulator, options: { withConfig?: boolean } = {}): HelmSandbox {
  const dir = mkdtempSync(join(tmpdir(), 'helm-sandbox-'));
  const chart = writeDemoChart(dir, options);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: join(dir, 'home'),
    HELM_CACHE_HOME: join(dir, 'helm-cache'),
    HELM_CONFIG_HOME: join(dir, 'helm-config'),
    HELM_DATA_HOME: join(dir, 'helm-data'),
    KUBECONFIG: sim.writeKubeconfig(dir),
  };
  const run: HelmSandbox['run'] = (bin, args, timeoutMs = 60_000) =>
    new Promise((resolve) => {
      execFile(
        bin,
        args,
        { env, cwd: dir, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
        },
      );
    });
  let applied = 0;
  const apply: HelmSandbox['apply'] = async (kubectl, yaml) => {
    const file = join(dir, `apply-${applied++}.yaml`);
    writeFileSync(file, yaml);
    const result = await run(kubectl, ['apply', '-f', file]);
    if (result.code !== 0) throw new Error(`kubectl apply failed: ${result.stderr}`);
  };
  return { dir, env, chart, run, apply, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
