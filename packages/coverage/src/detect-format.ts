import type { CoverageFormat } from './types';

/** How many bytes of a report `readReport` sniffs. */
export const SNIFF_BYTES = 8192;

/**
 * Recognises a report from its first few KB (never from its file name): JSON by its keys, XML by its root
 * element (and Clover's `<project>` child), LCOV by its record keys, Go by its `mode:` line. Null when unknown.
 */
export function detectFormat(head: string): CoverageFormat | null {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{')) {
    if (/"statementMap"\s*:/.test(text)) return 'istanbul-final';
    if (/^\{\s*"total"\s*:\s*\{\s*"(lines|statements|functions|branches)"/.test(text))
      return 'istanbul-summary';
    return null;
  }
  if (text.startsWith('<')) return detectXml(text);
  if (/^mode: (set|count|atomic)\s*$/m.test(text.split('\n', 1)[0] ?? '')) return 'go-coverprofile';
  const firstLines = text.split('\n', 20).map((l) => l.trim());
  if (
    firstLines.some((l) => /^(TN|SF|VER):/.test(l)) &&
    firstLines.some((l) => /^(SF:|DA:\d|end_of_record)/.test(l))
  )
    return 'lcov';
  return null;
}

function detectXml(text: string): CoverageFormat | null {
  // Skip the prolog, comments and DOCTYPE, then look at the root element and the first child.
  const body = text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g, '');
  const elements = [...body.matchAll(/<([A-Za-z_][\w.-]*)([^>]*)>/g)].slice(0, 3);
  const [root, child] = elements;
  if (!root) return null;
  if (root[1] === 'report') return 'jacoco';
  if (root[1] !== 'coverage') return null;
  if (/\sclover=/.test(root[2] ?? '') || child?.[1] === 'project') return 'clover';
  return 'cobertura';
}
