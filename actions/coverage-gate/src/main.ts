import { join } from 'node:path';
import {
  assignPackages,
  buildBaseline,
  commentSections,
  evaluateGates,
  summarySections,
  topUncoveredRanges,
  type CoverageView,
} from '@shipyard/coverage';
import { COMMENT_BUDGET, fitSections, measureBytes, SUMMARY_BUDGET_BYTES } from '@shipyard/markdown';
import {
  ANNOTATIONS_PER_STEP,
  blobUrl,
  ConfigurationError,
  defineAction,
  errorMessage,
  pullRequestBase,
  runAction,
} from '@shipyard/runtime';
import { childEnv, runnerFileCache } from '@shipyard/tools';
import { findBase, saveBaseline } from './baseline-cache';
import { collectReports } from './collect';
import { hasWaiverLabel, runKind } from './context';
import { measurePatch } from './git-changes';
import { inputs } from './inputs';
import { writeResultFile } from './result-file';

/** coverage-gate: reports → merged repository model → gates (total, patch, decrease, packages) → report. */
export const coverageGate = defineAction({
  name: 'coverage-gate',
  inputs,
  outputs: ['coverage', 'patch-coverage', 'delta', 'passed', 'waived', 'report-json'],
  secretInputs: ['github-token'],
  async run(ctx) {
    const { inputs: i, env, log } = ctx;
    let warnings = 0;
    const warn: typeof log.warning = (m, p) => (warnings++, log.warning(m, p));
    const { report, files, unmatched } = await collectReports(i.reports, env.workspace);
    log.info(`Read ${files.length} coverage report(s): ${files.join(', ')}`);
    const notes = unmatched.map((p) => `reports pattern "${p}" matched no file`);
    notes.forEach((n) => warn(n));
    const packages = assignPackages(report, i.packages ?? {}, i.metric);
    // Octokit is loaded only for PR events, where the labels and the comment need it.
    const gh = env.eventName.startsWith('pull_request') ? await import('@shipyard/github') : undefined;
    const kind = runKind(env, pullRequestBase(env.event));

    const patchBase = i['base-ref'] ?? kind.pr?.baseSha;
    const gitEnv = childEnv(ctx.processEnv, { GIT_TERMINAL_PROMPT: '0' });
    const { patch, patchNote } = await measurePatch(report, patchBase, {
      workspace: env.workspace,
      env: gitEnv,
      info: log.info,
      // Without a patch gate, missing history is a warning; with one, it is the error that says what to fix.
      required: i['patch-threshold'] !== undefined,
      warn,
    });

    const cache = await runnerFileCache({ hasCacheService: env.hasCacheService, env: ctx.processEnv, warn });
    const baseInfo = await findBase(cache, { ...i, runnerTemp: env.runnerTemp, baseSha: kind.pr?.baseSha });
    const base = 'base' in baseInfo ? baseInfo.base : undefined;
    const waiver = i['waiver-label'];
    const token = i['github-token'];
    const waive =
      !!(waiver && gh && kind.pr) &&
      (await hasWaiverLabel(env, gh, { label: waiver, ...kind.pr, token, warn }));

    let result;
    try {
      result = evaluateGates({
        report,
        metric: i.metric,
        threshold: i.threshold,
        ...(patch ? { patch } : {}),
        ...(i['patch-threshold'] === undefined ? {} : { patchThreshold: i['patch-threshold'] }),
        ...(kind.pr || i['max-decrease'] !== undefined ? { basePct: base?.totals.total ?? null } : {}),
        ...(i['max-decrease'] === undefined ? {} : { maxDecrease: i['max-decrease'] }),
        packages,
        failOnMissingPackage: !i['allow-missing-packages'],
        waive,
      });
    } catch (error: unknown) {
      throw new ConfigurationError(
        `input 'metric' is "${i.metric}": ${errorMessage(error)}; try metric: lines`,
      );
    }
    const failures = result.failures.map((f) => f.message).join('; ');
    if (result.waived)
      warn(`Coverage gate ${i.name} FAILED but is waived by the label "${waiver}": ${failures}`);
    if (kind.defaultBranchPush && cache && env.sha)
      await saveBaseline(cache, env.runnerTemp, i.name, buildBaseline(report, i.packages ?? {}, env.sha));

    const headEnv = { ...env, sha: kind.pr?.headSha ?? env.sha };
    const uncovered = patch ? topUncoveredRanges(patch, 50) : [];
    const view: CoverageView = {
      name: i.name,
      result,
      patchNote,
      ...baseInfo,
      uncovered,
      link: (path, line) => blobUrl(headEnv, path, line),
      notes,
    };
    // The most important ranges first, within what is left of GitHub's 10 warnings per step.
    for (const u of uncovered.slice(0, Math.max(0, ANNOTATIONS_PER_STEP - warnings)))
      warn(`${u.lines} changed line${u.lines === 1 ? ' is' : 's are'} not covered by tests`, {
        title: i.name === 'coverage' ? 'coverage' : `coverage ${i.name}`,
        file: u.path,
        startLine: u.start,
        endLine: u.end,
      });

    const jsonPath = i['report-json'] ?? join(env.runnerTemp, `coverage-gate-${i.name}.json`);
    writeResultFile(jsonPath, { name: i.name, reports: files, result, view, ...(patch ? { patch } : {}) });
    ctx.setOutput('coverage', result.total.pct.toFixed(2));
    ctx.setOutput('patch-coverage', result.patch?.pct?.toFixed(2) ?? '');
    ctx.setOutput('delta', result.delta?.change?.toFixed(2) ?? '');
    ctx.setOutput('passed', result.passed);
    ctx.setOutput('waived', result.waived);
    ctx.setOutput('report-json', jsonPath);
    ctx.writeSummary(
      fitSections(summarySections(view), { limit: SUMMARY_BUDGET_BYTES, measure: measureBytes }).text,
    );

    if (i.comment && gh && kind.pr) {
      const body = fitSections(commentSections(view), { limit: COMMENT_BUDGET });
      await gh.publishStickyComment({
        env,
        token: i['github-token'],
        action: 'coverage-gate',
        instance: i.name,
        body: body.text,
        pullRequest: kind.pr.number,
        warn,
        info: log.info,
      });
    }
    if (!result.passed) ctx.fail(`coverage gate ${i.name} failed: ${failures}`);
  },
});

/** The entry point (@github/local-action calls `run()`). */
export const run = () => runAction(coverageGate);
