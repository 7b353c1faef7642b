/** A parsed threshold expression such as `p(95)<500` or `rate<0.01`. */
export interface ThresholdExpression {
  /** Aggregation: avg, min, max, med, count, rate, value, or p(N). */
  stat: string;
  op: '<' | '<=' | '>' | '>=' | '==' | '===' | '!=';
  value: number;
}

const EXPR =
  /^\s*(avg|min|max|med|count|rate|value|p\(\s*\d+(?:\.\d+)?\s*\))\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/i;

/** Parses k6's threshold syntax; `undefined` when it is not a simple `stat op number` expression. */
export function parseThresholdExpression(expression: string): ThresholdExpression | undefined {
  const m = EXPR.exec(expression);
  if (!m?.[1] || !m[2] || !m[3]) return undefined;
  return {
    stat: m[1].replace(/\s+/g, '').toLowerCase(),
    op: m[2] as ThresholdExpression['op'],
    value: Number(m[3]),
  };
}

/** Evaluates an expression against an observed value. */
export function holds(e: ThresholdExpression, observed: number): boolean {
  switch (e.op) {
    case '<':
      return observed < e.value;
    case '<=':
      return observed <= e.value;
    case '>':
      return observed > e.value;
    case '>=':
      return observed >= e.value;
    case '!=':
      return observed !== e.value;
    default:
      return observed === e.value;
  }
}

/**
 * Looks up the value an expression refers to in a metric's values. `p(50)` falls back to `med`; a rate's
 * `rate` falls back to `value` (the legacy export renames it).
 */
export function observedFor(expression: string, values: Record<string, unknown>): number | undefined {
  const parsed = parseThresholdExpression(expression);
  if (!parsed) return undefined;
  const keys = [parsed.stat];
  if (parsed.stat === 'p(50)') keys.push('med');
  if (parsed.stat === 'rate') keys.push('value');
  if (parsed.stat === 'value') keys.push('rate');
  for (const k of keys) {
    const v = values[k];
    if (typeof v === 'number') return v;
  }
  return undefined;
}
