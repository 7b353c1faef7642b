import type { Change } from './model';
import { SENSITIVE_TEXT, UNKNOWN_TEXT, markerChild } from './sensitive';
import type { Scrubber } from './sensitive';

/** One changed leaf attribute, already masked; `undefined` means the attribute is absent on that side. */
export interface AttributeChange {
  /** `input.nested.list[1]`. */
  path: string;
  before?: string;
  after?: string;
}

/** Longest value shown in full; longer values are elided in the middle (after scrubbing, so no secret is half-cut). */
export const MAX_VALUE_CHARS = 300;

type Container = Record<string, unknown> | unknown[];

const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

function format(value: unknown, scrub: Scrubber): string {
  const text = JSON.stringify(value) ?? 'null';
  if (text.length <= MAX_VALUE_CHARS) return text;
  const clean = scrub(text);
  if (clean.length <= MAX_VALUE_CHARS) return clean;
  const half = Math.floor(MAX_VALUE_CHARS / 2);
  return `${clean.slice(0, half)}…(${clean.length - 2 * half} more characters)…${clean.slice(-half)}`;
}

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

/** Keys on either side, plus those only the unknown marker has (attributes computed during apply). */
function keysOf(a: unknown, b: unknown, unknown: unknown): (string | number)[] {
  if (Array.isArray(a) || Array.isArray(b)) {
    const n = Math.max(...[a, b, unknown].map((v) => (Array.isArray(v) ? v.length : 0)));
    return Array.from({ length: n }, (_, i) => i);
  }
  // Fast path for creates and deletes: one side only, whose keys Terraform already prints sorted.
  if (!isContainer(a) && !isContainer(unknown) && isContainer(b)) return Object.keys(b);
  if (!isContainer(b) && !isContainer(unknown) && isContainer(a)) return Object.keys(a);
  const keys = new Set<string>();
  for (const side of [a, b, unknown]) if (isContainer(side)) for (const k of Object.keys(side)) keys.add(k);
  return [...keys].sort();
}

function child(value: unknown, key: string | number): unknown {
  if (!isContainer(value)) return undefined;
  return (value as Record<string | number, unknown>)[key];
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!isContainer(a) || !isContainer(b) || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

interface Side {
  value: unknown;
  sensitive: unknown;
}

// Helpers live at module level: walk runs once per attribute node, thousands of times per plan.
const isPlain = (s: Side) => s.sensitive !== true;
const isExpandable = (v: unknown) => isContainer(v) || v === null || v === undefined;
const sameShape = (a: unknown, b: unknown) => Array.isArray(a ?? b) === Array.isArray(b ?? a);

function show(side: Side, scrub: Scrubber): string | undefined {
  if (side.value === undefined) return undefined;
  return side.sensitive === true ? SENSITIVE_TEXT : format(side.value, scrub);
}

function walk(
  path: string,
  before: Side,
  after: Side & { unknown: unknown },
  scrub: Scrubber,
  out: AttributeChange[],
): void {
  if (
    isPlain(before) &&
    isPlain(after) &&
    after.unknown !== true &&
    (isContainer(before.value) || isContainer(after.value)) &&
    isExpandable(before.value) &&
    isExpandable(after.value) &&
    sameShape(before.value, after.value)
  ) {
    const keys = keysOf(before.value, after.value, after.unknown);
    if (keys.length > 0) {
      for (const key of keys) {
        walk(
          childPath(path, key),
          { value: child(before.value, key), sensitive: markerChild(before.sensitive, key) },
          {
            value: child(after.value, key),
            sensitive: markerChild(after.sensitive, key),
            unknown: markerChild(after.unknown, key),
          },
          scrub,
          out,
        );
      }
      return;
    }
  }
  const sensitivityChanged = (before.sensitive === true) !== (after.sensitive === true);
  if (after.unknown !== true && !sensitivityChanged && equal(before.value, after.value)) return;
  // Absent and null read the same in Terraform's own diff: nothing to show.
  if (after.unknown !== true && before.value == null && after.value == null) return;
  const entry: AttributeChange = { path: path || '(value)' };
  const b = show(before, scrub);
  const a = after.unknown === true ? UNKNOWN_TEXT : show(after, scrub);
  if (b !== undefined) entry.before = b;
  if (a !== undefined) entry.after = a;
  out.push(entry);
}

/**
 * The leaf attributes that differ between before and after, with sensitive values masked and unknown ones
 * shown as {@link UNKNOWN_TEXT}. Nested objects and lists are flattened to paths.
 */
export function attributeChanges(change: Change, scrub: Scrubber): AttributeChange[] {
  const out: AttributeChange[] = [];
  walk(
    '',
    { value: change.before ?? undefined, sensitive: change.beforeSensitive },
    { value: change.after ?? undefined, sensitive: change.afterSensitive, unknown: change.afterUnknown },
    scrub,
    out,
  );
  return out;
}
