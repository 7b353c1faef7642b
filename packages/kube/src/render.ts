import {
  code,
  codeBlock,
  details,
  escapeText,
  heading,
  raw,
  statusIcon,
  table,
  type Section,
} from '@shipyard/markdown';
import type { WorkloadDiagnosis } from './diagnose';
import type { HelmTestReport } from './helm-test';
import type { SmokeResult } from './smoke';
import type { VerifyResult, WorkloadResult } from './verify';

/** The headline of a deploy, shown first in the job summary. */
export interface DeployHeadline {
  release: string;
  namespace: string;
  chart: string;
  helmVersion: string;
  /** `deployed`, `failed`, `refused`… — the action's `status` output. */
  status: string;
  ok: boolean;
  previousRevision?: number;
  revision?: number;
  durationMs: number;
  /** One sentence on what went wrong, when it did. */
  error?: string;
}

/** The deploy result section (never dropped). */
export function renderDeploy(h: DeployHeadline): Section {
  const icon = statusIcon(h.ok ? 'pass' : 'fail');
  const revisions =
    h.revision === undefined
      ? 'no new revision'
      : h.previousRevision === undefined
        ? `revision ${h.revision} (first install)`
        : `revision ${h.previousRevision} → ${h.revision}`;
  const lines = [
    heading(2, `${icon} Helm deploy of ${code(h.release)}: ${escapeText(h.status)}`),
    `${code(h.chart)} into namespace ${code(h.namespace)} with helm ${escapeText(h.helmVersion)} — ${revisions}, ${(h.durationMs / 1000).toFixed(1)} s.`,
  ];
  if (h.error) lines.push(`> ${escapeText(h.error).replace(/\n/g, '\n> ')}`);
  return { content: lines.join('\n\n'), priority: Infinity, title: 'deploy' };
}

const STATE_ICON: Record<WorkloadResult['state'], string> = {
  ready: statusIcon('pass'),
  failed: statusIcon('fail'),
  timeout: statusIcon('warn'),
  missing: statusIcon('fail'),
};

/** The verification table: one row per workload. */
export function renderVerification(v: VerifyResult): Section {
  const rows = v.results.map((r) => [
    raw(STATE_ICON[r.state]),
    r.ref.kind,
    r.ref.name,
    r.ref.namespace,
    `${r.ready}/${r.desired}`,
    r.state === 'timeout' ? 'not ready' : r.state,
    r.reason,
  ]);
  const head = heading(
    3,
    `Verification: ${v.results.filter((r) => r.state === 'ready').length}/${v.results.length} workloads ready in ${(v.durationMs / 1000).toFixed(1)} s${v.timedOut ? ' (timed out)' : ''}`,
  );
  const body = rows.length
    ? table(['', 'Kind', 'Name', 'Namespace', 'Ready', 'State', 'Detail'], rows)
    : 'The release manifest has no Deployment, StatefulSet, DaemonSet or Job to verify.';
  return { content: `${head}\n\n${body}`, priority: 90, title: 'verification' };
}

function renderOne(d: WorkloadDiagnosis): string {
  const parts: string[] = [heading(4, `${escapeText(d.ref.kind)} ${code(d.ref.name)}`)];
  if (d.pods.length > 0) {
    const rows = d.pods.flatMap((p) =>
      p.containers.map((c) => [
        p.name,
        c.name,
        p.phase,
        c.ready ? 'yes' : 'no',
        c.restartCount,
        [c.state, c.reason].filter(Boolean).join(': '),
        c.lastTerminated ? `${c.lastTerminated.reason} (exit ${c.lastTerminated.exitCode})` : '',
        c.message.slice(0, 300),
      ]),
    );
    parts.push(
      table(['Pod', 'Container', 'Phase', 'Ready', 'Restarts', 'State', 'Last exit', 'Message'], rows),
    );
    if (d.podCount > d.pods.length) parts.push(`${d.podCount - d.pods.length} more pods not shown.`);
    const podReasons = d.pods.filter((p) => p.podReason).map((p) => `${p.name}: ${p.podReason}`);
    if (podReasons.length) parts.push(podReasons.map((r) => `- ${escapeText(r)}`).join('\n'));
  } else {
    parts.push('No pods found for this workload.');
  }
  if (d.events.length > 0) {
    const rows = d.events.map((e) => [
      e.lastSeen,
      e.type,
      e.reason,
      e.object,
      e.count,
      e.message.slice(0, 300),
    ]);
    parts.push(
      details(
        'Recent events',
        table(['Last seen', 'Type', 'Reason', 'Object', 'Count', 'Message'], rows),
        true,
      ),
    );
  }
  for (const log of d.logs) {
    const what = `Log tail of ${escapeText(log.pod)}/${escapeText(log.container)}${log.previous ? ' (previous instance)' : ''}`;
    parts.push(details(what, codeBlock(log.text.trimEnd() || '(empty)', 'text')));
  }
  if (d.errors.length) parts.push(`Could not read everything: ${d.errors.map(escapeText).join('; ')}`);
  return parts.join('\n\n');
}

