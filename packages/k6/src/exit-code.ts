/** What a k6 exit code means for the gate. */
export interface K6ExitClass {
  kind: 'ok' | 'thresholds-failed' | 'error';
  description: string;
}

// From k6's errext/exitcodes: the codes a CI user is likely to meet.
const KNOWN: Record<number, string> = {
  97: 'cloud test run failed',
  98: 'cloud: failed to get progress',
  100: 'setup() timed out',
  101: 'teardown() timed out',
  102: 'generic timeout',
  103: 'engine error',
  104: 'invalid configuration',
  105: 'aborted externally (signal)',
  106: 'cannot start the REST API',
  107: 'script exception',
  108: 'script aborted (test.abort())',
};

/** 0 → ok; 99 → thresholds failed (the run itself worked); anything else → a tool or script error. */
export function classifyK6Exit(code: number): K6ExitClass {
  if (code === 0) return { kind: 'ok', description: 'k6 finished and every threshold passed' };
  if (code === 99)
    return {
      kind: 'thresholds-failed',
      description: 'k6 finished but one or more thresholds failed (exit 99)',
    };
  return { kind: 'error', description: `k6 failed: ${KNOWN[code] ?? 'unexpected error'} (exit ${code})` };
}
