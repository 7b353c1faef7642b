/**
 * The plan model: what `terraform show -json <planfile>` prints (format_version 1.x), reduced to the fields the
 * comment, digest and drift report need. Parsing is hand-written rather than schema-driven because a
 * 2,000-resource plan is several megabytes and the parse sits on the hot path of every plan comment.
 */

/** One step of a planned change, as Terraform names it. */
export type PlanAction = 'no-op' | 'create' | 'read' | 'update' | 'delete' | 'forget';

const ACTIONS: ReadonlySet<string> = new Set(['no-op', 'create', 'read', 'update', 'delete', 'forget']);

/** A change to one object: values before and after, and the marker trees saying which parts are secret or unknown. */
export interface Change {
  actions: PlanAction[];
  before: unknown;
  after: unknown;
  /** Same shape as `after`; `true` where the value is only known after apply. */
  afterUnknown: unknown;
  /** Same shape as `before`; `true` where the value is sensitive. */
  beforeSensitive: unknown;
  /** Same shape as `after`; `true` where the value is sensitive. */
  afterSensitive: unknown;
  /** Attribute paths that force replacement. */
  replacePaths: unknown[][];
  /** Present when the object is being imported; `id` is the import id when Terraform reports one. */
  importing?: { id?: string };
}

/** A planned (or drifted) change to one resource instance. */
export interface ResourceChange {
  address: string;
  /** Where the object was before a `moved` block, when it moved. */
  previousAddress?: string;
  /** `module.a.module.b`, absent for the root module. */
  moduleAddress?: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: string | number;
  /** Set for deposed objects left over from a failed create-before-destroy. */
  deposed?: string;
  actionReason?: string;
  change: Change;
}

/** A planned change to a root module output. */
export interface OutputChange {
  name: string;
  change: Change;
}

/** A root module input variable with the value used for this plan. */
export interface PlanVariable {
  name: string;
  value: unknown;
  /** From `configuration.root_module.variables.<name>.sensitive`. */
  sensitive: boolean;
}

/** A parsed plan. */
export interface Plan {
  formatVersion: string;
  terraformVersion?: string;
  resourceChanges: ResourceChange[];
  outputChanges: OutputChange[];
  /** Changes Terraform noticed in real infrastructure since the last apply. */
  resourceDrift: ResourceChange[];
  variables: PlanVariable[];
  /** Terraform ≥ 1.6 sets this when planning stopped at an error and the plan is partial. */
  errored: boolean;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

class PlanFormatError extends Error {}

function fail(source: string, problem: string): never {
  throw new PlanFormatError(
    `terraform plan JSON (${source}): ${problem}; expected the output of \`terraform show -json <planfile>\` (format_version 1.x)`,
  );
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function parseChange(raw: unknown, where: string, source: string): Change {
  if (!isObject(raw)) fail(source, `${where}.change is ${JSON.stringify(raw) ?? 'missing'}, not an object`);
  const actions = raw.actions;
  if (
    !Array.isArray(actions) ||
    actions.length === 0 ||
    !actions.every((a) => typeof a === 'string' && ACTIONS.has(a))
  ) {
    fail(
      source,
      `${where}.change.actions is ${JSON.stringify(actions)}; allowed: a list of ${[...ACTIONS].join(', ')}`,
    );
  }
  const importing = isObject(raw.importing)
    ? { ...(str(raw.importing.id) ? { id: str(raw.importing.id) } : {}) }
    : undefined;
  return {
    actions: actions as PlanAction[],
    before: raw.before ?? null,
    after: raw.after ?? null,
    afterUnknown: raw.after_unknown ?? false,
    beforeSensitive: raw.before_sensitive ?? false,
    afterSensitive: raw.after_sensitive ?? false,
    replacePaths: Array.isArray(raw.replace_paths) ? raw.replace_paths.filter(Array.isArray) : [],
    ...(importing ? { importing } : {}),
  };
}

function parseResourceChanges(raw: unknown, field: string, source: string): ResourceChange[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) fail(source, `${field} is ${typeof raw}, not a list`);
  return raw.map((item: unknown, i): ResourceChange => {
    const where = `${field}[${i}]`;
    if (!isObject(item) || typeof item.address !== 'string' || item.address === '') {
      fail(source, `${where} has no address`);
    }
    const mode = item.mode === 'data' ? 'data' : 'managed';
    const index = item.index;
    return {
      address: item.address,
      ...(str(item.previous_address) ? { previousAddress: str(item.previous_address) } : {}),
      ...(str(item.module_address) ? { moduleAddress: str(item.module_address) } : {}),
      mode,
      type: str(item.type) ?? '',
      name: str(item.name) ?? '',
      ...(typeof index === 'string' || typeof index === 'number' ? { index } : {}),
      ...(str(item.deposed) ? { deposed: str(item.deposed) } : {}),
      ...(str(item.action_reason) ? { actionReason: str(item.action_reason) } : {}),
      change: parseChange(item.change, where, source),
    };
  });
}

function parseOutputChanges(raw: unknown, source: string): OutputChange[] {
  if (raw === undefined || raw === null) return [];
  if (!isObject(raw)) fail(source, `output_changes is ${typeof raw}, not an object`);
  return Object.entries(raw).map(([name, change]) => ({
    name,
    change: parseChange(change, `output_changes.${name}`, source),
  }));
}

function parseVariables(raw: unknown, configuration: unknown): PlanVariable[] {
  if (!isObject(raw)) return [];
  const root =
    isObject(configuration) && isObject(configuration.root_module) ? configuration.root_module : {};
  const declared = isObject(root.variables) ? root.variables : {};
  return Object.entries(raw).map(([name, v]) => {
    const decl = declared[name];
    return {
      name,
      value: isObject(v) ? (v.value ?? null) : null,
      sensitive: isObject(decl) && decl.sensitive === true,
    };
  });
}

/**
 * Parses `terraform show -json <planfile>` output. `source` names the input in errors (a file path or
 * "stdin"). Throws one clear error for invalid JSON, a state file, a newer major format or malformed changes.
 */
export function parsePlan(input: unknown, source = 'plan'): Plan {
  let doc: unknown = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (error) {
      const start = JSON.stringify(input.slice(0, 40));
      fail(source, `invalid JSON (${(error as Error).message}; starts with ${start})`);
    }
  }
  if (!isObject(doc))
    fail(source, `top level is ${Array.isArray(doc) ? 'a list' : typeof doc}, not an object`);
  const version = doc.format_version;
  if (typeof version !== 'string') fail(source, 'format_version is missing');
  if (!/^1\.\d+$/.test(version))
    fail(source, `format_version is ${JSON.stringify(version)}, only 1.x is understood`);
  const isPlan = 'resource_changes' in doc || 'planned_values' in doc || 'output_changes' in doc;
  if (!isPlan) {
    fail(
      source,
      `it has no resource_changes or planned_values (${'values' in doc ? 'this looks like a state, not a plan' : 'not a plan'})`,
    );
  }
  return {
    formatVersion: version,
    ...(str(doc.terraform_version) ? { terraformVersion: str(doc.terraform_version) } : {}),
    resourceChanges: parseResourceChanges(doc.resource_changes, 'resource_changes', source),
    outputChanges: parseOutputChanges(doc.output_changes, source),
    resourceDrift: parseResourceChanges(doc.resource_drift, 'resource_drift', source),
    variables: parseVariables(doc.variables, doc.configuration),
    errored: doc.errored === true,
  };
}

/** True for errors thrown by {@link parsePlan} because the input is not a usable plan. */
export function isPlanFormatError(error: unknown): boolean {
  return error instanceof PlanFormatError;
}
