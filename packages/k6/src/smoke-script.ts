/** HTTP methods a smoke URL line may use. */
export const SMOKE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type SmokeMethod = (typeof SMOKE_METHODS)[number];

/** One URL to probe and the status it must answer with. */
export interface SmokeUrl {
  method: SmokeMethod;
  url: string;
  expectedStatus: number;
}

/** Service-level objectives that become k6 thresholds. */
export interface SmokeSlo {
  p95Ms?: number;
  p99Ms?: number;
  /** Largest acceptable share of failed requests, 0..1. */
  errorRate?: number;
}

/** Input of {@link generateSmokeScript}. */
export interface SmokeScriptOptions {
  urls: readonly SmokeUrl[];
  vus: number;
  /** k6 duration, e.g. `30s`, `1m30s`. */
  duration: string;
  slo?: SmokeSlo;
  /** `__ENV` variable holding the path the summary JSON is written to. */
  summaryEnv?: string;
}

/** The environment variable the generated script reads its summary path from by default. */
export const DEFAULT_SUMMARY_ENV = 'SHIPYARD_K6_SUMMARY';

function checkUrl(url: string, where: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${where}: ${JSON.stringify(url)} is not a URL; expected http(s)://host/path`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`${where}: ${JSON.stringify(url)} must be http or https`);
  }
  return url;
}

function checkStatus(text: string, where: string): number {
  const n = Number(text);
  if (!/^\d{3}$/.test(text) || n < 100 || n > 599) {
    throw new Error(`${where}: expected status ${JSON.stringify(text)} must be a number from 100 to 599`);
  }
  return n;
}

/**
 * Parses the `urls` input: one `[METHOD ]URL[ expected-status]` per line, `#` comments and blank lines
 * skipped. Method defaults to GET and status to 200. Errors name the line.
 */
export function parseSmokeUrls(text: string, input = 'urls'): SmokeUrl[] {
  const out: SmokeUrl[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const where = `${input} line ${i + 1} (${JSON.stringify(line)})`;
    const parts = line.split(/\s+/);
    let method: SmokeMethod = 'GET';
    const head = parts[0] ?? '';
    if (!/^https?:\/\//i.test(head)) {
      if (!(SMOKE_METHODS as readonly string[]).includes(head.toUpperCase())) {
        throw new Error(`${where}: "${head}" is neither a URL nor a method (${SMOKE_METHODS.join(', ')})`);
      }
      method = head.toUpperCase() as SmokeMethod;
      parts.shift();
    }
    if (parts.length === 0) throw new Error(`${where}: a URL is missing after ${method}`);
    if (parts.length > 2)
      throw new Error(`${where}: too many fields; expected [METHOD ]URL[ expected-status]`);
    const url = checkUrl(parts[0] ?? '', where);
    const expectedStatus = parts[1] === undefined ? 200 : checkStatus(parts[1], where);
    out.push({ method, url, expectedStatus });
  });
  if (out.length === 0)
    throw new Error(`${input}: no URLs given; write one "[METHOD ]URL[ expected-status]" per line`);
  return out;
}

/**
 * The k6 thresholds that express SLOs: `p(95)<…`/`p(99)<…` on `http_req_duration` and `rate<=…` on
 * `http_req_failed`; only the SLOs that are set. Errors name the SLO and what is allowed.
 */
export function sloThresholds(slo: SmokeSlo): Record<string, string[]> {
  const t: Record<string, string[]> = {};
  const latency: string[] = [];
  const positive = (v: number, name: string) => {
    if (!(Number.isFinite(v) && v > 0)) throw new Error(`slo.${name}: ${v} must be a positive number`);
    return v;
  };
  if (slo.p95Ms !== undefined) latency.push(`p(95)<${positive(slo.p95Ms, 'p95Ms')}`);
  if (slo.p99Ms !== undefined) latency.push(`p(99)<${positive(slo.p99Ms, 'p99Ms')}`);
  if (latency.length) t.http_req_duration = latency;
  if (slo.errorRate !== undefined) {
    if (!(slo.errorRate >= 0 && slo.errorRate <= 1))
      throw new Error(`slo.errorRate: ${slo.errorRate} must be between 0 and 1`);
    t.http_req_failed = [`rate<=${slo.errorRate}`];
  }
  return t;
}

// A smoke test also requires every check to pass: a wrong status must fail the run.
const thresholdsFor = (slo: SmokeSlo): Record<string, string[]> => ({
  checks: ['rate==1'],
  ...sloThresholds(slo),
});

/**
 * Generates a k6 smoke test. Every value from the user is embedded with JSON.stringify, so a URL cannot
 * break out of its string literal; the script reads the summary path from `__ENV` at run time.
 */
export function generateSmokeScript(o: SmokeScriptOptions): string {
  if (!Number.isInteger(o.vus) || o.vus < 1 || o.vus > 1000)
    throw new Error(`vus: ${o.vus} must be an integer from 1 to 1000`);
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(o.duration)) {
    throw new Error(
      `duration: ${JSON.stringify(o.duration)} is not a k6 duration; use e.g. "30s" or "1m30s"`,
    );
  }
  if (o.urls.length === 0) throw new Error('urls: at least one URL is required');
  o.urls.forEach((u, i) => {
    checkUrl(u.url, `urls[${i}]`);
    checkStatus(String(u.expectedStatus), `urls[${i}]`);
    if (!(SMOKE_METHODS as readonly string[]).includes(u.method))
      throw new Error(`urls[${i}]: method ${JSON.stringify(u.method)} is not allowed`);
  });
  const env = o.summaryEnv ?? DEFAULT_SUMMARY_ENV;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(env))
    throw new Error(`summaryEnv: ${JSON.stringify(env)} is not a variable name`);
  const options = { vus: o.vus, duration: o.duration, thresholds: thresholdsFor(o.slo ?? {}) };
  const targets = o.urls.map((u) => ({
    method: u.method,
    url: u.url,
    expectedStatus: u.expectedStatus,
    check: `${u.method} ${u.url} is ${u.expectedStatus}`,
  }));
  return `// Generated by shipyard: a smoke test of the listed URLs.
import http from 'k6/http';
import { check } from 'k6';

const TARGETS = ${JSON.stringify(targets, null, 2)};

export const options = ${JSON.stringify(options, null, 2)};

export default function () {
  for (const t of TARGETS) {
    // Non-matching statuses count as failed requests, so http_req_failed reflects the expectation.
    const res = http.request(t.method, t.url, null, {
      tags: { name: t.url },
      responseCallback: http.expectedStatuses(t.expectedStatus),
    });
    check(res, { [t.check]: (r) => r.status === t.expectedStatus });
  }
}

export function handleSummary(data) {
  const out = {};
  const path = __ENV[${JSON.stringify(env)}];
  if (path) out[path] = JSON.stringify(data);
  const d = data.metrics.http_req_duration;
  const f = data.metrics.http_req_failed;
  out.stdout = 'smoke: p95 ' + (d ? d.values['p(95)'] : 'n/a') + ' ms, failed ' + (f ? f.values.rate : 'n/a') + '\\n';
  return out;
}
`;
}
