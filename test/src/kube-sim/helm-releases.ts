/**
 * Helm's release records as the simulator stores them: Secrets `sh.helm.release.v1.<name>.v<revision>` with
 * labels `owner=helm,name,status,version` and `data.release` = base64(gzip(release JSON)) — itself base64-encoded
 * once more in the Secret's JSON form. Used to read releases and to fake a stuck `pending-upgrade` release.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ObjectStore } from './store';
import type { JsonObject, KubeObject, StringMap } from './types';
import { isObject } from './types';
import { typeOf } from './workload-helpers';

/** The statuses helm writes (`helm.sh/helm/v3/pkg/release.Status`). */
export type HelmReleaseStatus =
  | 'unknown'
  | 'deployed'
  | 'uninstalled'
  | 'superseded'
  | 'failed'
  | 'uninstalling'
  | 'pending-install'
  | 'pending-upgrade'
  | 'pending-rollback';

/** One decoded release revision. */
export interface HelmRelease {
  secretName: string;
  revision: number;
  status: string;
  /** The release JSON helm wrote (name, info, chart, config, manifest, version, namespace…). */
  release: JsonObject;
}

function decode(secret: KubeObject): JsonObject {
  const data = (secret.data ?? {}) as StringMap;
  const inner = Buffer.from(data.release ?? '', 'base64').toString('utf8');
  const bytes = Buffer.from(inner, 'base64');
  // helm gzips the JSON; very old releases were plain JSON, which starts with '{'.
  const json =
    bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  const parsed = JSON.parse(json) as unknown;
  if (!isObject(parsed))
    throw new Error(`release secret ${secret.metadata.name}: data.release is not a JSON object`);
  return parsed;
}

function encode(release: JsonObject): string {
  const inner = gzipSync(Buffer.from(JSON.stringify(release))).toString('base64');
  return Buffer.from(inner).toString('base64');
}

/** Every stored revision of a release, oldest first. */
export function helmReleases(store: ObjectStore, namespace: string, name: string): HelmRelease[] {
  return store
    .list(typeOf('Secret'), namespace)
    .filter((s) => s.metadata.labels?.owner === 'helm' && s.metadata.labels.name === name)
    .map((s) => ({
      secretName: s.metadata.name,
      revision: Number(s.metadata.labels?.version ?? 0),
      status: s.metadata.labels?.status ?? '',
      release: decode(s),
    }))
    .sort((a, b) => a.revision - b.revision);
}

/**
 * Rewrites the latest revision's status — both the `status` label and `info.status` inside the encoded release,
 * since `helm upgrade` reads the latter — as if helm had died mid-operation. Returns the revision changed.
 */
export function setHelmReleaseStatus(
  store: ObjectStore,
  namespace: string,
  name: string,
  status: HelmReleaseStatus,
): number {
  const latest = helmReleases(store, namespace, name).at(-1);
  if (!latest)
    throw new Error(
      `no helm release "${name}" in namespace "${namespace}" (no Secret labelled owner=helm,name=${name})`,
    );
  const type = typeOf('Secret');
  const secret = store.get(type, namespace, latest.secretName);
  if (!secret) throw new Error(`release secret ${latest.secretName} vanished`);
  const release = { ...latest.release, info: { ...(latest.release.info as JsonObject), status } };
  const labels = { ...secret.metadata.labels, status };
  store.update(type, {
    ...secret,
    metadata: { ...secret.metadata, labels },
    data: { ...(secret.data as StringMap), release: encode(release) },
  });
  return latest.revision;
}
