/**
 * Trivy's default `table` output cannot be gated on (it has no IDs per finding we can trust), so the
 * reader rejects it with a hint to use `--format json`. Its "Report Summary" box is still worth reading in
 * one case: when nothing was scanned (every cell `-`), which tells the user the target was empty rather
 * than clean. This parses that box.
 */

/** One row of the "Report Summary" box; a count is `null` where Trivy printed `-` (not scanned). */
export interface TableSummaryRow {
  target: string;
  type: string;
  counts: Record<string, number | null>;
}

/** The box as a whole; `scanned` is false when Trivy scanned nothing at all. */
export interface TableSummary {
  columns: string[];
  rows: TableSummaryRow[];
  scanned: boolean;
}

const cells = (line: string) =>
  line
    .split('│')
    .slice(1, -1)
    .map((c) => c.trim());

/** Parses the "Report Summary" box of Trivy's table output; `undefined` when the text has none. */
export function parseTableSummary(text: string): TableSummary | undefined {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === 'Report Summary');
  if (start < 0) return undefined;
  const box: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('└')) break;
    if (line.startsWith('│')) box.push(line);
  }
  const [header, ...body] = box;
  if (!header) return undefined;
  const columns = cells(header);
  const rows: TableSummaryRow[] = [];
  for (const line of body) {
    const values = cells(line);
    // A target that wraps continues on the next line with empty cells elsewhere; append to the previous row.
    if (values[0] && values.slice(1).every((v) => v === '') && rows.length) {
      const last = rows[rows.length - 1];
      if (last) last.target += values[0];
      continue;
    }
    const counts: Record<string, number | null> = {};
    columns.slice(2).forEach((col, i) => {
      const v = values[i + 2] ?? '-';
      counts[col] = v === '-' ? null : Number(v);
    });
    rows.push({ target: values[0] ?? '', type: values[1] ?? '', counts });
  }
  const scanned = rows.some((r) => r.target !== '-' || Object.values(r.counts).some((c) => c !== null));
  return { columns, rows: scanned ? rows : [], scanned };
}
