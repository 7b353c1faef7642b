import { lastDeployedRevision, type HelmHistoryEntry, type HelmReleaseStatus } from './helm-release';

/**
 * What to do about a release left in `pending-install`, `pending-upgrade` or `pending-rollback` (a helm killed
 * mid-operation; helm refuses every later upgrade with "another operation is in progress").
 *
 * The rule: a pending-* revision updated less than `inProgressWindowMs` ago (the deploy timeout) may still be
 * a live deploy from another job — recovering it would race that deploy, so it is refused. Older than that,
 * no helm honouring the same timeout can still be running: with `recover` it is rolled back to the newest
 * revision that was deployed, or, for a pending install that never deployed, uninstalled.
 */
export type StuckDecision =
  | { action: 'none' }
  | { action: 'refuse-in-progress'; status: string; revision: number; message: string }
  | { action: 'refuse-stuck'; status: string; revision: number; message: string }
  | { action: 'rollback'; status: string; revision: number; toRevision: number; message: string }
  | { action: 'uninstall'; status: string; revision: number; message: string };

/** Inputs of {@link decideStuckRecovery}. */
export interface StuckInput {
  release: string;
  namespace: string;
  status: HelmReleaseStatus | undefined;
  history: readonly HelmHistoryEntry[];
  now: number;
  inProgressWindowMs: number;
  recover: boolean;
}

/** Whether a helm status is one of the pending-* states. */
export function isPendingStatus(status: string): boolean {
  return /^pending-(install|upgrade|rollback)$/.test(status);
}

function seconds(ms: number): string {
  return ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}

/** Decides the recovery of a stuck release; pure (time is an input). */
export function decideStuckRecovery(input: StuckInput): StuckDecision {
  const latest = [...input.history].sort((a, b) => b.revision - a.revision)[0];
  const status = input.status?.status ?? latest?.status ?? '';
  if (!isPendingStatus(status)) return { action: 'none' };
  const revision = input.status?.revision ?? latest?.revision ?? 0;
  const updatedText = latest?.updated || input.status?.lastDeployed || '';
  const updated = Date.parse(updatedText);
  const age = Number.isFinite(updated) ? input.now - updated : Infinity;
  const where = `release ${input.release} in namespace ${input.namespace}`;
  const ns = `-n ${input.namespace}`;
  if (age < input.inProgressWindowMs) {
    return {
      action: 'refuse-in-progress',
      status,
      revision,
      message:
        `Another deploy of ${where} is in progress: revision ${revision} is ${status}, updated ${seconds(Math.max(0, age))} ago ` +
        `(less than the timeout of ${seconds(input.inProgressWindowMs)}). Refusing rather than racing it. ` +
        `Serialise deploys with a workflow \`concurrency\` group, or rerun once it has finished.`,
    };
  }
  const target = lastDeployedRevision(input.history.filter((h) => h.revision < revision));
  const never = !target && status === 'pending-install';
  if (!input.recover) {
    const fix = target
      ? `helm rollback ${input.release} ${target.revision} ${ns}`
      : never
        ? `helm uninstall ${input.release} ${ns}`
        : `inspect it with helm history ${input.release} ${ns}`;
    return {
      action: 'refuse-stuck',
      status,
      revision,
      message:
        `${where} is stuck in ${status} (revision ${revision}, last updated ${Number.isFinite(age) ? `${seconds(age)} ago` : 'at an unknown time'}): ` +
        `helm refuses every upgrade until it is resolved. Set recover-stuck: true to let this action recover it, or run \`${fix}\`.`,
    };
  }
  if (target)
    return {
      action: 'rollback',
      status,
      revision,
      toRevision: target.revision,
      message: `${where} was stuck in ${status} (revision ${revision}); rolled back to revision ${target.revision}, the last one deployed.`,
    };
  if (never)
    return {
      action: 'uninstall',
      status,
      revision,
      message: `${where} was stuck in pending-install and never deployed; uninstalled it so the install can start over.`,
    };
  return {
    action: 'refuse-stuck',
    status,
    revision,
    message: `${where} is stuck in ${status} (revision ${revision}) and has no earlier deployed revision to roll back to; resolve it by hand (helm history ${input.release} ${ns}).`,
  };
}
