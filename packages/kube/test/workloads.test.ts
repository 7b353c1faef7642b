import { describe, expect, it } from 'vitest';
import { rolloutStatus, selectorOf, workloadsOfManifest } from '../src';
import { helmFixture, kubeFixture } from './fixtures';

describe('rolloutStatus on real objects', () => {
  it('a complete Deployment rollout is ready', () => {
    expect(rolloutStatus('Deployment', kubeFixture('deployment-complete-rollout.json'))).toEqual({
      state: 'ready',
      reason: '1 of 1 replicas available',
      ready: 1,
      desired: 1,
    });
  });

  it('a mid-rollout Deployment waits for old replicas; ProgressDeadlineExceeded fails; paused fails', () => {
    expect(rolloutStatus('Deployment', kubeFixture('deployment-mid-rollout-progressing.yaml'))).toMatchObject(
      {
        state: 'progressing',
        // 2 pods: 1 updated (not ready yet) and 1 old one still ready and serving.
        reason: '0 of 1 updated replicas ready; 1 old replicas still serving, pending termination',
        ready: 0,
      },
    );
    const deadline = rolloutStatus(
      'Deployment',
      kubeFixture('deployment-failed-progress-deadline-exceeded.yaml'),
    );
    expect(deadline.state).toBe('failed');
    expect(deadline.reason).toContain(
      'ProgressDeadlineExceeded: ReplicaSet "guestbook-ui-75dd4d49d5" has timed out progressing.',
    );
    expect(rolloutStatus('Deployment', kubeFixture('deployment-paused.yaml')).state).toBe('failed');
  });

  it('waits while the controller has not observed the new generation', () => {
    const d = kubeFixture('deployment-complete-rollout.json');
    d.metadata = { ...d.metadata, generation: 6 };
    expect(rolloutStatus('Deployment', d)).toMatchObject({
      state: 'progressing',
      reason: expect.stringContaining('generation 6') as string,
    });
  });

  it('StatefulSet: ready when revisions match; progressing while pods move to the update revision', () => {
    const sts = kubeFixture('statefulset-healthy.yaml');
    expect(rolloutStatus('StatefulSet', sts).state).toBe('ready');
    sts.spec = { ...sts.spec, updateStrategy: { type: 'RollingUpdate' } };
    sts.status = { ...sts.status, updateRevision: 'redis-master-new', updatedReplicas: 0 };
    expect(rolloutStatus('StatefulSet', sts)).toMatchObject({
      state: 'progressing',
      reason: '0 of 1 pods at revision redis-master-new',
    });
  });

  it('DaemonSet counts updated and available pods', () => {
    const ds = {
      metadata: { generation: 2 },
      status: {
        observedGeneration: 2,
        desiredNumberScheduled: 3,
        updatedNumberScheduled: 3,
        numberAvailable: 2,
        numberReady: 2,
      },
    };
    expect(rolloutStatus('DaemonSet', ds)).toMatchObject({
      state: 'progressing',
      reason: '2 of 3 pods available',
    });
    ds.status.numberAvailable = 3;
    expect(rolloutStatus('DaemonSet', ds).state).toBe('ready');
  });

  it('a Job that hit its backoff limit has failed', () => {
    expect(rolloutStatus('Job', kubeFixture('job-failed-backofflimit.yaml'))).toMatchObject({
      state: 'failed',
      reason: 'BackoffLimitExceeded: Job has reached the specified backoff limit',
    });
    expect(selectorOf(kubeFixture('job-failed-backofflimit.yaml'))).toBe(
      'controller-uid=95052288-f609-11e8-aa53-42010a80021b',
    );
  });
});

describe('workloadsOfManifest', () => {
  it('finds workloads in multi-document YAML, defaulting the namespace, skipping other kinds and duplicates', () => {
    const manifest = `---
# Source: demo/templates/app.yaml
apiVersion: v1
kind: Service
metadata: {name: web}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
---
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: data}
---
apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
`;
    expect(workloadsOfManifest(manifest, 'shop')).toEqual([
      { kind: 'Deployment', name: 'web', namespace: 'shop' },
      { kind: 'StatefulSet', name: 'db', namespace: 'data' },
      { kind: 'Job', name: 'migrate', namespace: 'shop' },
    ]);
    expect(workloadsOfManifest(helmFixture('v3-get-manifest.yaml'), 'x')).toEqual([]);
    expect(() => workloadsOfManifest('kind: [', 'x')).toThrow(/not valid YAML/);
  });
});
