/**
 * Mermaid charts, which GitHub renders in comments and job summaries. Labels come from tools (package names,
 * metric names), so they are reduced to a safe alphabet: quotes or brackets would break the chart source.
 */

function label(text: string): string {
  return (
    text
      .replace(/["[\]{}<>`;\n\r]/g, ' ')
      .trim()
      .slice(0, 40) || '-'
  );
}

function num(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value * 100) / 100) : '0';
}

export interface BarSeries {
  name: string;
  values: readonly number[];
}

/** A bar chart (mermaid `xychart-beta`); several series draw as grouped bars in series order. */
export function barChart(options: {
  title: string;
  labels: readonly string[];
  series: readonly BarSeries[];
  yLabel?: string;
  yMax?: number;
}): string {
  const { title, labels, series, yLabel, yMax } = options;
  const all = series.flatMap((s) => s.values).filter(Number.isFinite);
  const top = yMax ?? Math.max(1, ...all) * 1.1;
  const lines = [
    '```mermaid',
    'xychart-beta',
    `  title "${label(title)}"`,
    `  x-axis [${labels.map((l) => `"${label(l)}"`).join(', ')}]`,
    `  y-axis "${label(yLabel ?? '')}" 0 --> ${num(top)}`,
    ...series.map((s) => `  bar [${s.values.map(num).join(', ')}]`),
    '```',
  ];
  return lines.join('\n');
}

/** A pie chart of named parts (zero parts are left out: mermaid draws them as empty labels). */
export function pieChart(title: string, parts: readonly { name: string; value: number }[]): string {
  const shown = parts.filter((p) => p.value > 0);
  if (shown.length === 0) return '';
  return [
    '```mermaid',
    `pie title ${label(title)}`,
    ...shown.map((p) => `  "${label(p.name)}" : ${num(p.value)}`),
    '```',
  ].join('\n');
}
