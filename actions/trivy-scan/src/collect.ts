import { isAbsolute, join } from 'node:path';
import { writeFileSync } from 'node:fs';
import type { ActionContext } from '@shipyard/runtime';
import { childEnv, installPinnedTool } from '@shipyard/tools';
import type { FileCache } from '@shipyard/tools';
import { setSarifCategory, uniqueTargetSlugs } from '@shipyard/trivy';
import { prepareDb } from './db';
import type { TrivyScanInputs } from './inputs';
import { convertTarget, readReportFile, scanTarget } from './scan';
import type { ScanSetup, TargetResult } from './scan';

type Ctx = Pick<ActionContext<TrivyScanInputs, never>, 'inputs' | 'env' | 'processEnv' | 'log'>;

/** Real time for the bundle; tests of prepareDb inject their own. */
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Sets up trivy for the step: installed, with an explicit environment and neutral config files. */
async function setUp(ctx: Ctx, outDir: string): Promise<ScanSetup> {
  const { env, processEnv, log } = ctx;
  const trivy = await installPinnedTool(
    { tool: 'trivy', version: ctx.inputs.version, inputName: 'version' },
    { ...env, processEnv, log: log.info },
  );
  const neutralFile = join(outDir, 'empty');
  writeFileSync(neutralFile, '');
  return {
    trivy: trivy.path,
    // Only what trivy needs to reach registries: TRIVY_* variables of the job are deliberately not passed
    // on, so every setting comes from this step's inputs and none leaks in from elsewhere.
    env: childEnv(processEnv, {
      DOCKER_CONFIG: processEnv.DOCKER_CONFIG,
      DOCKER_HOST: processEnv.DOCKER_HOST,
    }),
    workspace: env.workspace,
    outDir,
    cacheDir: join(env.runnerTemp, 'trivy-cache'),
    neutralFile,
    warn: log.warning,
  };
}

/**
 * Produces one JSON report per target — scanned, or read from the `report` input — plus its SARIF and
 * SBOM files when asked. Returns them in target order with notes for the summary.
 */
export async function collectReports(
  ctx: Ctx,
  opts: { outDir: string; cache: FileCache | undefined; name: string },
): Promise<{ results: TargetResult[]; notes: string[] }> {
  const { inputs, env, log } = ctx;
  const scanType = inputs['scan-type'];
  const targets = inputs.targets ?? [];
  const notes: string[] = [];
  const needsTrivy = targets.length > 0 || inputs.sarif || inputs.sbom;
  const setup = needsTrivy ? await setUp(ctx, opts.outDir) : undefined;
  const results: TargetResult[] = [];
  if (setup && targets.length) {
    const db =
      scanType === 'config'
        ? undefined
        : await prepareDb({
            ...setup,
            cache: opts.cache,
            maxAgeMs: inputs['db-max-age'],
            now: () => new Date(),
            sleep,
            log,
          });
    if (db) notes.push(db.note);
    const slugs = uniqueTargetSlugs(targets);
    for (const [i, target] of targets.entries()) {
      const scanOpts = { skipDbUpdate: db !== undefined, listAllPkgs: inputs.sbom && scanType === 'image' };
      const slug = slugs[i] ?? String(i);
      results.push(
        await log.group(`trivy ${scanType} ${target}`, () =>
          scanTarget(setup, scanType, target, slug, scanOpts),
        ),
      );
    }
  } else {
    const reports = inputs.report ?? [];
    const slugs = uniqueTargetSlugs(reports);
    reports.forEach((file, i) => {
      const json = isAbsolute(file) ? file : join(env.workspace, file);
      results.push({
        target: file,
        slug: slugs[i] ?? String(i),
        json,
        report: readReportFile(json, 'report'),
      });
    });
  }
  if (setup && (inputs.sarif || inputs.sbom)) {
    const sbom = inputs.sbom && (scanType === 'image' || !targets.length);
    for (const t of results)
      await convertTarget(setup, t, {
        sarif: inputs.sarif,
        sbom,
        name: opts.name,
        setCategory: setSarifCategory,
      });
  }
  return { results, notes };
}
