import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { COMMENT_BUDGET, SUMMARY_BUDGET_BYTES, fitSections, measureBytes } from '@shipyard/markdown';
import { defineAction, runAction } from '@shipyard/runtime';
import { runnerFileCache } from '@shipyard/tools';
import { applyBaselines } from './baseline-store';
import { chooseMode, k6SmokeInputs } from './inputs';
import { outputFigures, failureReason, reportSections, runPassed } from './report';
import { installK6, readSummaryFile, runTarget } from './run-k6';
import type { K6Run } from './run-k6';
import { scriptTargets, slugOf, smokeTarget } from './targets';
import { realWaitDeps, waitForHealthy } from './wait-for';

/** k6 load/smoke tests with thresholds, a report on every run, and a p95 baseline on pull requests. */
export const k6Smoke = defineAction({
  name: 'k6-smoke',
  inputs: k6SmokeInputs,
  outputs: ['passed', 'p95', 'p99', 'error-rate', 'rps', 'summary-json', 'generated-script'],
  secretInputs: ['github-token'],
  async run(ctx) {
    const { inputs: i, env, processEnv, log } = ctx;
    const mode = chooseMode(i);
    const workDir = join(env.runnerTemp, `k6-smoke-${i.name}`);
    mkdirSync(workDir, { recursive: true });
    const slo = { p95Ms: i['p95-ms'], p99Ms: i['p99-ms'], errorRate: i['error-rate'] };

    // 1. Inputs → what to run (or which summary to read).
    const targets =
      mode === 'urls'
        ? [smokeTarget({ urls: i.urls ?? '', vus: i.vus, duration: i.duration, slo }, workDir)]
        : mode === 'scripts'
          ? await scriptTargets(i.scripts ?? [], env.workspace, slo)
          : [];
    if (mode === 'urls' && targets[0]) {
      log.info(`generated k6 script: ${targets[0].entry}`);
      ctx.setOutput('generated-script', targets[0].entry);
    }

    // 2. Readiness: the service must answer 2xx before load is put on it.
    let readiness: string | undefined;
    const waitUrl = i['wait-for'];
    if (waitUrl && mode !== 'summary-file') {
      const w = await waitForHealthy(waitUrl, { timeoutMs: i['wait-timeout'] }, realWaitDeps);
      const secs = (w.elapsedMs / 1000).toFixed(1);
      readiness = w.healthy
        ? `${waitUrl} was healthy after ${secs} s (${w.attempts} attempts)`
        : `${waitUrl} was not healthy within ${i['wait-timeout'] / 1000} s (${w.attempts} attempts, last: ${w.last})`;
      log.info(readiness);
      if (!w.healthy) {
        for (const t of targets) if (t.cleanup) rmSync(t.cleanup, { force: true });
        ctx.setOutput('passed', false);
        ctx.writeSummary(`## k6 smoke · ${i.name}\n\nNot run: ${readiness}.`);
        ctx.fail(`wait-for: ${readiness}; k6 was not run`);
        return;
      }
    }

    // 3. Run k6 per target, or read the given summary.
    const runs: K6Run[] = [];
    if (mode === 'summary-file') {
      const file = resolve(env.workspace, i['summary-file'] ?? '');
      const label = relative(env.workspace, file) || file;
      runs.push({ ...readSummaryFile(file, label), slug: slugOf(label) });
    } else {
      const k6 = await installK6(i.version, env, processEnv, log.info);
      for (const target of targets) {
        const run = await log.group(`k6 run ${target.label}`, () =>
          runTarget(k6, target, {
            workDir,
            workspace: env.workspace,
            env: Object.fromEntries(i.env ?? []),
            args: i.args,
            processEnv,
            info: log.info,
          }),
        );
        runs.push(run);
      }
    }

    // 4. Baseline: save on the default branch, compare on PRs.
    const cache = i.baseline
      ? await runnerFileCache({ hasCacheService: env.hasCacheService, env: processEnv, warn: log.warning })
      : undefined;
    const reported = i.baseline
      ? await applyBaselines(runs, { env, cache, name: i.name, maxRegressionPct: i['max-regression'] }, log)
      : runs;

    // 5. Verdict → outputs, summary, comment, then the gate.
    const passed = reported.every(runPassed);
    const figures = outputFigures(reported);
    const resultsPath = join(workDir, 'results.json');
    writeFileSync(
      resultsPath,
      JSON.stringify({ passed, runs: reported.map(({ stderrTail: _, ...r }) => r) }, null, 2),
    );
    ctx.setOutput('passed', passed);
    if (figures.p95 !== undefined) ctx.setOutput('p95', figures.p95);
    if (figures.p99 !== undefined) ctx.setOutput('p99', figures.p99);
    if (figures.errorRate !== undefined) ctx.setOutput('error-rate', figures.errorRate);
    if (figures.rps !== undefined) ctx.setOutput('rps', figures.rps);
    ctx.setOutput('summary-json', resultsPath);

    const sections = reportSections(reported, i.name, readiness);
    ctx.writeSummary(fitSections(sections, { limit: SUMMARY_BUDGET_BYTES, measure: measureBytes }).text);
    if (i.comment) {
      const { publishStickyComment } = await import('@shipyard/github');
      await publishStickyComment({
        env,
        token: i['github-token'],
        action: 'k6-smoke',
        instance: i.name,
        body: fitSections(sections, {
          limit: COMMENT_BUDGET,
          fullReportHint: 'full report in the job summary',
        }).text,
        warn: log.warning,
        info: log.info,
      });
    }
    if (!passed)
      ctx.fail(
        `k6-smoke: ${reported
          .filter((r) => !runPassed(r))
          .map(failureReason)
          .join('\n')}`,
      );
  },
});

/** The entrypoint: also what @github/local-action calls. */
export const run = () => runAction(k6Smoke);
