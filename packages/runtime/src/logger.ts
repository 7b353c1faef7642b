import * as core from '@actions/core';

/** Annotation properties GitHub understands; `file` is repository-relative. */
export interface AnnotationProps {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
}

/** What actions log through; injected so pure modules and tests never touch stdout directly. */
export interface Logger {
  info: (message: string) => void;
  debug: (message: string) => void;
  notice: (message: string, props?: AnnotationProps) => void;
  warning: (message: string, props?: AnnotationProps) => void;
  error: (message: string, props?: AnnotationProps) => void;
  group: <T>(name: string, fn: () => Promise<T>) => Promise<T>;
}

/** GitHub shows 10 warnings and 10 errors per step and drops the rest silently. */
export const ANNOTATIONS_PER_STEP = 10;

/**
 * The runner-backed logger. Past the per-step annotation limit, messages are still printed as plain log lines
 * so nothing is lost without a trace, and the last shown annotation says how many more there were.
 */
export function createRunnerLogger(): Logger & { droppedAnnotations(): { warning: number; error: number } } {
  const shown = { warning: 0, error: 0 };
  const dropped = { warning: 0, error: 0 };
  const annotate = (kind: 'warning' | 'error', message: string, props?: AnnotationProps) => {
    if (shown[kind] >= ANNOTATIONS_PER_STEP) {
      dropped[kind]++;
      core.info(`${kind} (over GitHub's ${ANNOTATIONS_PER_STEP}-per-step annotation limit): ${message}`);
      return;
    }
    shown[kind]++;
    core[kind](message, props ?? {});
  };
  return {
    info: (m) => core.info(m),
    debug: (m) => core.debug(m),
    notice: (m, p) => core.notice(m, p ?? {}),
    warning: (m, p) => annotate('warning', m, p),
    error: (m, p) => annotate('error', m, p),
    group: (name, fn) => core.group(name, fn),
    droppedAnnotations: () => ({ ...dropped }),
  };
}
