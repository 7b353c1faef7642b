/** Shared pieces of the end-to-end tests: a tiny chart, the real tool folder, and a loopback web server. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { realTools, requireTool } from '@shipyard/testbed';

/** A workspace holding `chart/` (Deployment + Service, image from values). */
export function workspaceWithChart(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hdv-ws-'));
  const chart = join(dir, 'chart');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 0.1.0\nappVersion: "1.0"\n');
  writeFileSync(join(chart, 'values.yaml'), 'image: nginx:1.27\n');
  writeFileSync(
    join(chart, 'templates', 'app.yaml'),
    `apiVersion: v1
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
`,
  );
  return dir;
}

/** The folder holding the real helm and kubectl of a major. */
export function toolDir(major: 3 | 4): string {
  return dirname(requireTool(major === 3 ? realTools.helm3 : realTools.helm4));
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
