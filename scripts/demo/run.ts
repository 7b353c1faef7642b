/**
 * `pnpm demo`: runs the six bundled actions on examples/ exactly as the test bed does (the runner contract,
 * a fake GitHub API on 127.0.0.1, the Kubernetes simulator with the real helm and kubectl, the real
 * terraform), offline. Each action's job summary, PR comment, outputs and log go to `.demo/<step>/`, and a
 * table says what happened. One scenario fails on purpose: a deploy that never gets ready, rolled back.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  repoRoot,
  realTools,
  requireTool,
  runAction,
  startFakeGitHub,
  startKubeSimulator,
  type FakeGitHub,
  type RunActionOptions,
  type RunActionResult,
} from '@shipyard/testbed';

const out = join(repoRoot, '.demo');
const work = join(out, 'work');
const PR = 1;
const prEvent = {
  name: 'pull_request',
  payload: {
    number: PR,
    pull_request: { number: PR, labels: [], base: { sha: 'b'.repeat(40), ref: 'main' } },
  },
};

interface Row {
  step: string;
  action: string;
  verdict: string;
  expected: 'pass' | 'fail';
  ok: boolean;
  where: string;
}

function save(step: string, action: string, gh: FakeGitHub, r: RunActionResult) {
  const dir = join(out, step);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'summary.md'), r.summary || '_(no job summary)_\n');
  writeFileSync(join(dir, 'outputs.json'), `${JSON.stringify(r.outputs, null, 2)}\n`);
  writeFileSync(join(dir, 'log.txt'), r.stdout + (r.stderr ? `\n--- stderr ---\n${r.stderr}` : ''));
  const comment = gh.commentsOn(PR).find((c) => c.body.startsWith(`<!-- shipyard:${action}:`));
  if (comment) writeFileSync(join(dir, 'comment.md'), comment.body);
  return dir;
}

async function step(
  rows: Row[],
  gh: FakeGitHub,
  spec: {
    step: string;
    action: string;
    expected: 'pass' | 'fail';
    options: RunActionOptions;
    verdict: (r: RunActionResult) => string;
    /** For an expected failure: proof it failed for the intended reason, not by crashing. */
    failedAsIntended?: (r: RunActionResult) => boolean;
  },
): Promise<RunActionResult> {
  process.stdout.write(`▶ ${spec.step} … `);
  let r: RunActionResult;
  try {
    r = await runAction(spec.action, {
      node: 'node24',
      ...spec.options,
      env: { GITHUB_API_URL: gh.url, SHIPYARD_CACHE_DIR: join(work, 'cache'), ...spec.options.env },
      inputs: { 'github-token': 'demo-token', ...spec.options.inputs },
    });
  } catch (error: unknown) {
    // A step that cannot even start (a missing bundle) is a row in the table, not the end of the demo.
    const message = error instanceof Error ? error.message : String(error);
    console.log(`could not run: ${message}`);
    rows.push({
      step: spec.step,
      action: spec.action,
      verdict: `could not run: ${message}`,
      expected: spec.expected,
      ok: false,
      where: '-',
    });
    return { outputs: {}, exitCode: null } as unknown as RunActionResult;
  }
  const dir = save(spec.step, spec.action, gh, r);
  const passed = r.exitCode === 0;
  const ok =
    spec.expected === 'pass' ? passed : !passed && r.exitCode === 1 && (spec.failedAsIntended?.(r) ?? false);
  rows.push({
    step: spec.step,
    action: spec.action,
    verdict: `${passed ? '✅ passed' : '❌ failed'} — ${spec.verdict(r)}`,
    expected: spec.expected,
    ok,
    where: dir.slice(repoRoot.length + 1),
  });
  console.log(
    `${passed ? 'passed' : 'failed'}${ok ? '' : '  (UNEXPECTED)'} in ${(r.durationMs / 1000).toFixed(1)} s`,
  );
  return r;
}

