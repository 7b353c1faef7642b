import type { OutputChange, PlanAction, Plan, ResourceChange } from './model';

/** What a resource change amounts to, reading its action list the way `terraform plan` summarises it. */
export type ChangeKind = 'create' | 'update' | 'replace' | 'delete' | 'read' | 'forget' | 'no-op';

/** Classifies an action list: `["delete","create"]` and `["create","delete"]` (create-before-destroy) are replacements. */
export function changeKind(actions: readonly PlanAction[]): ChangeKind {
  if (actions.includes('delete') && actions.includes('create')) return 'replace';
  const first = actions[0] ?? 'no-op';
  return first;
}

/** True when a resource moved to a new address (a `moved` block or a refactoring). */
export function isMove(rc: ResourceChange): boolean {
  return rc.previousAddress !== undefined && rc.previousAddress !== rc.address;
}

/** True when the resource is being imported into state by this plan. */
export function isImport(rc: ResourceChange): boolean {
  return rc.change.importing !== undefined;
}

/** Counts per kind of change, as shown in the summary table and set as action outputs. */
export interface PlanCounts {
  create: number;
  update: number;
  replace: number;
  delete: number;
  import: number;
  move: number;
  forget: number;
  read: number;
  /** Resources left as they are: no-op and neither moved nor imported. */
  noOp: number;
  /** Root outputs whose value changes. */
  outputs: number;
}

/** True when an output's value is planned to change. */
export function outputChanges(oc: OutputChange): boolean {
  return changeKind(oc.change.actions) !== 'no-op';
}

/** Counts a list of resource changes (a plan's changes or its drift). */
export function countChanges(
  changes: readonly ResourceChange[],
  outputs: readonly OutputChange[] = [],
): PlanCounts {
  const counts: PlanCounts = {
    create: 0,
    update: 0,
    replace: 0,
    delete: 0,
    import: 0,
    move: 0,
    forget: 0,
    read: 0,
    noOp: 0,
    outputs: 0,
  };
  for (const rc of changes) {
    const kind = changeKind(rc.change.actions);
    const moved = isMove(rc);
    const imported = isImport(rc);
    if (moved) counts.move++;
    if (imported) counts.import++;
    if (kind === 'no-op') {
      if (!moved && !imported) counts.noOp++;
    } else {
      counts[kind]++;
    }
  }
  counts.outputs = outputs.filter(outputChanges).length;
  return counts;
}

/** The plan's counts and whether applying it would change anything. */
export interface PlanSummary {
  counts: PlanCounts;
  /** Anything to apply: a resource created, changed, replaced, deleted, imported, moved or forgotten, or an output changed. */
  hasChanges: boolean;
  /** Addresses that will be destroyed: deletes and replacements, in plan order. */
  destructive: string[];
}

/** Summarises a plan. Data source reads alone are not changes: they happen on every apply. */
export function summarizePlan(plan: Plan): PlanSummary {
  const counts = countChanges(plan.resourceChanges, plan.outputChanges);
  const hasChanges =
    counts.create +
      counts.update +
      counts.replace +
      counts.delete +
      counts.import +
      counts.move +
      counts.forget +
      counts.outputs >
    0;
  const destructive = plan.resourceChanges
    .filter((rc) => {
      const kind = changeKind(rc.change.actions);
      return kind === 'delete' || kind === 'replace';
    })
    .map((rc) => (rc.deposed ? `${rc.address} (deposed ${rc.deposed})` : rc.address));
  return { counts, hasChanges, destructive };
}
