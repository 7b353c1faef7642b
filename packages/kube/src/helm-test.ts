import { logTargets } from './diagnose';
import type { KubectlClient } from './kubectl';
import { analysePod } from './pod-analysis';

/**
 * What `helm test` ran and why a test failed. Helm's own output says only "pod X failed"; its `--logs` flag is
 * not used because helm 3 then fails a PASSING run whose test pod was deleted by `hook-delete-policy:
 * hook-succeeded` ("unable to get pod logs"). So the failed test pods are read here, with kubectl.
 */

/** One `TEST SUITE:` block of helm's test output. */
export interface TestSuiteResult {
  /** The test hook's name (the Pod's name). */
  name: string;
  /** `Succeeded`, `Failed`, `Running`… as helm last saw it. */
  phase: string;
}

/** Why one test pod failed. */
export interface TestPodFailure {
  pod: string;
  phase: string;
  /** One line: the container's state and reason (`container probe terminated: Error (exit code 1)`). */
  problem: string;
  /** A capped tail of the failing container's log, when it could be read. */
  log?: string;
  /** A read that failed (the pod is gone, RBAC…): shown so the gap is not silent. */
  error?: string;
}

/** The outcome of `helm test`, for the summary. */
export interface HelmTestReport {
  passed: boolean;
  suites: TestSuiteResult[];
  failures: TestPodFailure[];
  /** Helm's own output (status block, test suites, error). */
  output: string;
}

/**
 * Reads the `TEST SUITE: <name>` … `Phase: <phase>` blocks helm 3 and 4 print after the release status.
 * `TEST SUITE: None` (a chart without tests) yields nothing. Pure.
 */
export function parseTestSuites(output: string): TestSuiteResult[] {
  const suites: TestSuiteResult[] = [];
  let current: TestSuiteResult | undefined;
  for (const line of output.split('\n')) {
    const suite = /^TEST SUITE:\s+(\S+)/.exec(line);
    if (suite?.[1] && suite[1] !== 'None') {
      current = { name: suite[1], phase: 'Unknown' };
      suites.push(current);
      continue;
    }
    const phase = /^Phase:\s+(\S+)/.exec(line);
    if (phase?.[1] && current) {
      current.phase = phase[1];
      current = undefined;
    }
  }
  return suites;
}

/**
 * For every suite that did not succeed: the pod's problem (from its container states) and a log tail of its
 * failing container. Bounded reads; a failed read becomes `error`, never an exception.
 */
export async function explainTestFailures(
  kubectl: Pick<KubectlClient, 'get' | 'logs'>,
  suites: readonly TestSuiteResult[],
  namespace: string,
  limits: { maxPods?: number; logLines?: number; logBytes?: number } = {},
): Promise<TestPodFailure[]> {
  const { maxPods = 3, logLines = 20, logBytes = 4096 } = limits;
  const failures: TestPodFailure[] = [];
  for (const suite of suites.filter((s) => s.phase !== 'Succeeded').slice(0, maxPods)) {
    const failure: TestPodFailure = { pod: suite.name, phase: suite.phase, problem: '' };
    failures.push(failure);
    try {
      const pod = await kubectl.get('pod', suite.name, namespace);
      if (!pod) {
        failure.error = `pod ${suite.name} is gone (deleted by its helm.sh/hook-delete-policy?)`;
        continue;
      }
      const diagnosis = analysePod(pod);
      failure.phase = diagnosis.phase;
      failure.problem = diagnosis.problem;
      const target = logTargets([diagnosis], 1)[0];
      if (target)
        failure.log = (
          await kubectl.logs(target.pod, namespace, {
            container: target.container,
            previous: target.previous,
            tail: logLines,
            limitBytes: logBytes,
          })
        ).slice(-logBytes);
    } catch (error) {
      failure.error = error instanceof Error ? error.message : String(error);
    }
  }
  return failures;
}

/** One line naming each failed test pod and its problem, for the step's error. */
export function describeTestFailures(report: HelmTestReport): string {
  const failed = report.failures.map((f) => `${f.pod} ${f.phase}${f.problem ? `: ${f.problem}` : ''}`);
  if (failed.length > 0) return `helm test failed: ${failed.join('; ')}`;
  const notSucceeded = report.suites.filter((s) => s.phase !== 'Succeeded').map((s) => s.name);
  return notSucceeded.length > 0
    ? `helm test failed: ${notSucceeded.join(', ')}`
    : 'helm test failed (output in the job summary)';
}