/** `failed-resources` (JSON) as one line: `Deployment/demo-service: <reason> (pods: NotReady)`. */
function describeFailed(json: string | undefined): string {
  try {
    const list = JSON.parse(json ?? '[]') as {
      kind: string;
      name: string;
      reason: string;
      podReasons?: string[];
    }[];
    return list
      .map(
        (f) =>
          `${f.kind}/${f.name}: ${f.reason}${f.podReasons?.length ? ` (pods: ${f.podReasons.join(', ')})` : ''}`,
      )
      .join('; ');
  } catch {
    return json ?? '?';
  }
}

/** The sample service as a git repository: a base commit without `format`, then the PR commit adding it. */
function serviceRepository(dir: string): { base: string; head: string } {
  cpSync(join(repoRoot, 'examples', 'service'), dir, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=demo', '-c', 'user.email=demo@example.invalid', ...args], {
      cwd: dir,
      encoding: 'utf8',
    }).trim();
  const source = join(dir, 'src', 'price.js');
  const full = readFileSync(source, 'utf8');
  writeFileSync(source, full.slice(0, full.indexOf('/** Formats cents')));
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'base: totals and discounts');
  const base = git('rev-parse', 'HEAD');
  writeFileSync(source, full);
  git('commit', '-q', '-am', 'Add price formatting');
  return { base, head: git('rev-parse', 'HEAD') };
}

