/** Sets up cluster state for the end-to-end tests with the real helm and kubectl, each run with its own HOME. */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { realTools, requireTool, type KubeSimulator } from '@shipyard/testbed';

/** The real helm and kubectl of a major and the folder holding them (for `path` in runAction). */
export function tools(major: 3 | 4): { helm: string; kubectl: string; dir: string } {
  const helm = requireTool(major === 3 ? realTools.helm3 : realTools.helm4);
  const kubectl = requireTool(major === 3 ? realTools.kubectl3 : realTools.kubectl4);
  return { helm, kubectl, dir: dirname(helm) };
}

/** A sandbox against the simulator: a chart (Deployment + Service, image from values), HOME, KUBECONFIG. */
export interface Cluster {
  dir: string;
  chart: string;
  /** Runs a CLI; resolves with exit code and output, never rejects. */
  run(bin: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** `kubectl apply` of YAML text. */
  apply(kubectl: string, yaml: string): Promise<void>;
  cleanup(): void;
}

const TEMPLATE = `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}
spec:
  selector:
    app: {{ .Release.Name }}
  ports:
    - port: 80
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
`;

/** Creates the sandbox for `sim`. */
export function cluster(sim: KubeSimulator): Cluster {
  const dir = mkdtempSync(join(tmpdir(), 'rof-'));
  const chart = join(dir, 'chart');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 0.1.0\nappVersion: "1.0"\n');
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
  const run: Cluster['run'] = (bin, args) =>
    new Promise((resolve) => {
      execFile(bin, args, { env, cwd: dir, timeout: 60_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      });
    });
  let applied = 0;
  const apply: Cluster['apply'] = async (kubectl, yaml) => {
    const file = join(dir, `apply-${applied++}.yaml`);
    writeFileSync(file, yaml);
    const result = await run(kubectl, ['apply', '-f', file]);
    if (result.code !== 0) throw new Error(`kubectl apply failed: ${result.stderr}`);
  };
  return { dir, chart, run, apply, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A plain Deployment (no helm) for the kubectl strategy. */
export function deploymentYaml(name: string, namespace: string, image: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  replicas: 1
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: main, image: "${image}"}]
`;
}
