/**
 * Percentile of an ascending-sorted list, interpolating linearly between the closest ranks — the method
 * k6's trend sink uses, so our NDJSON figures match what k6 prints for the same run.
 */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const i = (p / 100) * (sorted.length - 1);
  const lo = sorted[Math.floor(i)] ?? 0;
  const hi = sorted[Math.ceil(i)] ?? lo;
  return lo + (hi - lo) * (i - Math.floor(i));
}
