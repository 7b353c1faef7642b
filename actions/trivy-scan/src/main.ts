import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMENT_BUDGET, SUMMARY_BUDGET_BYTES, fitSections, measureBytes } from '@shipyard/markdown';
import { ConfigurationError, defineAction, runAction } from '@shipyard/runtime';
import { runnerFileCache } from '@shipyard/tools';
import { countOutputs, countTrivy, evaluateTrivy, mergeCounts, targetSlug } from '@shipyard/trivy';
import { lookupBaseline, saveBaseline } from './baseline';
import { collectReports } from './collect';
import { loadIgnores } from './ignores';
import { trivyScanInputs } from './inputs';
import { stepSections, uploadSarifFiles } from './report';
import { checkTarget } from './scan';
import type { TargetResult } from './scan';

const OUTPUTS = [
  'critical',
  'high',
  'medium',
  'low',
  'unknown',
  'new',
  'passed',
  'json',
  'sarif-file',
  'sbom-file',
] as const;
type Output = (typeof OUTPUTS)[number];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Scans images, file systems, repositories or IaC with a pinned Trivy and gates on policy. */
export const trivyScan = defineAction({
  name: 'trivy-scan',
  inputs: trivyScanInputs,
  outputs: OUTPUTS,
  secretInputs: ['github-token'],
  async run(ctx) {
    const { inputs, env, processEnv, log } = ctx;
    const name = inputs.name ?? inputs['scan-type'];
    const targets = inputs.targets ?? [];
    if (targets.length && inputs.report?.length)
      throw new ConfigurationError(
        "inputs 'targets' and 'report' are both set; give targets to scan, or report files to evaluate",
      );
    if (!targets.length && !inputs.report?.length)
      throw new ConfigurationError(
        "input 'targets' is empty: give image refs, image archives or paths (one a line), or set 'report'",
      );
    for (const t of targets) checkTarget(inputs['scan-type'], t, env.workspace);
    const ignores = loadIgnores(inputs['ignore-file'], inputs.allowlist, env.workspace);
    const now = new Date();
    const outDir = join(env.runnerTemp, 'trivy-scan', targetSlug(name));
    mkdirSync(outDir, { recursive: true });
    const cache = await runnerFileCache({
      hasCacheService: env.hasCacheService,
      env: processEnv,
      warn: log.warning,
    });

    // inputs → reports (scanned or given) → verdict per target → outputs, uploads, summary, comment → gate
    const { results, notes } = await collectReports(ctx, { outDir, cache, name });
    const baseDir = join(outDir, 'base');
    const baseline = inputs['new-only'] ? await lookupBaseline(env, cache, name, baseDir) : undefined;
    if (baseline) notes.push(baseline.note);
    const policy = {
      severities: inputs.severity,
      ignoreUnfixed: inputs['ignore-unfixed'],
      ignores,
      baseFingerprints: baseline?.fingerprints,
    };
    const evaluated = results.map((result) => ({
      result,
      evaluation: evaluateTrivy(result.report, policy, now),
    }));
    const counts = mergeCounts(evaluated.map((e) => countTrivy(e.evaluation)));

    for (const [key, value] of Object.entries(countOutputs(counts))) ctx.setOutput(key as Output, value);
    const paths = (pick: (t: TargetResult) => string | undefined) =>
      results.map(pick).filter(Boolean).join('\n');
    ctx.setOutput(
      'json',
      paths((t) => t.json),
    );
    ctx.setOutput(
      'sarif-file',
      paths((t) => t.sarif),
    );
    ctx.setOutput(
      'sbom-file',
      paths((t) => t.sbom),
    );
    for (const { rule, matched } of evaluated.flatMap((e) => e.evaluation.expiredIgnores).slice(0, 5)) {
      const day = rule.expiresAt?.toISOString().slice(0, 10);
      log.warning(
        `ignore entry ${rule.id} (${rule.source}) expired on ${day}: it no longer suppresses (${plural(matched, 'finding')})`,
      );
    }

    if (inputs['upload-sarif']) {
      const files = results.flatMap((t) =>
        t.sarif ? [{ path: t.sarif, text: readFileSync(t.sarif, 'utf8') }] : [],
      );
      notes.push(...(await uploadSarifFiles(files, env, inputs['github-token'], log)));
    }
    if (baseline?.record) {
      const fingerprints = evaluated.flatMap((e) => e.result.report.findings.map((f) => f.fingerprint));
      if (await saveBaseline(cache, name, env.sha, baseDir, fingerprints))
        notes.push(`Findings of ${env.sha.slice(0, 7)} saved as the baseline for pull requests.`);
    }

    const sections = stepSections(name, counts, evaluated, notes);
    ctx.writeSummary(fitSections(sections, { limit: SUMMARY_BUDGET_BYTES, measure: measureBytes }).text);
    if (inputs.comment) {
      const gh = await import('@shipyard/github');
      await gh.publishStickyComment({
        env,
        token: inputs['github-token'],
        action: 'trivy-scan',
        instance: name,
        body: fitSections(sections, { limit: COMMENT_BUDGET }).text,
        warn: log.warning,
        info: log.info,
      });
    }
    if (!counts.passed) {
      const scope = [inputs.severity.join(', ')];
      if (inputs['ignore-unfixed']) scope.push('fixed only');
      if (baseline?.fingerprints) scope.push('new only');
      ctx.fail(
        `trivy-scan: ${plural(counts.gating, 'finding')} ${counts.gating === 1 ? 'gates' : 'gate'} (${scope.join('; ')}); see the job summary`,
      );
    }
  },
});

/** The entry point (@github/local-action calls `run()`). */
export const run = () => runAction(trivyScan);
