import { bullets, escapeText, heading, statusIcon } from '@shipyard/markdown';
import type { Section } from '@shipyard/markdown';
import type { Logger, RunnerEnv } from '@shipyard/runtime';
import { trivySections } from '@shipyard/trivy';
import type { TrivyCounts, TrivyEvaluation } from '@shipyard/trivy';
import type { TargetResult } from './scan';

/** The step's report: one headline with the notes, then each target's sections (verdict, counts, findings). */
export function stepSections(
  name: string,
  counts: TrivyCounts,
  targets: readonly { result: TargetResult; evaluation: TrivyEvaluation }[],
  notes: readonly string[],
): Section[] {
  const verdict = counts.passed
    ? `${statusIcon('pass')} no finding gates`
    : `${statusIcon('fail')} ${counts.gating === 1 ? '1 finding gates' : `${counts.gating} findings gate`}`;
  const head = [
    heading(
      2,
      `Trivy ${escapeText(name)}: ${verdict} (${targets.length} target${targets.length === 1 ? '' : 's'})`,
    ),
    notes.length ? bullets(notes.map(escapeText)) : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  return [
    { title: 'headline', priority: Infinity, content: head },
    ...targets.flatMap(({ result, evaluation }) =>
      trivySections(evaluation).map((s) => ({
        ...s,
        title: `${result.slug} ${s.title ?? ''}`.trim(),
      })),
    ),
  ];
}

/** Uploads each SARIF file to code scanning; refusals (no Advanced Security) and errors only warn. */
export async function uploadSarifFiles(
  files: readonly { path: string; text: string }[],
  env: RunnerEnv,
  token: string | undefined,
  log: Logger,
): Promise<string[]> {
  const notes: string[] = [];
  if (!token || !env.repository) {
    log.warning('upload-sarif: no github-token or repository; SARIF was written but not uploaded.');
    return notes;
  }
  const gh = await import('@shipyard/github');
  const client = gh.lazyClient(env, token, (m) => log.warning(m));
  for (const file of files) {
    try {
      const r = await gh.uploadSarif(client(), env.repository, {
        sarif: file.text,
        commitSha: env.sha,
        ref: env.ref,
      });
      if (r.uploaded) notes.push(`SARIF ${file.path} uploaded to code scanning (${r.id}).`);
      else
        log.warning(`upload-sarif: ${r.reason}; ${file.path} was not uploaded (the verdict is unchanged).`);
    } catch (error) {
      log.warning(`upload-sarif: ${file.path} could not be uploaded (${(error as Error).message}).`);
    }
  }
  return notes;
}
