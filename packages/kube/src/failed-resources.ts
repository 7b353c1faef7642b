import { diagnosisReasons, type WorkloadDiagnosis } from './diagnose';
import type { VerifyResult } from './verify';

/** One entry of the `failed-resources` output. */
export interface FailedResource {
  kind: string;
  namespace: string;
  name: string;
  /** `failed`, `timeout` or `missing`. */
  state: string;
  /** The rollout reason (one sentence). */
  reason: string;
  /** Distinct container/pod reasons from diagnostics, e.g. `["CrashLoopBackOff"]`. */
  podReasons: string[];
  /** Total restarts over the diagnosed pods. */
  restarts: number;
}

/** The workloads that are not ready, with their diagnosed reasons: machine-readable for later steps. */
export function failedResources(
  verify: VerifyResult,
  diagnoses: readonly WorkloadDiagnosis[],
): FailedResource[] {
  return verify.results
    .filter((r) => r.state !== 'ready')
    .map((r) => {
      const d = diagnoses.find(
        (x) => x.ref.kind === r.ref.kind && x.ref.name === r.ref.name && x.ref.namespace === r.ref.namespace,
      );
      return {
        kind: r.ref.kind,
        namespace: r.ref.namespace,
        name: r.ref.name,
        state: r.state,
        reason: r.reason,
        podReasons: d ? diagnosisReasons(d) : [],
        restarts: d ? d.pods.reduce((sum, p) => sum + p.restarts, 0) : 0,
      };
    });
}
