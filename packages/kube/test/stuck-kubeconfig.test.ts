import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  decideStuckRecovery,
  kubeconfigProblem,
  kubeconfigSecrets,
  parseHistory,
  removeKubeconfigDir,
  writeKubeconfig,
  type HelmHistoryEntry,
} from '../src';
import { helmFixture } from './fixtures';

const at = (iso: string) => Date.parse(iso);
const h = (revision: number, status: string, updated = '2026-01-01T00:00:00Z'): HelmHistoryEntry => ({
  revision,
  status,
  updated,
  chart: 'demo-0.1.0',
  appVersion: '1',
  description: '',
});
const base = {
  release: 'web',
  namespace: 'shop',
  status: undefined,
  inProgressWindowMs: 300_000,
  recover: true,
};

describe('decideStuckRecovery', () => {
  it('does nothing for a deployed release (real helm 4 history)', () => {
    const history = parseHistory(helmFixture('v4-history-with-rollback.json'));
    expect(decideStuckRecovery({ ...base, history, now: Date.now() })).toEqual({ action: 'none' });
  });

  it('refuses a pending upgrade updated within the timeout as a deploy in progress', () => {
    const d = decideStuckRecovery({
      ...base,
      history: [h(1, 'deployed'), h(2, 'pending-upgrade')],
      now: at('2026-01-01T00:01:00Z'),
    });
    expect(d.action).toBe('refuse-in-progress');
    expect(d.action !== 'none' && d.message).toContain('updated 60 s ago (less than the timeout of 5 min)');
  });

  it('rolls an old pending upgrade back to the last deployed revision', () => {
    const d = decideStuckRecovery({
      ...base,
      history: [h(1, 'superseded'), h(2, 'deployed'), h(3, 'failed'), h(4, 'pending-upgrade')],
      now: at('2026-01-01T01:00:00Z'),
    });
    expect(d).toMatchObject({ action: 'rollback', revision: 4, toRevision: 2 });
  });

  it('uninstalls a never-deployed pending install; explains the fix when recovery is off', () => {
    const now = at('2026-01-01T01:00:00Z');
    expect(decideStuckRecovery({ ...base, history: [h(1, 'pending-install')], now }).action).toBe(
      'uninstall',
    );
    const off = decideStuckRecovery({
      ...base,
      recover: false,
      history: [h(1, 'deployed'), h(2, 'pending-rollback')],
      now,
    });
    expect(off.action).toBe('refuse-stuck');
    expect(off.action !== 'none' && off.message).toContain(
      'Set recover-stuck: true to let this action recover it, or run `helm rollback web 1 -n shop`',
    );
    expect(
      decideStuckRecovery({ ...base, history: [h(1, 'failed'), h(2, 'pending-upgrade')], now }).action,
    ).toBe('refuse-stuck');
  });
});

describe('kubeconfig files', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const content =
    'apiVersion: v1\nclusters:\n- cluster: {server: "https://10.0.0.1"}\n  name: c\ncontexts:\n- context: {cluster: c, user: u}\n  name: x\nusers:\n- name: u\n  user:\n    token: s3cr3t-token-value\n';

  it('writes 0600 in a new folder and removes only that folder, twice safely', () => {
    const temp = mkdtempSync(join(tmpdir(), 'kube-temp-'));
    dirs.push(temp);
    const { dir, path } = writeKubeconfig(content, temp);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe(content);
    expect(removeKubeconfigDir(temp, temp)).toBe('refused');
    expect(removeKubeconfigDir(join(temp, '..', 'etc'), temp)).toBe('refused');
    expect(removeKubeconfigDir(dir, temp)).toBe('removed');
    expect(existsSync(dir)).toBe(false);
    expect(removeKubeconfigDir(dir, temp)).toBe('absent');
    expect(existsSync(temp)).toBe(true);
  });

  it('checks content without quoting it and masks lines and values', () => {
    expect(kubeconfigProblem(content)).toBeUndefined();
    expect(kubeconfigProblem('token: s3cr3t: [')).toMatch(/^it is not valid YAML/);
    expect(kubeconfigProblem('just text')).toMatch(/not a kubeconfig/);
    expect(kubeconfigProblem('clusters: []\n')).toMatch(/no clusters/);
    const secrets = kubeconfigSecrets(content);
    expect(secrets).toContain('token: s3cr3t-token-value');
    expect(secrets).toContain('s3cr3t-token-value');
    expect(secrets).not.toContain('---');
  });
});
