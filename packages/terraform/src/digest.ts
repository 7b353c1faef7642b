import { createHash, createHmac } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { changeKind } from './counts';
import type { Change, Plan } from './model';
import { createScrubber, markerChild, sensitiveStrings } from './sensitive';

/**
 * Digests of the planned change set, so apply can check it applies what was reviewed. Only what the plan
 * would do goes in: addresses, actions, values and replace paths. Run-specific fields (timestamp,
 * prior_state, relevant_attributes, terraform_version, key order) are left out so two plans of the same
 * change hash the same. Sensitive values enter as their hash, never in clear text.
 */

/** Hex characters kept per resource in {@link resourceDigests}: 48 bits, enough to spot a change among thousands. */
export const RESOURCE_DIGEST_LENGTH = 12;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** JSON with object keys sorted at every level, so equal values serialise identically. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Options for the digests. */
export interface DigestOptions {
  /**
   * A key for hashing sensitive values (HMAC-SHA256). Without one a plain sha256 is used, which someone who
   * knows everything else about a resource could test guesses of a weak secret against.
   */
  sensitiveKey?: string;
}

type HashSecret = (canonical: string) => string;

function secretHasher(options: DigestOptions): HashSecret {
  const key = options.sensitiveKey;
  return key ? (text) => createHmac('sha256', key).update(text).digest('hex') : sha256;
}

/** Replaces each sensitive subtree by `{"sensitive": hash(canonical value)}`. */
function hideSensitive(value: unknown, marker: unknown, hash: HashSecret): unknown {
  if (marker === true) return { sensitive: hash(canonicalJson(value)) };
  if (typeof marker !== 'object' || marker === null || typeof value !== 'object' || value === null)
    return value;
  if (Array.isArray(value)) return value.map((v, i) => hideSensitive(v, markerChild(marker, i), hash));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, hideSensitive(v, markerChild(marker, k), hash)]),
  );
}

function changeEntry(change: Change, hash: HashSecret): unknown {
  return {
    actions: change.actions,
    before: hideSensitive(change.before, change.beforeSensitive, hash),
    after: hideSensitive(change.after, change.afterSensitive, hash),
    unknown: change.afterUnknown,
    replace: change.replacePaths,
    importing: change.importing ?? null,
  };
}

/** Key of one planned change: outputs get an `output.` prefix, which no resource address can have. */
function changeEntries(plan: Plan, options: DigestOptions): [string, unknown][] {
  const hash = secretHasher(options);
  const entries: [string, unknown][] = [];
  for (const rc of plan.resourceChanges) {
    if (changeKind(rc.change.actions) === 'no-op' && !rc.previousAddress && !rc.change.importing) continue;
    const key = rc.deposed ? `${rc.address} (deposed ${rc.deposed})` : rc.address;
    entries.push([key, { ...(changeEntry(rc.change, hash) as object), from: rc.previousAddress ?? null }]);
  }
  for (const oc of plan.outputChanges) {
    if (changeKind(oc.change.actions) === 'no-op') continue;
    entries.push([`output.${oc.name}`, changeEntry(oc.change, hash)]);
  }
  return entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** sha256 hex of the whole planned change set (no-op resources excluded: they change nothing). */
export function planDigest(plan: Plan, options: DigestOptions = {}): string {
  return sha256(canonicalJson(changeEntries(plan, options)));
}

/**
 * Short digest per changed resource address (and `output.<name>`), for telling which ones differ. The record
 * ends up in a PR comment, so a secret that leaked into an address (a `for_each` key built with
 * `nonsensitive()`) is masked in the key as it is in the rendering; masked keys that collide get a ` #n` suffix.
 */
export function resourceDigests(plan: Plan, options: DigestOptions = {}): Record<string, string> {
  const scrub = createScrubber(sensitiveStrings(plan));
  const record: Record<string, string> = {};
  for (const [address, entry] of changeEntries(plan, options)) {
    let key = scrub(address);
    for (let n = 2; key in record; n++) key = `${scrub(address)} #${n}`;
    record[key] = sha256(canonicalJson(entry)).slice(0, RESOURCE_DIGEST_LENGTH);
  }
  return record;
}

/** Which addresses differ between the reviewed plan and the current one. */
export interface DigestDifference {
  /** In the current plan only. */
  added: string[];
  /** In the reviewed plan only. */
  removed: string[];
  /** In both, with a different change. */
  changed: string[];
}

/** Compares two {@link resourceDigests} records; all lists sorted. */
export function compareDigests(
  reviewed: Record<string, string>,
  current: Record<string, string>,
): DigestDifference {
  const added = Object.keys(current).filter((k) => !(k in reviewed));
  const removed = Object.keys(reviewed).filter((k) => !(k in current));
  const changed = Object.keys(current).filter((k) => k in reviewed && reviewed[k] !== current[k]);
  return { added: added.sort(), removed: removed.sort(), changed: changed.sort() };
}

/** True when nothing differs. */
export function digestsMatch(diff: DigestDifference): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length === 0;
}

