/**
 * Decoding of `application/vnd.kubernetes.protobuf` bodies. Helm 3.17 and 4.1 send release Secrets (and DELETE
 * options) this way and do not retry as JSON after a 415. The envelope is the magic `k8s\0` followed by a
 * `runtime.Unknown` message {1: TypeMeta{1: apiVersion, 2: kind}, 2: raw object bytes}. Only the kinds helm
 * writes are decoded: Secret, ConfigMap and DeleteOptions (field numbers from k8s.io/api generated.proto).
 */
import type { KubeObject, ObjectMeta, StringMap } from './types';
import { kubeTime } from './types';
import { ApiError } from './api-error';

interface Field {
  number: number;
  /** Varint value (wire type 0), or undefined for length-delimited fields. */
  varint?: number;
  /** Payload of a length-delimited field (wire type 2). */
  bytes?: Buffer;
}

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

function readVarint(buf: Buffer, pos: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (let i = pos; i < buf.length && i < pos + 10; i++) {
    const byte = buf[i] ?? 0;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) return [value, i + 1];
  }
  throw new ApiError(400, 'BadRequest', `protobuf body: truncated varint at byte ${pos}`);
}

/** The top-level fields of one protobuf message, in order. */
function readFields(buf: Buffer): Field[] {
  const fields: Field[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [tag, afterTag] = readVarint(buf, pos);
    const number = Math.floor(tag / 8);
    const wire = tag % 8;
    if (wire === 0) {
      const [varint, next] = readVarint(buf, afterTag);
      fields.push({ number, varint });
      pos = next;
    } else if (wire === 2) {
      const [length, start] = readVarint(buf, afterTag);
      fields.push({ number, bytes: buf.subarray(start, start + length) });
      pos = start + length;
    } else if (wire === 1 || wire === 5) {
      pos = afterTag + (wire === 1 ? 8 : 4);
    } else {
      throw new ApiError(400, 'BadRequest', `protobuf body: unsupported wire type ${wire} at byte ${pos}`);
    }
  }
  return fields;
}

const text = (f: Field): string => f.bytes?.toString('utf8') ?? '';

/** Map entries are messages {1: key, 2: value}. */
function readMapEntry(f: Field): [string, Buffer] {
  const entry = readFields(f.bytes ?? Buffer.alloc(0));
  const key = entry.find((e) => e.number === 1);
  const value = entry.find((e) => e.number === 2);
  return [key ? text(key) : '', value?.bytes ?? Buffer.alloc(0)];
}

function readTime(f: Field): string {
  const seconds = readFields(f.bytes ?? Buffer.alloc(0)).find((e) => e.number === 1)?.varint ?? 0;
  return kubeTime(seconds * 1000);
}

function readObjectMeta(buf: Buffer): ObjectMeta {
  const meta: ObjectMeta = { name: '' };
  for (const f of readFields(buf)) {
    if (f.number === 1) meta.name = text(f);
    else if (f.number === 2) meta.generateName = text(f);
    else if (f.number === 3) meta.namespace = text(f);
    else if (f.number === 5) meta.uid = text(f);
    else if (f.number === 6) meta.resourceVersion = text(f);
    else if (f.number === 8) meta.creationTimestamp = readTime(f);
    else if (f.number === 11 || f.number === 12) {
      const [k, v] = readMapEntry(f);
      const target: StringMap = f.number === 11 ? (meta.labels ??= {}) : (meta.annotations ??= {});
      target[k] = v.toString('utf8');
    } else if (f.number === 14) ((meta.finalizers ??= []) as string[]).push(text(f));
  }
  return meta;
}

/** Secret {1: metadata, 2: data map<string,bytes>, 3: type, 4: stringData, 5: immutable}. */
function readSecret(buf: Buffer): KubeObject {
  const secret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: '' } };
  for (const f of readFields(buf)) {
    if (f.number === 1) secret.metadata = readObjectMeta(f.bytes ?? Buffer.alloc(0));
    else if (f.number === 2 || f.number === 4) {
      const [k, v] = readMapEntry(f);
      const data = (secret.data ??= {}) as StringMap;
      data[k] = f.number === 2 ? v.toString('base64') : Buffer.from(v).toString('base64');
    } else if (f.number === 3) secret.type = text(f);
    else if (f.number === 5) secret.immutable = f.varint === 1;
  }
  return secret;
}

/** ConfigMap {1: metadata, 2: data map<string,string>, 3: binaryData map<string,bytes>, 4: immutable}. */
function readConfigMap(buf: Buffer): KubeObject {
  const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '' } };
  for (const f of readFields(buf)) {
    if (f.number === 1) cm.metadata = readObjectMeta(f.bytes ?? Buffer.alloc(0));
    else if (f.number === 2 || f.number === 3) {
      const [k, v] = readMapEntry(f);
      const target = (f.number === 2 ? (cm.data ??= {}) : (cm.binaryData ??= {})) as StringMap;
      target[k] = f.number === 2 ? v.toString('utf8') : v.toString('base64');
    } else if (f.number === 4) cm.immutable = f.varint === 1;
  }
  return cm;
}

/** DeleteOptions {1: gracePeriodSeconds, 3: orphanDependents, 4: propagationPolicy}. */
function readDeleteOptions(buf: Buffer): KubeObject {
  const options: KubeObject = { apiVersion: 'meta.k8s.io/v1', kind: 'DeleteOptions', metadata: { name: '' } };
  for (const f of readFields(buf)) {
    if (f.number === 1) options.gracePeriodSeconds = f.varint;
    else if (f.number === 4) options.propagationPolicy = text(f);
  }
  return options;
}

/** Decodes a protobuf request body into the JSON form; a 415 naming the kind when it is not one helm sends. */
export function decodeProtobuf(body: Buffer): KubeObject {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) {
    throw new ApiError(400, 'BadRequest', 'protobuf body does not start with the k8s\\0 magic');
  }
  let kind = '';
  let raw: Buffer = Buffer.alloc(0);
  for (const f of readFields(body.subarray(4))) {
    if (f.number === 1)
      kind = text(readFields(f.bytes ?? Buffer.alloc(0)).find((e) => e.number === 2) ?? { number: 2 });
    if (f.number === 2) raw = f.bytes ?? raw;
  }
  if (kind === 'Secret') return readSecret(raw);
  if (kind === 'ConfigMap') return readConfigMap(raw);
  if (kind === 'DeleteOptions') return readDeleteOptions(raw);
  throw new ApiError(
    415,
    'UnsupportedMediaType',
    `protobuf body of kind "${kind}": the simulator decodes Secret, ConfigMap and DeleteOptions only; send JSON`,
  );
}
