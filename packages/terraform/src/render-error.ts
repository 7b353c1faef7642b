import { bullets, code, codeBlock, details, escapeText, statusIcon } from '@shipyard/markdown';
import { renderHeader } from './render-parts';
import type { PlanHeader } from './render-parts';
import { createScrubber } from './sensitive';

/** Lines of stderr shown in an error report; Terraform prints the diagnostic that matters last. */
export const ERROR_TAIL_LINES = 60;
/** Characters of stderr shown at most, so a runaway log cannot crowd out the comment. */
export const ERROR_TAIL_CHARS = 20_000;

/** A failed Terraform command, as the action observed it. */
export interface CommandFailure {
  /** Which step failed: `init`, `validate`, `plan`, `show`. */
  stage: string;
  exitCode?: number;
  stderr: string;
  /** Secret values known to the caller (sensitive `-var` inputs); scrubbed from the output. */
  secrets?: readonly string[];
}

/** Removes ANSI colour and cursor sequences (CSI and OSC), which render as garbage in markdown. */
export function stripAnsi(text: string): string {
  // ESC and BEL are exactly what this pattern is for.
  // eslint-disable-next-line no-control-regex
  const ansi = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
  return text.replace(ansi, '');
}

/** The last lines of a log, bounded in lines and characters, cut at a line start. */
export function tail(text: string, lines = ERROR_TAIL_LINES, chars = ERROR_TAIL_CHARS): string {
  const all = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  let kept = all.slice(-lines).join('\n');
  if (kept.length > chars) {
    const cut = kept.slice(-chars);
    const nl = cut.indexOf('\n');
    kept = nl >= 0 ? cut.slice(nl + 1) : cut;
  }
  return kept;
}

/** `Error: …` summaries from Terraform's diagnostics (with or without the box-drawing frame), deduplicated. */
export function errorSummaries(stderr: string): string[] {
  const found = new Set<string>();
  for (const m of stderr.matchAll(/^[│|]?\s*Error: (.+)$/gm)) found.add((m[1] ?? '').trim());
  return [...found].filter(Boolean);
}

/** A report for a failed init/plan: header, what failed, the error summaries and the stderr tail. */
export function renderCommandFailure(header: PlanHeader, failure: CommandFailure): string {
  const scrub = createScrubber(failure.secrets ?? []);
  const clean = scrub(stripAnsi(failure.stderr));
  const exit = failure.exitCode === undefined ? '' : ` (exit code ${failure.exitCode})`;
  const errors = errorSummaries(clean).slice(0, 10);
  const out = tail(clean);
  const parts = [
    renderHeader(header),
    `${statusIcon('fail')} **${code(`terraform ${failure.stage}`)} failed${exit}.**`,
    errors.length ? bullets(errors.map((e) => `Error: ${escapeText(e)}`)) : '',
    out ? details('Last lines of stderr', codeBlock(out, 'text'), true) : '_No output on stderr._',
  ];
  return scrub(parts.filter(Boolean).join('\n\n'));
}

/** The one-line error for the step: which command failed and its first diagnostic, secrets scrubbed. */
export function commandFailureLine(failure: CommandFailure, binary = 'terraform'): string {
  const scrub = createScrubber(failure.secrets ?? []);
  const first = errorSummaries(scrub(stripAnsi(failure.stderr)))[0];
  const exit = failure.exitCode === undefined ? '' : ` (exit code ${failure.exitCode})`;
  return `${binary} ${failure.stage} failed${exit}${first ? `: Error: ${first}` : ''}; see the job summary`;
}
