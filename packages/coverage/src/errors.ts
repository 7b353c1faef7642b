import { SUPPORTED_FORMATS } from './types';

/** A bad input: names the file, the line when known, and what is allowed. */
export class CoverageInputError extends Error {
  /**
   * @param file the report (or input) at fault
   * @param detail what is wrong and what is allowed
   * @param line 1-based line in `file`, when known
   */
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly line?: number,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${detail}`);
    this.name = 'CoverageInputError';
  }
}

/** The list printed when a format is not recognised. */
export const SUPPORTED_FORMATS_TEXT = `supported formats: ${SUPPORTED_FORMATS.join(', ')}`;
