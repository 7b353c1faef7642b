import { fitSections, measureChars } from '@shipyard/markdown';
import type { FitResult, Measure, Section } from '@shipyard/markdown';
import type { Scrubber } from './sensitive';

/**
 * A report part with three renderings, from full to smallest. Fitting goes summary-first: every part's
 * attribute details are condensed to an address list before any list is shortened to a count line or
 * dropped, because one screen of addresses is worth more than the details of the first few resources.
 */
export interface TieredSection {
  title: string;
  /** Higher is kept longer in the second stage. `Infinity` never shrinks (header, counts). */
  priority: number;
  full: string;
  /** Addresses only. */
  list?: string;
  /** One line (a count). */
  line?: string;
}

/** Room left for fitSections' truncation note, which grows with the number of section titles it names. */
const NOTE_ALLOWANCE = 600;

/** Fits tiered sections under `limit`, scrubbing secrets from every rendering first. */
export function fitTiered(
  sections: readonly TieredSection[],
  options: { limit: number; measure?: Measure; hint: string; scrub: Scrubber },
): FitResult {
  const measure = options.measure ?? measureChars;
  const clean = sections
    .filter((s) => s.full)
    .map((s) => ({
      ...s,
      full: options.scrub(s.full),
      list: s.list === undefined ? undefined : options.scrub(s.list),
      line: s.line === undefined ? undefined : options.scrub(s.line),
    }));
  const listed = clean.map((s) => s.list ?? s.full).join('\n\n');
  const noteRoom = NOTE_ALLOWANCE + clean.reduce((n, s) => n + s.title.length + 2, 0);
  if (measure(listed) + noteRoom <= options.limit) {
    // Stage one: condense only. Equal priorities condense later sections first, and parts are in report order.
    const stage1: Section[] = clean.map((s) => ({
      content: s.full,
      priority: Infinity,
      title: s.title,
      ...(s.list !== undefined ? { condensed: s.list } : {}),
    }));
    return fitSections(stage1, { limit: options.limit, measure, fullReportHint: options.hint });
  }
  // Stage two: every part is already an address list; lists shrink to a line, then go, least important first.
  const stage2: Section[] = clean.map((s) => ({
    content: s.list ?? s.full,
    priority: s.priority,
    title: s.title,
    ...(s.line !== undefined ? { condensed: s.line } : {}),
  }));
  const result = fitSections(stage2, {
    limit: options.limit,
    measure,
    fullReportHint: `attribute details left out for all resources; ${options.hint}`,
  });
  if (!result.truncated) {
    // The lists fitted after all (the note allowance was generous): still tell the reader details are missing.
    const text = `${result.text}\n\n> [!WARNING]\n> Attribute details left out to fit GitHub's size limit — ${options.hint}.`;
    return {
      ...result,
      text,
      truncated: true,
      condensed: clean.filter((s) => s.list !== undefined).map((s) => s.title),
    };
  }
  const condensed = clean.filter((s) => s.list !== undefined).map((s) => s.title);
  return { ...result, truncated: true, condensed: [...new Set([...condensed, ...result.condensed])] };
}
