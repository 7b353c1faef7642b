import { stat, readFile } from 'node:fs/promises';
import { CoverageInputError } from './errors';

/** Default cap for JSON reports, which are parsed whole: beyond it the process would need several times the size. */
export const DEFAULT_MAX_JSON_BYTES = 256 * 1024 * 1024;

/**
 * Reads and parses a JSON report up to `maxBytes`. Syntax errors name the file and the line (computed from the
 * character position V8 reports).
 */
export async function readJson(path: string, maxBytes = DEFAULT_MAX_JSON_BYTES): Promise<unknown> {
  const { size } = await stat(path);
  if (size > maxBytes) {
    throw new CoverageInputError(
      path,
      `JSON report is ${(size / 1048576).toFixed(1)} MB, above the ${(maxBytes / 1048576).toFixed(0)} MB limit for JSON (parsed whole); use an LCOV or Cobertura report (streamed) or raise maxJsonBytes`,
    );
  }
  let text = await readFile(path, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const message = (err as Error).message;
    const line = /line (\d+)/.exec(message)?.[1];
    const position = /position (\d+)/.exec(message)?.[1];
    const lineNo = line ? Number(line) : position ? lineAt(text, Number(position)) : undefined;
    throw new CoverageInputError(path, `malformed JSON: ${message}`, lineNo);
  }
}

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** True for a plain object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
