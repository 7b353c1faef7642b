/** The parts of helm's `status -o json` and `history -o json` this project reads. */

/** One revision from `helm history -o json`. */
export interface HelmHistoryEntry {
  revision: number;
  /** ISO time of the revision's last update. */
  updated: string;
  /** deployed, superseded, failed, uninstalling, uninstalled, pending-install, pending-upgrade, pending-rollback. */
  status: string;
  chart: string;
  appVersion: string;
  description: string;
  /** Helm 4: the revision this one rolled back to. */
  rollbackRevision?: number;
}

/** What `helm status -o json` says about the latest revision. */
export interface HelmReleaseStatus {
  name: string;
  namespace: string;
  /** The latest revision (`version`); undefined in outputs that omit it. */
  revision: number | undefined;
  status: string;
  /** ISO time of the last deploy/update of this revision ('' when absent). */
  lastDeployed: string;
  description: string;
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${what}: expected a JSON object`);
  return value as Record<string, unknown>;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function json(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${what} did not print JSON: ${text.trim().slice(0, 200) || '(nothing)'}`);
  }
}

/** Parses `helm history -o json` (helm 3 and 4), oldest revision first. */
export function parseHistory(text: string): HelmHistoryEntry[] {
  const data = json(text, 'helm history');
  if (!Array.isArray(data)) throw new Error('helm history: expected a JSON array');
  return data
    .map((item, i) => {
      const o = record(item, `helm history entry ${i}`);
      const entry: HelmHistoryEntry = {
        revision: Number(o.revision),
        updated: str(o.updated),
        status: str(o.status),
        chart: str(o.chart),
        appVersion: str(o.app_version),
        description: str(o.description),
      };
      if (typeof o.rollback_revision === 'number') entry.rollbackRevision = o.rollback_revision;
      return entry;
    })
    .sort((a, b) => a.revision - b.revision);
}

/** Parses `helm status -o json` (helm 3 and 4). */
export function parseStatus(text: string): HelmReleaseStatus {
  const o = record(json(text, 'helm status'), 'helm status');
  const info = typeof o.info === 'object' && o.info !== null ? (o.info as Record<string, unknown>) : {};
  return {
    name: str(o.name),
    namespace: str(o.namespace),
    revision: typeof o.version === 'number' ? o.version : undefined,
    status: str(info.status),
    lastDeployed: str(info.last_deployed),
    description: str(info.description),
  };
}

/** The newest revision whose status is `deployed`, or else the newest `superseded` one (a deploy that once worked). */
export function lastDeployedRevision(history: readonly HelmHistoryEntry[]): HelmHistoryEntry | undefined {
  const newestFirst = [...history].sort((a, b) => b.revision - a.revision);
  return (
    newestFirst.find((h) => h.status === 'deployed') ?? newestFirst.find((h) => h.status === 'superseded')
  );
}
