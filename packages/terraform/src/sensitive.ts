import { escapeText } from '@shipyard/markdown';
import type { Change, Plan } from './model';

/** What is printed in place of a sensitive value. */
export const SENSITIVE_TEXT = '(sensitive value)';
/** What is printed in place of a value Terraform only learns during apply. */
export const UNKNOWN_TEXT = '(known after apply)';

/**
 * Strings shorter than this are not scrubbed from free text: replacing "1" or "ab" everywhere would wreck the
 * report while hiding nothing. Values at sensitive paths are always masked structurally, whatever their length.
 */
export const MIN_SCRUB_LENGTH = 3;

/** Descends a marker tree (`before_sensitive`, `after_unknown`) by one key; `true` covers the whole subtree. */
export function markerChild(marker: unknown, key: string | number): unknown {
  if (marker === true) return true;
  if (typeof marker !== 'object' || marker === null) return false;
  return (marker as Record<string | number, unknown>)[key] ?? false;
}

function collectLeaves(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') into.add(value);
  else if (typeof value === 'number') into.add(String(value));
  else if (Array.isArray(value)) for (const v of value) collectLeaves(v, into);
  else if (typeof value === 'object' && value !== null)
    for (const v of Object.values(value)) collectLeaves(v, into);
}

/** Collects the leaves of `value` that lie under a `true` in the sensitivity marker tree. */
function collectSensitive(value: unknown, marker: unknown, into: Set<string>): void {
  if (marker === true) return collectLeaves(value, into);
  if (typeof marker !== 'object' || marker === null || typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) value.forEach((v, i) => collectSensitive(v, markerChild(marker, i), into));
  else for (const [k, v] of Object.entries(value)) collectSensitive(v, markerChild(marker, k), into);
}

function collectChange(change: Change, into: Set<string>): void {
  collectSensitive(change.before, change.beforeSensitive, into);
  collectSensitive(change.after, change.afterSensitive, into);
}

/**
 * Every secret string in the plan: values of variables declared `sensitive`, and string or number leaves
 * at sensitive paths of resource changes, drift and outputs. Longest first (so masking a secret never leaves
 * a longer one half-visible), deduplicated, at least {@link MIN_SCRUB_LENGTH} long. Meant for
 * `core.setSecret` and for {@link createScrubber}.
 */
export function sensitiveStrings(plan: Plan): string[] {
  const found = new Set<string>();
  for (const v of plan.variables) if (v.sensitive) collectLeaves(v.value, found);
  for (const rc of plan.resourceChanges) collectChange(rc.change, found);
  for (const rc of plan.resourceDrift) collectChange(rc.change, found);
  for (const oc of plan.outputChanges) collectChange(oc.change, found);
  return [...found]
    .filter((s) => s.trim().length >= MIN_SCRUB_LENGTH)
    .sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}

/**
 * The forms a secret can take once rendered: verbatim (code spans), escaped as markdown text, with table
 * pipes escaped, and JSON-quoted (how string values are displayed). Each must be masked, or escaping would
 * let a secret slip past a verbatim search.
 */
function renderedForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  return [secret, escapeText(secret), secret.replace(/\|/g, '\\|'), json, json.replace(/\|/g, '\\|')];
}

/** Replaces every occurrence of the given secrets (in any rendered form) with {@link SENSITIVE_TEXT}. */
export type Scrubber = (text: string) => string;

/** Builds a {@link Scrubber} for a list of secrets; with no secrets it returns text unchanged. */
export function createScrubber(secrets: readonly string[]): Scrubber {
  const forms = new Set<string>();
  for (const s of secrets)
    if (s.trim().length >= MIN_SCRUB_LENGTH) for (const f of renderedForms(s)) forms.add(f);
  if (forms.size === 0) return (text) => text;
  const sorted = [...forms].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(sorted.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return (text) => text.replace(pattern, SENSITIVE_TEXT);
}
