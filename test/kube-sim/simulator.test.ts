/** The simulator's own contracts, without CLIs: patches, selectors, errors, watches and the test API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeSimulator } from '@shipyard/testbed';
import { startKubeSimulator } from '@shipyard/testbed';
import { jsonPatch, strategicMerge } from '../src/kube-sim/patch';
import { parseFieldSelector, parseLabelSelector } from '../src/kube-sim/selectors';
import type { KubeObject } from '../src/kube-sim/types';

const container = (name: string, extra: object = {}) => ({ name, image: `${name}:1`, ...extra });

describe('strategic merge patch', () => {
  it('merges containers by name and keeps env and ports the patch does not mention', () => {
    const live = {
      spec: {
        containers: [
          container('app', { env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80 }] }),
          container('side'),
        ],
      },
    };
    const patch = {
      spec: {
        containers: [{ name: 'app', image: 'app:2' }],
        '$setElementOrder/containers': [{ name: 'side' }, { name: 'app' }],
      },
    };
    expect(strategicMerge(live, patch)).toEqual({
      spec: {
        containers: [
          container('side'),
          { name: 'app', image: 'app:2', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80 }] },
        ],
      },
    });
  });

  it('honours $patch: delete, $retainKeys, $deleteFromPrimitiveList and null', () => {
    const live = {
      containers: [container('a'), container('b')],
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
      finalizers: ['x', 'y'],
      gone: 1,
    };
    const patch = {
      containers: [{ name: 'a', $patch: 'delete' }],
      strategy: { type: 'Recreate', $retainKeys: ['type'] },
      '$deleteFromPrimitiveList/finalizers': ['x'],
      gone: null,
    };
    expect(strategicMerge(live, patch)).toEqual({
      containers: [container('b')],
      strategy: { type: 'Recreate' },
      finalizers: ['y'],
    });
  });

  it('merges Service ports by port and replaces lists without a merge key', () => {
    const live = { ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }], args: ['a', 'b'] };
    expect(strategicMerge(live, { ports: [{ port: 80, targetPort: 9090 }], args: ['c'] })).toEqual({
      ports: [{ port: 80, targetPort: 9090, protocol: 'TCP' }],
      args: ['c'],
    });
  });
});

describe('JSON patch', () => {
  it('applies add, replace, remove and test, and names a failing test', () => {
    const doc = { metadata: { annotations: { a: '1' } }, list: [1, 2] };
    const ops = [
      { op: 'test', path: '/list/0', value: 1 },
      { op: 'replace', path: '/metadata/annotations', value: { b: '2' } },
      { op: 'add', path: '/list/-', value: 3 },
      { op: 'remove', path: '/list/0' },
    ];
    expect(jsonPatch(doc, ops)).toEqual({ metadata: { annotations: { b: '2' } }, list: [2, 3] });
    expect(() => jsonPatch(doc, [{ op: 'test', path: '/list/0', value: 9 }])).toThrow(
      'JSON patch test failed at "/list/0"',
    );
  });
});

describe('selectors', () => {
  const obj = (labels: Record<string, string>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'n', labels },
  });
  it('matches equality, set and existence requirements', () => {
    const select = parseLabelSelector('owner=helm,status in (deployed,failed),!stale');
    expect(select(obj({ owner: 'helm', status: 'failed' }))).toBe(true);
    expect(select(obj({ owner: 'helm', status: 'superseded' }))).toBe(false);
    expect(select(obj({ owner: 'helm', status: 'deployed', stale: 'y' }))).toBe(false);
  });
  it('matches field paths and rejects malformed terms with the term in the message', () => {
    expect(parseFieldSelector('metadata.name=n,metadata.namespace!=x')(obj({}))).toBe(true);
    expect(() => parseLabelSelector('a in b')).toThrow('unable to parse requirement: "a in b"');
  });
});

describe('HTTP contract', () => {
  let sim: KubeSimulator;
  beforeAll(async () => {
    sim = await startKubeSimulator({ readyDelayMs: 50 });
  });
  afterAll(async () => sim.stop());

  it('answers NotFound, Unauthorized and undecodable protobuf with Status objects', async () => {
    const missing = await fetch(`${sim.url}/apis/apps/v1/namespaces/default/deployments/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      message: 'deployments.apps "nope" not found',
    });
    const wrongToken = await fetch(`${sim.url}/api/v1/pods`, { headers: { authorization: 'Bearer nope' } });
    expect(wrongToken.status).toBe(401);
    const body = Buffer.concat([
      Buffer.from('k8s\0'),
      Buffer.from([0x0a, 0x0c, 0x0a, 0x07, ...Buffer.from('apps/v1'), 0x12, 0x01, 0x44]),
    ]);
    const proto = await fetch(`${sim.url}/apis/apps/v1/namespaces/default/deployments`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.kubernetes.protobuf' },
      body,
    });
    expect(proto.status).toBe(415);
    expect(((await proto.json()) as { message: string }).message).toContain('protobuf body of kind "D"');
  });

  it('streams initial ADDED events, the initial-events-end BOOKMARK, then live changes', async () => {
    sim.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'first', namespace: 'default' },
      data: {},
    });
    const abort = new AbortController();
    const res = await fetch(
      `${sim.url}/api/v1/namespaces/default/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`,
      { signal: abort.signal },
    );
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    sim.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'second', namespace: 'default' },
      data: {},
    });
    let text = '';
    const deadline = Date.now() + 5000;
    while (!text.includes('"second"') && Date.now() < deadline)
      text += new TextDecoder().decode((await reader.read()).value);
    abort.abort();
    const events = text
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { type: string; object: KubeObject });
    const names = events.map((e) => `${e.type}:${e.object.metadata.name ?? ''}`);
    expect(names).toEqual(['ADDED:first', 'ADDED:kube-root-ca.crt', 'BOOKMARK:', 'ADDED:second']);
    expect(events[2]?.object.metadata.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
  });

  // helm test waits for its hook Pod (no workload owns it) to end in Succeeded or Failed.
  it('completes a bare restartPolicy Never pod: Succeeded, or Failed with exit code 1 for a fail image', async () => {
    const bare = (name: string, image: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default', annotations: { 'helm.sh/hook': 'test' } },
      spec: { restartPolicy: 'Never', containers: [{ name: 'probe', image }] },
    });
    sim.create(bare('passes', 'busybox:1.36'));
    sim.create(bare('fails', 'registry.local/probe:fail'));
    const phase = (name: string) => sim.get('Pod', 'default', name)?.status?.phase;
    const deadline = Date.now() + 3_000;
    while ((phase('passes') !== 'Succeeded' || phase('fails') !== 'Failed') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(phase('passes')).toBe('Succeeded');
    expect(phase('fails')).toBe('Failed');
    const [status] = sim.get('Pod', 'default', 'fails')?.status?.containerStatuses as {
      state: { terminated?: { exitCode: number; reason: string } };
    }[];
    expect(status?.state.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
  });

  it('explains bad options and a missing release', async () => {
    await expect(startKubeSimulator({ readyDelayMs: -1 })).rejects.toThrow(
      'readyDelayMs must be a number >= 0, got -1',
    );
    expect(() => sim.setReleaseStatus('ghost')).toThrow('no helm release "ghost" in namespace "default"');
    expect(() => sim.list('Widget')).toThrow('unknown kind "Widget"');
  });
});
