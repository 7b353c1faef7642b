import { bullets, code, details, escapeText, heading, raw, statusIcon, table } from '@shipyard/markdown';
import type { Cell } from '@shipyard/markdown';
import { attributeChanges } from './attributes';
import { changeKind, isImport, isMove } from './counts';
import type { PlanCounts } from './counts';
import type { OutputChange, ResourceChange } from './model';
import type { Scrubber } from './sensitive';

/** The groups resources are listed under, most consequential first (the order of the report). */
export type GroupKind = 'delete' | 'replace' | 'update' | 'create' | 'import' | 'move' | 'forget' | 'read';

export const GROUP_ORDER: readonly GroupKind[] = [
  'delete',
  'replace',
  'update',
  'create',
  'import',
  'move',
  'forget',
  'read',
];

/** Icon and wording per group; the icons follow the traffic-light reading of Terraform's own `+ ~ -/+ -`. */
export const GROUP_LABELS: Record<GroupKind, { icon: string; title: string }> = {
  delete: { icon: '🔴', title: 'Destroy' },
  replace: { icon: '🟠', title: 'Replace' },
  update: { icon: '🟡', title: 'Update in place' },
  create: { icon: '🟢', title: 'Create' },
  import: { icon: '📥', title: 'Import' },
  move: { icon: '🚚', title: 'Move' },
  forget: { icon: '🫥', title: 'Forget (remove from state only)' },
  read: { icon: '📖', title: 'Read during apply' },
};

/** The group a resource is listed under, or undefined for a plain no-op (counted, not listed). */
export function groupOf(rc: ResourceChange): GroupKind | undefined {
  const kind = changeKind(rc.change.actions);
  if (kind !== 'no-op') return kind;
  if (isImport(rc)) return 'import';
  if (isMove(rc)) return 'move';
  return undefined;
}

/** `module.a.module.b`, or "root module". */
export function moduleLabel(moduleAddress: string | undefined): string {
  return moduleAddress ?? 'root module';
}

/** The header line: which directory, workspace and label this report is about. */
export interface PlanHeader {
  workingDirectory: string;
  workspace?: string;
  /** Free text from the workflow (an environment name, a stack); untrusted, escaped. */
  label?: string;
  /** Leading words; "Terraform plan" unless set. */
  title?: string;
}

/** Renders the header line. */
export function renderHeader(header: PlanHeader): string {
  const parts = [escapeText(header.title ?? 'Terraform plan'), code(header.workingDirectory || '.')];
  if (header.workspace) parts.push(`workspace ${code(header.workspace)}`);
  if (header.label) parts.push(escapeText(header.label));
  return heading(2, parts.join(' · '));
}

/** The counts table; rows that are zero are left out except the four headline actions. */
export function renderCountsTable(counts: PlanCounts): string {
  const rows: [GroupKind | 'noOp' | 'outputs', string, string][] = [
    ['create', '🟢', 'Create'],
    ['update', '🟡', 'Update in place'],
    ['replace', '🟠', 'Replace'],
    ['delete', '🔴', 'Destroy'],
    ['import', '📥', 'Import'],
    ['move', '🚚', 'Move'],
    ['forget', '🫥', 'Forget'],
    ['read', '📖', 'Read'],
    ['outputs', '📤', 'Output changes'],
    ['noOp', '⚪', 'Unchanged'],
  ];
  const always = new Set(['create', 'update', 'replace', 'delete']);
  const shown = rows.filter(([key]) => always.has(key) || counts[key] > 0);
  return table(
    ['', 'Action', 'Resources'],
    shown.map(([key, icon, label]): Cell[] => [raw(icon), label, counts[key]]),
    ['center', 'left', 'right'],
  );
}

/** The warning at the top listing what will be destroyed; `limit` caps the list in the condensed form. */
export function renderDestructive(addresses: readonly string[], limit?: number): string {
  if (addresses.length === 0) return '';
  const shown = limit === undefined ? addresses : addresses.slice(0, limit);
  const more = addresses.length - shown.length;
  const lines = [
    `> [!CAUTION]`,
    `> ${statusIcon('warn')} **${addresses.length} resource${addresses.length === 1 ? '' : 's'} will be destroyed** (deleted or replaced):`,
    ...shown.map((a) => `> - ${code(a)}`),
    ...(more > 0 ? [`> - …and ${more} more`] : []),
  ];
  return lines.join('\n');
}

function cell(value: string | undefined): Cell {
  return value === undefined ? raw('—') : raw(code(value));
}

/** Notes shown above a resource's attribute table: why it is replaced, where it moved from, what is imported. */
function resourceNotes(rc: ResourceChange): string[] {
  const notes: string[] = [];
  if (isMove(rc) && rc.previousAddress) notes.push(`Moved from ${code(rc.previousAddress)}`);
  if (rc.change.importing) {
    notes.push(`Importing${rc.change.importing.id ? ` id ${code(rc.change.importing.id)}` : ''}`);
  }
  if (rc.deposed) notes.push(`Deposed object ${code(rc.deposed)}`);
  if (rc.actionReason) notes.push(`Reason: ${escapeText(rc.actionReason.replace(/_/g, ' '))}`);
  if (rc.change.replacePaths.length > 0) {
    const paths = rc.change.replacePaths.map((p) => code(p.map(String).join('.')));
    notes.push(`Forces replacement: ${paths.join(', ')}`);
  }
  return notes;
}

/** One resource in full: a collapsed block with its notes and the table of changed attributes. */
export function renderResource(rc: ResourceChange, scrub: Scrubber): string {
  const kind = groupOf(rc);
  const icon = kind ? GROUP_LABELS[kind].icon : '⚪';
  const changes = attributeChanges(rc.change, scrub);
  const rows = changes.map((c): Cell[] => [raw(code(c.path)), cell(c.before), cell(c.after)]);
  const body = [
    bullets(resourceNotes(rc)),
    rows.length ? table(['Attribute', 'Before', 'After'], rows) : '_No attribute changes._',
  ].filter(Boolean);
  const summary = `${icon} ${code(rc.address)}${rc.deposed ? ' (deposed)' : ''}`;
  return details(summary, body.join('\n\n'));
}

/** A list of addresses: the condensed form of a resource list. */
export function renderAddressList(resources: readonly ResourceChange[]): string {
  return bullets(resources.map((rc) => code(rc.address) + (rc.deposed ? ' (deposed)' : '')));
}

/** The heading of one group of resources within one module. */
export function groupHeading(kind: GroupKind, moduleAddress: string | undefined, count: number): string {
  const { icon, title } = GROUP_LABELS[kind];
  const where = moduleAddress ? code(moduleAddress) : 'root module';
  return heading(4, `${icon} ${title} · ${where} (${count})`);
}

/** The table of root output changes; values are masked like attributes. */
export function renderOutputs(outputs: readonly OutputChange[], scrub: Scrubber): string {
  const rows: Cell[][] = [];
  for (const oc of outputs) {
    const kind = changeKind(oc.change.actions);
    if (kind === 'no-op') continue;
    const changes = attributeChanges(oc.change, scrub);
    // An output can change action without a visible value change (for example when it becomes sensitive).
    if (changes.length === 0) rows.push([raw(code(oc.name)), kind, raw('—'), raw('—')]);
    for (const c of changes) {
      const name = c.path === '(value)' ? oc.name : `${oc.name}.${c.path}`;
      rows.push([raw(code(name)), kind, cell(c.before), cell(c.after)]);
    }
  }
  return table(['Output', 'Change', 'Before', 'After'], rows);
}
