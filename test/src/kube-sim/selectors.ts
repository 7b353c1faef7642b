/** Label and field selectors, in the query-string syntax (`app=web,tier!=db,env in (a,b)`) and the object form. */
import type { JsonObject, KubeObject, StringMap } from './types';
import { isObject } from './types';
import { badRequest } from './api-error';

type Requirement = (labels: StringMap) => boolean;

/** Splits on commas outside parentheses: `a in (x,y),b` → [`a in (x,y)`, `b`]. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) terms.push(current.trim());
  return terms;
}

function parseTerm(term: string): Requirement {
  const set = /^(\S+)\s+(in|notin)\s+\((.*)\)$/.exec(term);
  if (set) {
    const [, key = '', op, list = ''] = set;
    const values = list.split(',').map((v) => v.trim());
    return op === 'in'
      ? (l) => l[key] !== undefined && values.includes(l[key])
      : (l) => l[key] === undefined || !values.includes(l[key]);
  }
  const cmp = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
  if (cmp) {
    const [, key = '', op, value = ''] = cmp;
    return op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value;
  }
  if (/^![^=!\s]+$/.test(term)) return (l) => l[term.slice(1)] === undefined;
  if (/^[^=!\s()]+$/.test(term)) return (l) => l[term] !== undefined;
  throw badRequest(
    `unable to parse requirement: "${term}" (allowed: k=v, k!=v, k in (a,b), k notin (a,b), k, !k)`,
  );
}

/** A predicate for a `labelSelector` query value; an empty selector matches everything. */
export function parseLabelSelector(selector: string | null): (obj: KubeObject) => boolean {
  const reqs = splitTerms(selector ?? '').map(parseTerm);
  return (obj) => reqs.every((req) => req(obj.metadata.labels ?? {}));
}

function fieldValue(obj: KubeObject, path: string): string {
  let value: unknown = obj;
  for (const part of path.split('.')) value = isObject(value) ? value[part] : undefined;
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A predicate for a `fieldSelector` query value (`metadata.name=x`, `involvedObject.uid=…`, `a!=b`). */
export function parseFieldSelector(selector: string | null): (obj: KubeObject) => boolean {
  const reqs = splitTerms(selector ?? '').map((term) => {
    const m = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw badRequest(`invalid field selector: "${term}" (allowed: field=value, field!=value)`);
    const [, path = '', op, value = ''] = m;
    return (obj: KubeObject) => (fieldValue(obj, path) === value) !== (op === '!=');
  });
  return (obj) => reqs.every((req) => req(obj));
}

/** Whether labels satisfy a `spec.selector` object (`matchLabels` and `matchExpressions`). */
export function matchesSelector(selector: JsonObject | undefined, labels: StringMap = {}): boolean {
  if (!selector) return false;
  const matchLabels = (isObject(selector.matchLabels) ? selector.matchLabels : {}) as StringMap;
  if (!Object.entries(matchLabels).every(([k, v]) => labels[k] === v)) return false;
  const expressions = Array.isArray(selector.matchExpressions)
    ? (selector.matchExpressions as JsonObject[])
    : [];
  return expressions.every((e) => {
    const key = String(e.key);
    const values = Array.isArray(e.values) ? (e.values as string[]) : [];
    const has = labels[key] !== undefined;
    if (e.operator === 'In') return has && values.includes(labels[key] ?? '');
    if (e.operator === 'NotIn') return !has || !values.includes(labels[key] ?? '');
    if (e.operator === 'Exists') return has;
    return !has; // DoesNotExist
  });
}