const RECORD_VERSION = 'tfd1';
const DIGEST_BYTES = RESOURCE_DIGEST_LENGTH / 2;

/** Each key as `<shared prefix length, base 36>:<rest>` after the previous one: sorted addresses share long prefixes. */
function frontCode(keys: readonly string[]): string[] {
  let previous = '';
  return keys.map((key) => {
    let shared = 0;
    while (shared < key.length && shared < previous.length && key[shared] === previous[shared]) shared++;
    previous = key;
    return `${shared.toString(36)}:${key.slice(shared)}`;
  });
}

function frontDecode(coded: readonly unknown[], bad: (why: string) => never): string[] {
  let previous = '';
  return coded.map((item, i) => {
    const m = typeof item === 'string' ? /^([0-9a-z]+):/.exec(item) : null;
    if (!m || typeof item !== 'string') return bad(`key ${i} is malformed`);
    const shared = parseInt(m[1] ?? '', 36);
    if (shared > previous.length) return bad(`key ${i} shares more than the previous key has`);
    previous = previous.slice(0, shared) + item.slice(m[0].length);
    return previous;
  });
}

/**
 * Packs a digest record for a hidden HTML comment: `tfd1:` + base64url of [4-byte length][deflated,
 * front-coded address list][digests as raw bytes]. Digests are random and do not compress, so they are
 * stored as bytes; addresses nearly vanish under front coding. 2,000 resources take about 16 kB, and
 * base64url has no `-->`, so the HTML comment cannot end early.
 */
export function encodeDigestRecord(record: Record<string, string>): string {
  const keys = Object.keys(record).sort();
  for (const key of keys) {
    const digest = record[key] ?? '';
    if (!/^[0-9a-f]+$/.test(digest) || digest.length !== RESOURCE_DIGEST_LENGTH) {
      throw new Error(
        `digest record: the digest of ${JSON.stringify(key)} is ${JSON.stringify(digest)}; expected ${RESOURCE_DIGEST_LENGTH} lowercase hex characters from resourceDigests`,
      );
    }
  }
  const names = deflateRawSync(Buffer.from(JSON.stringify(frontCode(keys)), 'utf8'), { level: 9 });
  const digests = Buffer.from(keys.map((k) => record[k] ?? '').join(''), 'hex');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(names.length);
  return `${RECORD_VERSION}:${Buffer.concat([length, names, digests]).toString('base64url')}`;
}

/** Unpacks {@link encodeDigestRecord}; throws a clear error on anything else. */
export function decodeDigestRecord(encoded: string): Record<string, string> {
  const text = encoded.trim();
  const bad = (why: string): never => {
    throw new Error(
      `digest record ${JSON.stringify(text.slice(0, 24))}: ${why}; expected the ${RECORD_VERSION}: value written by encodeDigestRecord`,
    );
  };
  if (!text.startsWith(`${RECORD_VERSION}:`)) bad(`it does not start with ${RECORD_VERSION}:`);
  const bytes = Buffer.from(text.slice(RECORD_VERSION.length + 1), 'base64url');
  if (bytes.length < 4) bad('it is too short');
  const namesLength = bytes.readUInt32BE(0);
  if (4 + namesLength > bytes.length) bad('its address list is cut off');
  let coded: unknown;
  try {
    coded = JSON.parse(inflateRawSync(bytes.subarray(4, 4 + namesLength)).toString('utf8'));
  } catch (error) {
    return bad(`its address list does not decompress to JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(coded)) return bad('its address list is not a list');
  const keys = frontDecode(coded, bad);
  const digests = bytes.subarray(4 + namesLength);
  if (digests.length !== keys.length * DIGEST_BYTES)
    bad(`it has ${digests.length} digest bytes for ${keys.length} addresses`);
  const record: Record<string, string> = {};
  keys.forEach((key, i) => {
    record[key] = digests.subarray(i * DIGEST_BYTES, (i + 1) * DIGEST_BYTES).toString('hex');
  });
  return record;
}
