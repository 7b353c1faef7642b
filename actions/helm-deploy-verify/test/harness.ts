/** Shared pieces of the end-to-end tests: tiny charts, the real tool folder, loopback web and chart repo servers. */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { helmTools, writeDemoChart } from '@shipyard/testbed';

/** A workspace holding `chart/` (Deployment + Service, image from values). */
export function workspaceWithChart(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hdv-ws-'));
  writeDemoChart(dir);
  return dir;
}

/** The folder holding the real helm and kubectl of a major. */
export function toolDir(major: 3 | 4): string {
  return helmTools(major).dir;
}

/** A loopback server answering `/health` 200 and anything else 404. */
export async function startWebServer(): Promise<{ url: string; stop: () => Promise<void>; server: Server }> {
  const server = createServer((req, res) => {
    res.statusCode = req.url === '/health' ? 200 : 404;
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, server, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

/**
 * A workspace holding `chart/` whose Deployment takes image, replicas, an env var and an annotation from values,
 * with a `helm.sh/hook: test` Pod when `testImage` is set (`testDeletePolicy` sets its hook-delete-policy).
 */
export function workspaceWithValuesChart(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hdv-values-'));
  const chart = join(dir, 'chart');
  mkdirSync(join(chart, 'templates', 'tests'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 0.1.0\nappVersion: "1.0"\n');
  writeFileSync(
    join(chart, 'values.yaml'),
    'image: nginx:1.27\nreplicas: 1\nlogLevel: info\ntier: base\ntestImage: ""\ntestDeletePolicy: ""\n',
  );
  writeFileSync(
    join(chart, 'templates', 'app.yaml'),
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
  annotations:
    shipyard.test/tier: {{ .Values.tier | quote }}
spec:
  replicas: {{ .Values.replicas }}
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
          env:
            - name: LOG_LEVEL
              value: {{ .Values.logLevel | quote }}
`,
  );
  writeFileSync(
    join(chart, 'templates', 'tests', 'probe.yaml'),
    `{{- if .Values.testImage }}
apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-probe
  annotations:
    helm.sh/hook: test
    {{- with .Values.testDeletePolicy }}
    helm.sh/hook-delete-policy: {{ . }}
    {{- end }}
spec:
  restartPolicy: Never
  containers:
    - name: probe
      image: {{ .Values.testImage }}
      command: ['wget', '-qO-', 'http://{{ .Release.Name }}']
{{- end }}
`,
  );
  return dir;
}

/** Runs a real CLI without blocking the event loop (the simulator and servers of the test live in it). */
export function runTool(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { env, timeout: 20_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${bin} ${args.join(' ')} failed: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

/**
 * A real helm chart repository on 127.0.0.1: `chartDir` packaged with `helm package`, indexed with
 * `helm repo index --url <this server>`, and the folder served read-only.
 */
export async function startChartRepo(
  helm: string,
  chartDir: string,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'hdv-repo-'));
  const server = createServer((req, res) => {
    const name = basename(new URL(req.url ?? '/', 'http://x').pathname);
    const file = join(dir, name);
    if (!/^[\w.-]+\.(yaml|tgz)$/.test(name) || !existsSync(file)) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const env = { PATH: process.env.PATH, HOME: dir };
  await runTool(helm, ['package', chartDir, '--destination', dir], env);
  await runTool(helm, ['repo', 'index', dir, '--url', url], env);
  return {
    url,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
