import { escapeCell } from './escape';

/** The states a report row or heading can have, rendered as one icon each so they read the same everywhere. */
export type Status = 'pass' | 'fail' | 'warn' | 'skip' | 'info' | 'waived';

const ICONS: Record<Status, string> = {
  pass: '✅',
  fail: '❌',
  warn: '⚠️',
  skip: '⏭️',
  info: 'ℹ️',
  waived: '🟡',
};

/** The icon for a status. */
export function statusIcon(status: Status): string {
  return ICONS[status];
}

export type Align = 'left' | 'right' | 'center';

/** A cell given as already-rendered markdown, not escaped again (for icons, links, code spans). */
export interface RawCell {
  raw: string;
}

export type Cell = string | number | RawCell;

function renderCell(cell: Cell): string {
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'string') return escapeCell(cell);
  return cell.raw.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** Marks a cell as trusted markdown. */
export function raw(markdown: string): RawCell {
  return { raw: markdown };
}

/**
 * A GitHub-flavoured table. Plain string cells are untrusted text and are escaped; use {@link raw} for
 * markdown the caller built. An empty row list renders nothing, so callers never print a header alone.
 */
export function table(
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
  align: readonly Align[] = [],
): string {
  if (rows.length === 0) return '';
  const sep = headers.map((_, i) => {
    const a = align[i] ?? 'left';
    return a === 'right' ? '---:' : a === 'center' ? ':---:' : '---';
  });
  const lines = [
    `| ${headers.map(escapeCell).join(' | ')} |`,
    `| ${sep.join(' | ')} |`,
    ...rows.map((row) => `| ${headers.map((_, i) => renderCell(row[i] ?? '')).join(' | ')} |`),
  ];
  return lines.join('\n');
}

/**
 * A collapsible section. The blank lines around the body are what make GitHub render markdown inside
 * `<details>`; without them tables and lists show as plain text.
 */
export function details(summary: string, body: string, open = false): string {
  return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n${body.trim()}\n\n</details>`;
}

/** A heading; the text is trusted markdown (callers escape untrusted parts). */
export function heading(level: 1 | 2 | 3 | 4, text: string): string {
  return `${'#'.repeat(level)} ${text}`;
}

/** A bullet list of trusted markdown items. */
export function bullets(items: readonly string[]): string {
  return items.map((i) => `- ${i}`).join('\n');
}

/** Percentage with two decimals, the precision every gate reports in. */
export function percent(value: number): string {
  return `${value.toFixed(2)} %`;
}
