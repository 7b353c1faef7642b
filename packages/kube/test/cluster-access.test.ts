import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLUSTER_STATE, cleanUpClusterAccess, prepareClusterAccess } from '../src/index';

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
  - name: c
    cluster: { server: 'https://127.0.0.1:6443' }
users:
  - name: u
    user: { token: s3cret-token }
contexts:
  - name: ctx
    context: { cluster: c, user: u }
current-context: ctx
`;

let runnerTemp: string;
let state: Map<string, string>;
let lines: string[];
beforeEach(() => {
  runnerTemp = mkdtempSync(join(tmpdir(), 'cluster-access-'));
  state = new Map();
  lines = [];
});
afterEach(() => rmSync(runnerTemp, { recursive: true, force: true }));

const prepare = (content: string | undefined, env: NodeJS.ProcessEnv = {}) =>
  prepareClusterAccess({
    content,
    env,
    runnerTemp,
    mask: (s) => lines.push(`mask ${s}`),
    saveState: (k, v) => state.set(k, v),
  });
const cleanUp = () =>
  cleanUpClusterAccess({
    getState: (k) => state.get(k) ?? '',
    runnerTemp,
    info: (m) => lines.push(`info ${m}`),
    warning: (m) => lines.push(`warning ${m}`),
  });

describe('prepareClusterAccess and cleanUpClusterAccess', () => {
  it('writes the input kubeconfig 0600, records both folders, and the post step removes them (safe twice)', () => {
    const access = prepare(KUBECONFIG, {
      HELM_CONFIG_HOME: '/home/u/.config/helm',
      HELM_CACHE_HOME: '/home/u/.cache/helm',
      XDG_DATA_HOME: '/home/u/.local/share',
    });
    expect(readFileSync(access.kubeconfig, 'utf8')).toBe(KUBECONFIG);
    expect(statSync(access.kubeconfig).mode & 0o777).toBe(0o600);
    expect(lines.some((l) => l.startsWith('mask') && l.includes('s3cret-token'))).toBe(true);
    expect(access.helmEnv).toMatchObject({
      KUBECONFIG: access.kubeconfig,
      KUBECACHEDIR: join(access.workDir, 'kube-cache'),
      // The user's cache home holds the index `helm repo add` wrote in an earlier step.
      HELM_CACHE_HOME: '/home/u/.cache/helm',
      HELM_CONFIG_HOME: '/home/u/.config/helm',
      XDG_DATA_HOME: '/home/u/.local/share',
    });
    const kubeconfigDir = state.get(CLUSTER_STATE.kubeconfigDir) ?? '';
    expect(state.get(CLUSTER_STATE.workDir)).toBe(access.workDir);
    expect(existsSync(access.workDir) && existsSync(kubeconfigDir)).toBe(true);
    cleanUp();
    expect(existsSync(access.workDir) || existsSync(kubeconfigDir)).toBe(false);
    cleanUp();
    expect(lines.filter((l) => l.startsWith('info'))).toEqual([
      'info kubeconfig: removed',
      'info kubeconfig: absent',
    ]);
  });

  it('takes KUBECONFIG from the environment and records no kubeconfig folder to remove', () => {
    const access = prepare(undefined, { KUBECONFIG: '/elsewhere/config' });
    expect(access.kubeconfig).toBe('/elsewhere/config');
    expect(state.has(CLUSTER_STATE.kubeconfigDir)).toBe(false);
  });

  it('names the input for an unusable kubeconfig, as a configuration error', () => {
    expect(() => prepare('not: a kubeconfig')).toThrow(
      expect.objectContaining({
        name: 'ConfigurationError',
        message: expect.stringMatching(/^input 'kubeconfig' is unusable/),
      }),
    );
  });

  it('leaves folders it did not create in place', () => {
    const foreign = join(runnerTemp, 'someone-else');
    mkdirSync(foreign);
    state.set(CLUSTER_STATE.kubeconfigDir, foreign);
    state.set(CLUSTER_STATE.workDir, foreign);
    cleanUp();
    expect(existsSync(foreign)).toBe(true);
    expect(lines).toEqual([
      `warning kubeconfig folder ${foreign} is not one this action created; left in place`,
    ]);
  });
});
