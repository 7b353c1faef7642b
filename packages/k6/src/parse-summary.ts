import type { K6Format, K6Result } from './model';
import { parseK6Ndjson } from './ndjson';
import { parseHandleSummaryData, parseMachineReadable, parseSummaryExport } from './summary-formats';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function isStreamLine(line: string): boolean {
  try {
    const first = JSON.parse(line) as unknown;
    return isObject(first) && (first.type === 'Metric' || first.type === 'Point');
  } catch {
    return false;
  }
}

/** Tells the k6 output formats apart by shape. */
export function detectK6Format(doc: unknown): Exclude<K6Format, 'ndjson'> | undefined {
  if (!isObject(doc)) return undefined;
  if (typeof doc.version === 'string' && isObject(doc.results)) return 'machine-readable';
  if (!isObject(doc.metrics)) return undefined;
  const metrics = Object.values(doc.metrics).filter(isObject);
  // handleSummary data nests stats under `values` and carries `type`; the legacy export flattens them.
  if (metrics.some((m) => isObject(m.values) && typeof m.type === 'string')) return 'handle-summary';
  return 'summary-export';
}

/**
 * Reads any k6 result file we support: `--summary-export` JSON, handleSummary `data` JSON, k6 v1's
 * machine-readable summary, or the `--out json` NDJSON stream. Errors name the file.
 */
export function parseK6Output(text: string, file: string): K6Result {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // Several JSON objects on separate lines: the --out json stream, recognised by its first line.
    if (isStreamLine(text.slice(0, text.indexOf('\n')))) return parseK6Ndjson(text, file);
    throw new Error(
      `${file}: not valid JSON; expected a k6 summary (--summary-export or handleSummary) or --out json`,
    );
  }
  if (isObject(doc) && (doc.type === 'Metric' || doc.type === 'Point')) return parseK6Ndjson(text, file);
  switch (detectK6Format(doc)) {
    case 'machine-readable':
      return parseMachineReadable(doc as Json);
    case 'handle-summary':
      return parseHandleSummaryData(doc as Json);
    case 'summary-export':
      return parseSummaryExport(doc as Json);
    default:
      throw new Error(
        `${file}: not a k6 summary (no "metrics" object, no machine-readable "version"/"results"); expected --summary-export, handleSummary data or --out json`,
      );
  }
}
