/**
 * The four PATCH content types clients send:
 * - strategic merge (helm 3 three-way patches, kubectl): maps merge, lists of objects merge by their key
 *   (`name`, `containerPort`, `port`…) and the directives `$patch`, `$retainKeys`, `$setElementOrder/<list>`
 *   and `$deleteFromPrimitiveList/<list>` are honoured — a plain merge would wipe env vars and ports;
 * - JSON merge patch (RFC 7386); JSON patch (RFC 6902, used by `kubectl rollout undo`);
 * - server-side apply (helm 4's default): the applied fields replace the user's, identity and status stay.
 */
import type { JsonObject, KubeObject, ObjectMeta } from './types';
import { clone, isObject } from './types';
import { badRequest } from './api-error';

/** patchMergeKey of the list fields charts use (k8s.io/api struct tags). `ports` depends on the list. */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  conditions: 'type',
  hostAliases: 'ip',
  ownerReferences: 'uid',
  resourceClaims: 'name',
};

function mergeKeyFor(field: string, items: unknown[]): string | undefined {
  if (field === 'ports')
    return items.some((i) => isObject(i) && 'containerPort' in i) ? 'containerPort' : 'port';
  return MERGE_KEYS[field];
}

/** RFC 7386: objects merge recursively, `null` deletes, everything else replaces. */
export function jsonMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch);
  const result: JsonObject = isObject(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = jsonMergePatch(result[key], value);
  }
  return result;
}

function mergeKeyedList(field: string, live: unknown[], patch: unknown[], order: unknown): unknown[] {
  const key = mergeKeyFor(field, [...live, ...patch]);
  if (!key || !patch.every(isObject)) return clone(patch); // atomic list: replaced
  const result = live.filter(isObject).map((item) => clone(item));
  for (const item of patch) {
    const index = result.findIndex((existing) => existing[key] === item[key]);
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) {
      result[index] = strategicMerge(result[index], item) as JsonObject;
    } else {
      const { $patch: _ignored, ...rest } = item;
      result.push(strategicMerge({}, rest) as JsonObject);
    }
  }
  if (!Array.isArray(order)) return result;
  // $setElementOrder lists the merge keys in their final order; items it does not name keep their place at the end.
  const rank = (item: JsonObject): number => {
    const at = (order as JsonObject[]).findIndex((o) => isObject(o) && o[key] === item[key]);
    return at < 0 ? order.length : at;
  };
  return result
    .map((item, i) => ({ item, i }))
    .sort((a, b) => rank(a.item) - rank(b.item) || a.i - b.i)
    .map((e) => e.item);
}

/** Strategic merge patch of `live` with `patch`. */
export function strategicMerge(live: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _ignored, ...rest } = patch;
    return clone(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const result: JsonObject = isObject(live) ? clone(live) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    if (value === null) {
      delete result[key];
    } else if (Array.isArray(value)) {
      const current = Array.isArray(result[key]) ? (result[key] as unknown[]) : [];
      result[key] = mergeKeyedList(key, current, value, patch[`$setElementOrder/${key}`]);
    } else {
      const merged = strategicMerge(result[key], value);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    }
  }
  for (const [key, value] of Object.entries(patch)) {
    const removeFrom = /^\$deleteFromPrimitiveList\/(.+)$/.exec(key)?.[1];
    if (removeFrom && Array.isArray(result[removeFrom]) && Array.isArray(value)) {
      result[removeFrom] = (result[removeFrom] as unknown[]).filter((v) => !value.includes(v));
    }
  }
  if (Array.isArray(patch.$retainKeys)) {
    const keep = patch.$retainKeys as string[];
    for (const key of Object.keys(result)) if (!keep.includes(key)) delete result[key];
  }
  return result;
}

function pointerParts(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw badRequest(`JSON patch path "${pointer}" must start with "/"`);
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: unknown, parts: string[], path: string): [JsonObject | unknown[], string] {
  let node: unknown = doc;
  for (const part of parts.slice(0, -1))
    node = Array.isArray(node) ? node[Number(part)] : isObject(node) ? node[part] : undefined;
  if (!isObject(node) && !Array.isArray(node)) throw badRequest(`JSON patch path "${path}" does not exist`);
  return [node, parts[parts.length - 1] ?? ''];
}

/** RFC 6902 operations: add, remove, replace, test, move, copy. */
export function jsonPatch(doc: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw badRequest('JSON patch body must be an array of operations');
  let result = clone(doc);
  const read = (path: string): unknown =>
    pointerParts(path).reduce<unknown>(
      (n, p) => (Array.isArray(n) ? n[Number(p)] : isObject(n) ? n[p] : undefined),
      result,
    );
  const write = (path: string, value: unknown, insert: boolean): void => {
    const parts = pointerParts(path);
    if (parts.length === 0) return void (result = clone(value));
    const [parent, last] = parentOf(result, parts, path);
    if (Array.isArray(parent))
      parent.splice(last === '-' ? parent.length : Number(last), insert ? 0 : 1, clone(value));
    else parent[last] = clone(value);
  };
  const remove = (path: string): void => {
    const [parent, last] = parentOf(result, pointerParts(path), path);
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  };
  for (const op of operations as JsonObject[]) {
    const path = typeof op.path === 'string' ? op.path : '';
    if (op.op === 'add') write(path, op.value, true);
    else if (op.op === 'replace') write(path, op.value, false);
    else if (op.op === 'remove') remove(path);
    else if (op.op === 'test' && JSON.stringify(read(path)) !== JSON.stringify(op.value))
      throw badRequest(`JSON patch test failed at "${path}"`);
    else if (op.op === 'move' || op.op === 'copy') {
      const value = read(String(op.from));
      if (op.op === 'move') remove(String(op.from));
      write(path, value, true);
    } else if (op.op !== 'test')
      throw badRequest(
        `JSON patch op "${String(op.op)}" is not one of add, remove, replace, test, move, copy`,
      );
  }
  return result;
}

/**
 * Server-side apply, simplified: the applied object's fields replace the live ones; identity, status and the
 * labels/annotations set by others (a Deployment's revision annotation) stay. Defaults are re-applied by the store.
 */
export function serverSideApply(live: KubeObject | undefined, applied: KubeObject): KubeObject {
  if (!live) return clone(applied);
  const metadata: ObjectMeta = {
    ...live.metadata,
    ...applied.metadata,
    labels: { ...live.metadata.labels, ...applied.metadata.labels },
    annotations: { ...live.metadata.annotations, ...applied.metadata.annotations },
  };
  for (const key of ['uid', 'resourceVersion', 'creationTimestamp', 'generation']) {
    if (live.metadata[key] !== undefined) metadata[key] = live.metadata[key];
  }
  return { ...clone(applied), metadata, ...(live.status ? { status: clone(live.status) } : {}) };
}