async function main() {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const gh = await startFakeGitHub();
  const sim = await startKubeSimulator({ readyDelayMs: 500 });
  const rows: Row[] = [];
  try {
    // coverage-gate: the sample service's real tests under c8 give a real LCOV report, on a real git history
    // (a base commit, then the PR's commit adding `format`) so the changed lines are measured too.
    const service = join(work, 'service');
    const { base, head } = serviceRepository(service);
    execFileSync(
      join(repoRoot, 'node_modules', '.bin', 'c8'),
      ['--reporter=lcov', '--reports-dir=coverage', process.execPath, '--test'],
      { cwd: service, stdio: 'ignore' },
    );
    const servicePr = {
      name: 'pull_request',
      payload: {
        number: PR,
        pull_request: {
          number: PR,
          labels: [],
          base: { sha: base, ref: 'main' },
          head: { sha: head, ref: 'feature/format' },
        },
      },
    };
    await step(rows, gh, {
      step: 'coverage-gate',
      action: 'coverage-gate',
      expected: 'pass',
      options: {
        cwd: service,
        event: servicePr,
        env: { GITHUB_SHA: head },
        inputs: {
          reports: 'coverage/lcov.info',
          threshold: '80',
          'patch-threshold': '50',
          comment: 'true',
          name: 'service',
        },
      },
      verdict: (r) =>
        `coverage ${r.outputs.coverage ?? '?'} % (≥ 80 %), changed lines ${r.outputs['patch-coverage'] || '?'} % (≥ 50 %)`,
    });

    await step(rows, gh, {
      step: 'trivy-scan',
      action: 'trivy-scan',
      expected: 'fail',
      options: {
        event: prEvent,
        inputs: {
          report: join(repoRoot, 'examples', 'trivy', 'report.json'),
          // SARIF would need `trivy convert`, and Trivy cannot be downloaded offline.
          sarif: 'false',
          comment: 'true',
          name: 'alpine',
        },
      },
      verdict: (r) =>
        `${r.outputs.critical ?? '?'} critical, ${r.outputs.high ?? '?'} high in alpine:3.10 (a real CVE: the gate is meant to fail)`,
      failedAsIntended: (r) => Number(r.outputs.critical) > 0 && r.outputs.passed === 'false',
    });

    await step(rows, gh, {
      step: 'k6-smoke',
      action: 'k6-smoke',
      expected: 'pass',
      options: {
        event: prEvent,
        inputs: { 'summary-file': join(repoRoot, 'examples', 'k6', 'summary.json'), comment: 'true' },
      },
      verdict: (r) =>
        `p95 ${Number(r.outputs.p95).toFixed(1)} ms, error rate ${(Number(r.outputs['error-rate']) * 100).toFixed(1)} %, ${r.outputs.rps ? `${Number(r.outputs.rps).toFixed(1)} req/s, ` : ''}thresholds ${r.outputs.passed === 'true' ? 'met' : 'failed'}`,
    });

    const terraform = join(work, 'terraform');
    cpSync(join(repoRoot, 'examples', 'terraform'), terraform, { recursive: true });
    await step(rows, gh, {
      step: 'terraform-plan-comment',
      action: 'terraform-plan-comment',
      expected: 'pass',
      options: { cwd: terraform, event: prEvent, inputs: { 'working-directory': '.', comment: 'true' } },
      verdict: (r) =>
        `+${r.outputs.add ?? '?'} ~${r.outputs.change ?? '?'} ±${r.outputs.replace ?? '?'} -${r.outputs.destroy ?? '?'}, digest ${(r.outputs.digest ?? '').slice(0, 12)}`,
    });

    // Deploy, then a deploy that never gets ready, rolled back by rollback-on-failure.
    const helmPath = [dirname(requireTool(realTools.helm4))];
    const kube = {
      kubeconfig: sim.kubeconfig(),
      release: 'demo-service',
      namespace: 'demo',
      'github-token': 'demo-token',
    };
    const chart = join(repoRoot, 'examples', 'chart');
    const deployEvent = { name: 'push', payload: {} };
    await step(rows, gh, {
      step: 'helm-deploy-verify',
      action: 'helm-deploy-verify',
      expected: 'pass',
      options: {
        path: helmPath,
        event: deployEvent,
        inputs: { ...kube, chart, 'create-namespace': 'true', timeout: '60s', environment: 'staging' },
      },
      verdict: (r) =>
        `revision ${r.outputs.revision ?? '?'} ${r.outputs.status ?? ''} and verified in ${r.outputs.duration ?? '?'} s`,
    });
    const failing = await step(rows, gh, {
      step: 'helm-deploy-verify-failing',
      action: 'helm-deploy-verify',
      expected: 'fail',
      options: {
        path: helmPath,
        event: deployEvent,
        inputs: {
          ...kube,
          chart,
          set: 'image=ghcr.io/shipyard-dev/demo-service:1.1.0-notready',
          timeout: '10s',
          environment: 'staging',
        },
      },
      verdict: (r) =>
        `revision ${r.outputs.revision ?? '?'} never became ready: ${describeFailed(r.outputs['failed-resources'])}`,
      failedAsIntended: (r) =>
        Boolean(r.outputs.revision) && (r.outputs['failed-resources'] ?? '[]') !== '[]',
    });
    await step(rows, gh, {
      step: 'rollback-on-failure',
      action: 'rollback-on-failure',
      expected: 'fail',
      options: {
        path: helmPath,
        event: deployEvent,
        inputs: {
          ...kube,
          'deployed-revision': failing.outputs.revision ?? '',
          timeout: '60s',
          environment: 'staging',
        },
      },
      verdict: (r) =>
        `rolled back: ${r.outputs['rolled-back'] ?? '?'} to revision ${r.outputs['restored-revision'] ?? '?'} (the job still fails, as it must)`,
      failedAsIntended: (r) => r.outputs['rolled-back'] === 'true',
    });
    // Deploys run on push events: their GitHub record is the deployment statuses, not a PR comment.
    writeFileSync(join(out, 'deployments.json'), `${JSON.stringify(gh.state.deployments, null, 2)}\n`);
  } finally {
    await sim.stop();
    await gh.stop();
  }

  const table = [
    '| step | action | verdict | as expected | where to look |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.step} | ${r.action} | ${r.verdict.replace(/\|/g, '\\|')} | ${r.ok ? 'yes' : '**NO**'} | ${r.where}/ |`,
    ),
  ].join('\n');
  writeFileSync(join(out, 'README.md'), `# shipyard demo\n\n${table}\n`);
  console.log(
    `\n${table}\n\nEach folder holds summary.md (the job summary), comment.md (the PR comment, for PR steps), outputs.json and log.txt; .demo/deployments.json has the GitHub deployment statuses the deploy steps wrote.`,
  );
  if (rows.some((r) => !r.ok)) process.exitCode = 1;
}

await main();
