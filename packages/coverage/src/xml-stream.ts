import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { CoverageInputError } from './errors';
import { forEachTextPiece } from './text-pieces';

/** Callbacks of a streaming XML walk; `path` is the stack of open element names, innermost last. */
export interface XmlHandlers {
  open: (tag: SaxesTagPlain, path: readonly string[]) => void;
  close?: (name: string, path: readonly string[]) => void;
  text?: (text: string, path: readonly string[]) => void;
}

/**
 * Streams an XML report through saxes (constant memory whatever the size). A UTF-8 BOM (coverlet) is dropped;
 * malformed XML becomes a CoverageInputError with the file and line.
 */
export async function walkXml(path: string, handlers: XmlHandlers): Promise<void> {
  const parser = new SaxesParser({ position: true });
  const stack: string[] = [];
  // saxes reports errors through a callback; keep the first so a later exception does not mask it.
  const state: { failure: CoverageInputError | null } = { failure: null };
  parser.on('error', (err) => {
    const detail = err.message.replace(/^\d+:\d+: /, '');
    state.failure ??= new CoverageInputError(path, `malformed XML: ${detail}`, parser.line);
    throw state.failure;
  });
  parser.on('opentag', (tag) => {
    stack.push(tag.name);
    // Without the xmlns option saxes emits plain tags (string attributes).
    handlers.open(tag as SaxesTagPlain, stack);
  });
  parser.on('closetag', (tag) => {
    handlers.close?.(tag.name, stack);
    stack.pop();
  });
  if (handlers.text) {
    const onText = handlers.text;
    parser.on('text', (t) => onText(t, stack));
  }
  let first = true;
  try {
    await forEachTextPiece(path, (text) => {
      parser.write(first && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      first = false;
    });
    parser.close();
  } catch (err) {
    if (state.failure) throw state.failure;
    if (err instanceof CoverageInputError) throw err;
    throw new CoverageInputError(path, `malformed XML: ${(err as Error).message}`, parser.line);
  }
}

/** A numeric attribute, or `fallback` when absent or not a number. */
export function numAttr(tag: SaxesTagPlain, name: string, fallback = 0): number {
  const v = tag.attributes[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  return Number.isFinite(n) ? n : fallback;
}
