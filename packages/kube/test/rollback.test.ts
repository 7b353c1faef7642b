import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '@shipyard/testbed';
import {
  decideDeploymentUndo,
  decideHelmRollback,
  lastGoodRevision,
  ownedRevisions,
  parseHistory,
  renderRollback,
  revisionOf,
  type HelmHistoryEntry,
} from '../src/index';

const entry = (revision: number, status: string, description = ''): HelmHistoryEntry => ({
  revision,
  status,
  description,
  updated: '',
  chart: 'demo-0.1.0',
  appVersion: '1.0',
});
const base = { release: 'web', namespace: 'shop' };

describe('lastGoodRevision', () => {
  it('takes a superseded revision after a failed upgrade (no revision says deployed any more)', () => {
    const history = [entry(1, 'superseded'), entry(2, 'superseded'), entry(3, 'failed')];
    expect(lastGoodRevision(history, 3)?.revision).toBe(2);
  });

  it('skips failed and pending revisions, and never looks at or past `before`', () => {
    const history = [
      entry(1, 'superseded'),
      entry(2, 'failed'),
      entry(3, 'pending-upgrade'),
      entry(4, 'deployed'),
    ];
    expect(lastGoodRevision(history, 4)?.revision).toBe(1);
    expect(lastGoodRevision(history, 1)).toBeUndefined();
  });

  it('reads real helm 4 history with a rollback revision', () => {
    const history = parseHistory(readFileSync(fixturePath('helm/v4-history-with-rollback.json'), 'utf8'));
    expect(lastGoodRevision(history, 3)?.revision).toBe(2);
  });
});

describe('decideHelmRollback', () => {
  const failedUpgrade = [
    entry(1, 'superseded'),
    entry(2, 'failed', 'Upgrade "web" failed: context deadline exceeded'),
  ];

  it('rolls back this run’s revision to the last good one, saying what failed', () => {
    expect(decideHelmRollback({ ...base, deployedRevision: 2, history: failedUpgrade })).toMatchObject({
      action: 'rollback',
      from: 2,
      to: 1,
      failed: { status: 'failed', description: 'Upgrade "web" failed: context deadline exceeded' },
    });
  });

  it('leaves a release alone that another deploy changed meanwhile', () => {
    const d = decideHelmRollback({
      ...base,
      deployedRevision: 2,
      history: [...failedUpgrade, entry(3, 'deployed')],
    });
    expect(d).toMatchObject({ action: 'none', reason: 'changed-by-another-deploy' });
    expect(d.message).toContain(
      'current revision of release web in namespace shop is 3 (deployed), not revision 2',
    );
  });

  it('does nothing without a deployed revision, a release, or an earlier good revision', () => {
    expect(
      decideHelmRollback({ ...base, deployedRevision: undefined, history: failedUpgrade }),
    ).toMatchObject({
      reason: 'nothing-deployed',
    });
    expect(decideHelmRollback({ ...base, deployedRevision: 1, history: [] })).toMatchObject({
      reason: 'not-found',
    });
    expect(decideHelmRollback({ ...base, deployedRevision: 1, history: [entry(1, 'failed')] })).toMatchObject(
      {
        reason: 'no-earlier-revision',
      },
    );
  });

  it('honours to-revision, refusing one that is missing or not older', () => {
    const history = [entry(1, 'superseded'), entry(2, 'superseded'), entry(3, 'deployed')];
    expect(decideHelmRollback({ ...base, deployedRevision: 3, toRevision: 1, history })).toMatchObject({
      to: 1,
    });
    const missing = decideHelmRollback({
      ...base,
      deployedRevision: 3,
      toRevision: 1,
      history: history.slice(1),
    });
    expect(missing).toMatchObject({ action: 'invalid-target' });
    expect(missing.message).toBe(
      `input 'to-revision' is "1": release web in namespace shop has no revision 1 in its history (revisions: 2, 3)`,
    );
    expect(decideHelmRollback({ ...base, deployedRevision: 3, toRevision: 3, history }).message).toContain(
      'it must be older than deployed-revision 3',
    );
  });
});

describe('decideDeploymentUndo', () => {
  const d = { name: 'api', namespace: 'shop', exists: true };

  it('undoes to the newest older ReplicaSet revision, only when the current revision is this run’s', () => {
    expect(
      decideDeploymentUndo({ ...d, deployedRevision: 3, currentRevision: 3, replicaSetRevisions: [1, 2, 3] }),
    ).toMatchObject({ action: 'rollback', from: 3, to: 2 });
    expect(
      decideDeploymentUndo({ ...d, deployedRevision: 2, currentRevision: 3, replicaSetRevisions: [1, 2, 3] }),
    ).toMatchObject({ action: 'none', reason: 'changed-by-another-deploy' });
    expect(
      decideDeploymentUndo({ ...d, deployedRevision: 1, currentRevision: 1, replicaSetRevisions: [1] }),
    ).toMatchObject({ reason: 'no-earlier-revision' });
    expect(
      decideDeploymentUndo({
        ...d,
        exists: false,
        deployedRevision: 1,
        currentRevision: undefined,
        replicaSetRevisions: [],
      }),
    ).toMatchObject({ reason: 'not-found' });
    expect(
      decideDeploymentUndo({
        ...d,
        deployedRevision: 3,
        currentRevision: 3,
        replicaSetRevisions: [1, 3],
        toRevision: 2,
      }),
    ).toMatchObject({ action: 'invalid-target' });
  });

  it('reads revisions from annotations and ReplicaSets the Deployment owns', () => {
    const deployment = {
      metadata: { name: 'api', uid: 'u1', annotations: { 'deployment.kubernetes.io/revision': '4' } },
    };
    const rs = (rev: string, uid: string) => ({
      metadata: {
        annotations: { 'deployment.kubernetes.io/revision': rev },
        ownerReferences: [{ kind: 'Deployment', name: 'api', uid }],
      },
    });
    expect(revisionOf(deployment)).toBe(4);
    expect(
      revisionOf({ metadata: { annotations: { 'deployment.kubernetes.io/revision': 'x' } } }),
    ).toBeUndefined();
    expect(ownedRevisions(deployment, [rs('3', 'u1'), rs('4', 'u1'), rs('9', 'other')])).toEqual([3, 4]);
  });
});

describe('renderRollback', () => {
  it('says a no-action run exits 0 without hiding the failed deploy', () => {
    const section = renderRollback({
      target: 'helm release web',
      namespace: 'shop',
      reason: 'changed-by-another-deploy',
      durationMs: 1200,
      message: 'The current revision is 3',
      failsJob: false,
    });
    expect(section.content).toContain('left alone (changed by another deploy)');
    expect(section.content).toContain('This step exits 0');
  });
});
