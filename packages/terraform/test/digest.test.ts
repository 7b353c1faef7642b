import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canonicalJson,
  compareDigests,
  decodeDigestRecord,
  digestsMatch,
  encodeDigestRecord,
  parsePlan,
  planDigest,
  resourceDigests,
} from '../src/index';
import { Workdir } from './terraform';

const config = (size: number, secret = 'var.secret') => `
variable "secret" {
  type      = string
  sensitive = true
}
resource "terraform_data" "a" { input = { size = ${size}, password = ${secret} } }
resource "terraform_data" "b" { input = "b" }
resource "terraform_data" "c" {
  count            = 3
  input            = "c\${count.index}"
  triggers_replace = [${size}]
}
output "size" { value = ${size} }
`;

let wd: Workdir;
let first: string;

beforeAll(() => {
  wd = new Workdir('tf-digest-');
  wd.write({ 'main.tf': config(1) })
    .init()
    .apply(['-var=secret=one-secret']);
  wd.write({ 'main.tf': config(2) });
  first = wd.planJson(['-var=secret=one-secret'], 'first.tfplan');
});

afterAll(() => wd?.remove());

describe('plan digests from real re-plans', () => {
  it('are identical for two plans of the same change, although timestamps differ', async () => {
    await new Promise((r) => setTimeout(r, 1100)); // plan timestamps have second resolution
    const second = wd.planJson(['-var=secret=one-secret'], 'second.tfplan');
    expect((JSON.parse(first) as { timestamp: string }).timestamp).not.toBe(
      (JSON.parse(second) as { timestamp: string }).timestamp,
    );
    expect(planDigest(parsePlan(second))).toBe(planDigest(parsePlan(first)));
    expect(planDigest(parsePlan(first))).toMatch(/^[0-9a-f]{64}$/);
    expect(resourceDigests(parsePlan(second))).toEqual(resourceDigests(parsePlan(first)));
  });

  it('differ when a value changes, and name exactly the resources that differ', () => {
    wd.write({ 'main.tf': config(3) });
    const changed = parsePlan(wd.planJson(['-var=secret=one-secret'], 'third.tfplan'));
    const reviewed = parsePlan(first);
    expect(planDigest(changed)).not.toBe(planDigest(reviewed));
    const diff = compareDigests(resourceDigests(reviewed), resourceDigests(changed));
    expect(diff).toEqual({
      added: [],
      removed: [],
      changed: [
        'output.size',
        'terraform_data.a',
        'terraform_data.c[0]',
        'terraform_data.c[1]',
        'terraform_data.c[2]',
      ],
    });
    expect(digestsMatch(diff)).toBe(false);
  });

  it('change when only a sensitive value changes, without containing it', () => {
    wd.write({ 'main.tf': config(2) });
    const other = parsePlan(wd.planJson(['-var=secret=another-secret'], 'fourth.tfplan'));
    const reviewed = parsePlan(first);
    expect(compareDigests(resourceDigests(reviewed), resourceDigests(other)).changed).toEqual([
      'terraform_data.a',
    ]);
    // A key turns the secret's hash into an HMAC: same key, same digest; other key, other digest.
    expect(planDigest(reviewed, { sensitiveKey: 'k1' })).toBe(
      planDigest(parsePlan(first), { sensitiveKey: 'k1' }),
    );
    expect(planDigest(reviewed, { sensitiveKey: 'k1' })).not.toBe(
      planDigest(reviewed, { sensitiveKey: 'k2' }),
    );
  });

  it('list added and removed resources', () => {
    const reviewed = { 'a.x': '111111111111', 'a.y': '222222222222' };
    expect(compareDigests(reviewed, { 'a.y': '222222222222', 'a.z': '333333333333' })).toEqual({
      added: ['a.z'],
      removed: ['a.x'],
      changed: [],
    });
    expect(digestsMatch(compareDigests(reviewed, { ...reviewed }))).toBe(true);
  });
});

describe('the digest record', () => {
  it('round-trips and never contains the comment terminator', () => {
    const record = resourceDigests(parsePlan(first));
    const encoded = encodeDigestRecord(record);
    expect(encoded).toMatch(/^tfd1:[A-Za-z0-9_-]+$/);
    expect(decodeDigestRecord(encoded)).toEqual(record);
    expect(decodeDigestRecord(encodeDigestRecord({}))).toEqual({});
  });

  it('rejects anything else with a clear error', () => {
    expect(() => decodeDigestRecord('nope')).toThrow(/does not start with tfd1:/);
    expect(() => decodeDigestRecord('tfd1:AAAAAQ')).toThrow(/is too short|cut off/);
    expect(() => decodeDigestRecord(`tfd1:${Buffer.from([0, 0, 0, 2, 1, 2]).toString('base64url')}`)).toThrow(
      /does not decompress to JSON/,
    );
    expect(() => encodeDigestRecord({ a: 'abc' })).toThrow(
      /the digest of "a" is "abc"; expected 12 lowercase hex/,
    );
    const good = encodeDigestRecord({ 'a.b': '0123456789ab' });
    expect(() => decodeDigestRecord(good.slice(0, -4))).toThrow(/digest bytes/);
  });

  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe(
      canonicalJson({ a: [{ c: null, d: 2 }], b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });
});
