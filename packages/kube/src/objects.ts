/** The loose shape of Kubernetes objects as kubectl prints them; readers below never trust a field's type. */

/** Any Kubernetes object as JSON. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    generation?: number;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
    ownerReferences?: { kind?: string; name?: string; uid?: string }[];
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A condition from `status.conditions`. */
export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** A number field, or `fallback` when absent or not a number. */
export function num(value: unknown, fallback = 0): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** A string field, or '' when absent. */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** `status.conditions` as a typed list (malformed entries skipped). */
export function conditionsOf(object: KubeObject): Condition[] {
  const list = object.status?.conditions;
  if (!Array.isArray(list)) return [];
  return list
    .filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null)
    .map((c) => ({
      type: text(c.type),
      status: text(c.status),
      reason: text(c.reason) || undefined,
      message: text(c.message) || undefined,
      lastTransitionTime: text(c.lastTransitionTime) || undefined,
    }));
}

/** The condition of a type, if present. */
export function conditionOf(object: KubeObject, type: string): Condition | undefined {
  return conditionsOf(object).find((c) => c.type === type);
}
