import { open } from 'node:fs/promises';
import { detectFormat, SNIFF_BYTES } from './detect-format';
import { CoverageInputError, SUPPORTED_FORMATS_TEXT } from './errors';
import { parseClover } from './parse-clover';
import { parseCobertura } from './parse-cobertura';
import { parseGoProfile } from './parse-go';
import { parseIstanbulFinal, parseIstanbulSummary } from './parse-istanbul';
import { parseJacoco } from './parse-jacoco';
import { parseLcov } from './parse-lcov';
import { reportTotals } from './totals';
import type { CoverageFormat, CoverageReport } from './types';

/** Options of `readReport`. */
export interface ReadReportOptions {
  /** Skip detection and parse as this format. */
  format?: CoverageFormat;
  /** JSON reports are parsed whole; larger ones are refused with a clear error. Default 256 MB. */
  maxJsonBytes?: number;
  /** Accept a report with no measurable lines (default false: that is an error, never "0 %" or "100 %"). */
  allowEmpty?: boolean;
}

/**
 * Reads one coverage report, detecting its format from content, streaming it (line and XML formats), and
 * returning the per-file model. Throws CoverageInputError for unknown formats, malformed files and empty reports.
 */
export async function readReport(path: string, options: ReadReportOptions = {}): Promise<CoverageReport> {
  const format = options.format ?? detectFormat(await readHead(path));
  if (!format)
    throw new CoverageInputError(path, `unrecognised coverage report format; ${SUPPORTED_FORMATS_TEXT}`);
  const report = await parse(path, format, options.maxJsonBytes);
  if (!options.allowEmpty && reportTotals(report, 'lines').total === 0) {
    throw new CoverageInputError(
      path,
      `the ${format} report has no measurable lines (0 of 0): refusing to report 0 % or 100 %`,
    );
  }
  return report;
}

function parse(
  path: string,
  format: CoverageFormat,
  maxJsonBytes: number | undefined,
): Promise<CoverageReport> {
  switch (format) {
    case 'lcov':
      return parseLcov(path);
    case 'cobertura':
      return parseCobertura(path);
    case 'jacoco':
      return parseJacoco(path);
    case 'clover':
      return parseClover(path);
    case 'istanbul-final':
      return parseIstanbulFinal(path, maxJsonBytes);
    case 'istanbul-summary':
      return parseIstanbulSummary(path, maxJsonBytes);
    case 'go-coverprofile':
      return parseGoProfile(path);
  }
}

async function readHead(path: string): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw new CoverageInputError(
      path,
      `cannot open coverage report: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
    return buf.toString('utf8', 0, bytesRead);
  } finally {
    await handle.close();
  }
}
