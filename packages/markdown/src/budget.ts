/**
 * Fitting a report into GitHub's hard limits. A comment over 65,536 characters is rejected with a 422 and
 * lost; a job summary over 1 MiB is dropped whole by the runner. Rather than cutting blindly, a document is
 * a list of prioritised sections: the least important are condensed or dropped first, and the reader is
 * told so in a visible note.
 */

/** GitHub's limit for an issue or pull request comment body, in characters. */
export const COMMENT_LIMIT = 65_536;
/** What we aim for in comments: the limit minus room for the hidden marker and a safety margin. */
export const COMMENT_BUDGET = 65_000;
/** The runner's limit for one step's summary, in bytes. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;
/** What we aim for in summaries: under the limit with room for what other code appends. */
export const SUMMARY_BUDGET_BYTES = 1_000_000;

export interface Section {
  /** Rendered markdown. */
  content: string;
  /**
   * Higher is kept longer. `Infinity` marks a section that is never dropped (the verdict, the headline
   * numbers); it can still be hard-truncated as a last resort.
   */
  priority: number;
  /** A shorter rendering used before dropping the section altogether (for example a table of counts only). */
  condensed?: string;
  /** Short name used in the truncation note. */
  title?: string;
}

export type Measure = (text: string) => number;

/** Length in UTF-16 code units: never less than what GitHub counts as characters. */
export const measureChars: Measure = (text) => text.length;
/** Length in UTF-8 bytes, as the runner counts the summary file. */
export const measureBytes: Measure = (text) => Buffer.byteLength(text, 'utf8');

export interface FitResult {
  text: string;
  truncated: boolean;
  condensed: string[];
  dropped: string[];
}

export interface FitOptions {
  limit: number;
  measure?: Measure;
  /** Where the full report can be read; appears in the note. */
  fullReportHint?: string;
}

const SEPARATOR = '\n\n';

function note(condensed: string[], dropped: string[], hint: string): string {
  const parts: string[] = [];
  if (condensed.length) parts.push(`condensed: ${condensed.join(', ')}`);
  if (dropped.length) parts.push(`omitted: ${dropped.join(', ')}`);
  const what = parts.length ? ` (${parts.join('; ')})` : '';
  return `> [!WARNING]\n> Truncated to fit GitHub's size limit${what} — ${hint}.`;
}

/**
 * Joins sections, condensing then dropping the lowest-priority ones until the document fits, and appends a
 * visible note whenever anything was cut. The result always measures ≤ `limit`.
 */
export function fitSections(sections: readonly Section[], options: FitOptions): FitResult {
  const measure = options.measure ?? measureChars;
  const hint = options.fullReportHint ?? 'full report in the job summary';
  const current = sections.map((s, index) => ({ ...s, index, text: s.content }));
  const condensed: string[] = [];
  const dropped: string[] = [];
  const render = () =>
    current
      .map((s) => s.text)
      .filter(Boolean)
      .join(SEPARATOR);
  const withNote = () => {
    const body = render();
    return condensed.length || dropped.length ? `${body}${SEPARATOR}${note(condensed, dropped, hint)}` : body;
  };

  // Lowest priority first; among equals, the later section goes first (reports lead with what matters).
  const order = [...current].sort((a, b) => a.priority - b.priority || b.index - a.index);
  for (const section of order) {
    if (measure(withNote()) <= options.limit) break;
    const label = section.title ?? `section ${section.index + 1}`;
    if (section.condensed !== undefined && section.text !== section.condensed) {
      section.text = section.condensed;
      condensed.push(label);
      if (measure(withNote()) <= options.limit) break;
    }
    if (section.priority === Infinity) continue;
    section.text = '';
    const wasCondensed = condensed.indexOf(label);
    if (wasCondensed >= 0) condensed.splice(wasCondensed, 1);
    dropped.push(label);
  }

  let text = withNote();
  const truncated = condensed.length > 0 || dropped.length > 0;
  if (measure(text) > options.limit) {
    // Even the must-keep sections are too big: cut the text itself at a line boundary.
    const tail = `${SEPARATOR}${note(condensed, dropped, hint)}`;
    text = truncateMarkdown(render(), options.limit - measure(tail), measure) + tail;
    return { text, truncated: true, condensed, dropped };
  }
  return { text, truncated, condensed, dropped };
}

/**
 * Cuts markdown to at most `limit` (by `measure`) at a line boundary, then closes what the cut left open
 * (a code fence, `<details>` blocks) so the rest of the page still renders.
 */
export function truncateMarkdown(text: string, limit: number, measure: Measure = measureChars): string {
  if (measure(text) <= limit) return text;
  const closers = (s: string) => {
    const fences = s.match(/^(`{3,})/gm) ?? [];
    const open = fences.length % 2 === 1 ? `\n${fences[fences.length - 1]}` : '';
    const depth = (s.match(/<details/g) ?? []).length - (s.match(/<\/details>/g) ?? []).length;
    return open + '\n\n</details>'.repeat(Math.max(0, depth)) + '\n\n…';
  };
  let cut = text;
  // Bounded search: each step removes at least one line or halves the overshoot.
  for (let i = 0; i < 64 && cut.length > 0; i++) {
    const candidate = cut + closers(cut);
    const over = measure(candidate) - limit;
    if (over <= 0) return candidate;
    const target = Math.max(0, cut.length - Math.max(over, 1));
    const nl = cut.lastIndexOf('\n', target);
    cut = nl > 0 ? cut.slice(0, nl) : cut.slice(0, Math.floor(target / 2));
  }
  return '…'.slice(0, Math.max(0, limit));
}
