// What a script-mode k6 smoke test looks like (k6-smoke runs it with --summary-export and its own handleSummary).
import http from 'k6/http';
import { check } from 'k6';

export const options = {
  vus: 2,
  duration: '30s',
  thresholds: { http_req_duration: ['p(95)<500'], http_req_failed: ['rate<0.01'] },
};

export default function () {
  const res = http.get(`${__ENV.BASE_URL}/healthz`);
  check(res, { 'status is 200': (r) => r.status === 200 });
}