/** Diagnostics of the workloads that are not ready; the condensed form keeps the pod tables only. */
export function renderDiagnostics(diagnoses: readonly WorkloadDiagnosis[]): Section | undefined {
  if (diagnoses.length === 0) return undefined;
  const content = [heading(3, 'Why workloads are not ready'), ...diagnoses.map(renderOne)].join('\n\n');
  const condensed = [
    heading(3, 'Why workloads are not ready'),
    ...diagnoses.map((d) =>
      d.pods
        .filter((p) => p.problem)
        .map((p) => `- ${escapeText(`${d.ref.kind}/${d.ref.name} ${p.name}: ${p.problem}`)}`)
        .join('\n'),
    ),
  ].join('\n\n');
  return { content, condensed, priority: 80, title: 'diagnostics' };
}

/** Smoke URL results. */
export function renderSmoke(results: readonly SmokeResult[]): Section | undefined {
  if (results.length === 0) return undefined;
  const rows = results.map((r) => [
    raw(statusIcon(r.ok ? 'pass' : 'fail')),
    `${r.method} ${r.url}`,
    r.expectedStatus,
    r.status ?? '—',
    r.attempts,
    r.error ?? '',
  ]);
  return {
    content: `${heading(3, 'Smoke checks')}\n\n${table(['', 'Request', 'Expected', 'Got', 'Attempts', 'Error'], rows)}`,
    priority: 70,
    title: 'smoke checks',
  };
}

/** Notes with an optional tool output, e.g. recovery actions taken (or refused) before the deploy. */
export function renderNotes(title: string, lines: readonly string[], output?: string): Section | undefined {
  if (lines.length === 0 && !output) return undefined;
  const parts = [heading(3, escapeText(title)), ...lines.map((l) => `- ${escapeText(l)}`)];
  if (output) parts.push(details('Output', codeBlock(output.slice(-8000), 'text')));
  return { content: parts.join('\n'), priority: 60, title: title.toLowerCase() };
}

/** `helm test`: each test pod's phase, why the failed ones failed (state, log tail), and helm's output. */
export function renderHelmTest(report: HelmTestReport): Section {
  const parts = [
    heading(3, 'helm test'),
    `${statusIcon(report.passed ? 'pass' : 'fail')} ${report.passed ? 'passed' : 'failed'}`,
  ];
  if (report.suites.length > 0)
    parts.push(
      table(
        ['Test pod', 'Phase'],
        report.suites.map((s) => [s.name, s.phase]),
      ),
    );
  for (const f of report.failures) {
    parts.push(
      `- ${escapeText(`${f.pod} ${f.phase}${f.problem ? `: ${f.problem}` : ''}${f.error ? ` (${f.error})` : ''}`)}`,
    );
    if (f.log)
      parts.push(
        details(`Log tail of ${escapeText(f.pod)}`, codeBlock(f.log.trimEnd() || '(empty)', 'text'), true),
      );
  }
  parts.push(details('Output', codeBlock(report.output.slice(-8000), 'text')));
  const condensed = report.failures.map((f) => `- ${escapeText(`${f.pod}: ${f.problem || f.phase}`)}`);
  return {
    content: parts.join('\n\n'),
    condensed: [heading(3, 'helm test'), report.passed ? 'passed' : 'failed', ...condensed].join('\n\n'),
    priority: 60,
    title: 'helm test',
  };
}
