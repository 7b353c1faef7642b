import { fitSections, measureChars } from '@shipyard/markdown';
import type { FitResult, Measure, Section } from '@shipyard/markdown';
import type { Scrubber } from './sensitive';

/**
 * A report part with up to three renderings, from full to smallest. Fitting goes summary-first: every
 * part's attribute details are condensed to an address list before any list shrinks to a count line, and
 * every list shrinks before any part is dropped, because one screen of addresses is worth more than the
 * details of the first few resources.
 */
export interface TieredSection {
  title: string;
  /** Higher is kept longer when parts must be dropped. `Infinity` is never dropped (header, counts). */
  priority: number;
  full: string;
  /** Addresses only. */
  list?: string;
  /** One line (a count). */
  line?: string;
}

type Tier = 'full' | 'list' | 'line';
const TIERS: readonly Tier[] = ['full', 'list', 'line'];

/** The rendering of a section at a tier: the smallest one it has that is not smaller than asked. */
function at(section: TieredSection, tier: Tier): string {
  if (tier === 'line') return section.line ?? section.list ?? section.full;
  if (tier === 'list') return section.list ?? section.full;
  return section.full;
}

/** Scrubs secrets from every rendering of every section (and leaves out empty sections). */
export function scrubSections(sections: readonly TieredSection[], scrub: Scrubber): TieredSection[] {
  return sections
    .filter((s) => s.full)
    .map((s) => ({
      ...s,
      full: scrub(s.full),
      ...(s.list !== undefined ? { list: scrub(s.list) } : {}),
      ...(s.line !== undefined ? { line: scrub(s.line) } : {}),
    }));
}

/**
 * Fits tiered sections under `limit`, scrubbing secrets from every rendering first. Pass `scrub` unless the
 * sections already went through {@link scrubSections}.
 */
export function fitTiered(
  sections: readonly TieredSection[],
  options: { limit: number; measure?: Measure; hint: string; scrub?: Scrubber },
): FitResult {
  const measure = options.measure ?? measureChars;
  const clean = options.scrub ? scrubSections(sections, options.scrub) : sections.filter((s) => s.full);
  // The note fitSections appends names every condensed or dropped section; keep room for all of them.
  const noteRoom = 200 + options.hint.length + clean.reduce((n, s) => n + s.title.length + 2, 0);
  const fits = (tier: Tier) =>
    measure(clean.map((s) => at(s, tier)).join('\n\n')) + noteRoom <= options.limit;

  // Start from the largest tier whose fully condensed form fits; condense only, later sections first.
  for (let i = 0; i < TIERS.length - 1; i++) {
    const from = TIERS[i] as Tier;
    const to = TIERS[i + 1] as Tier;
    if (!fits(to)) continue;
    const stage: Section[] = clean.map((s) => ({
      content: at(s, from),
      priority: Infinity,
      title: s.title,
      ...(at(s, to) !== at(s, from) ? { condensed: at(s, to) } : {}),
    }));
    const hint = i === 0 ? options.hint : `attribute details left out for all resources; ${options.hint}`;
    const result = fitSections(stage, { limit: options.limit, measure, fullReportHint: hint });
    return i === 0 ? result : withEarlier(result, clean, from, options, measure);
  }
  // Even one line per part is too much: drop parts, least important first.
  const stage: Section[] = clean.map((s) => ({
    content: at(s, 'line'),
    priority: s.priority,
    title: s.title,
  }));
  const hint = `attribute details and address lists left out; ${options.hint}`;
  const result = fitSections(stage, { limit: options.limit, measure, fullReportHint: hint });
  return withEarlier(result, clean, 'line', options, measure);
}

/** Reports sections condensed before the last stage too, and makes sure the reader is told. */
function withEarlier(
  result: FitResult,
  sections: readonly TieredSection[],
  startTier: Tier,
  options: { limit: number; hint: string },
  measure: Measure,
): FitResult {
  const earlier = sections.filter((s) => at(s, startTier) !== s.full).map((s) => s.title);
  const condensed = [...new Set([...earlier, ...result.condensed])].filter(
    (t) => !result.dropped.includes(t),
  );
  if (result.truncated) return { ...result, truncated: true, condensed };
  // Nothing was cut in the last stage (the estimate was generous): the earlier condensing still needs a note.
  const text = `${result.text}\n\n> [!WARNING]\n> Attribute details left out to fit GitHub's size limit — ${options.hint}.`;
  return { ...result, text: measure(text) <= options.limit ? text : result.text, truncated: true, condensed };
}
