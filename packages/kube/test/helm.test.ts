import { describe, expect, it } from 'vitest';
import {
  classifyHelmError,
  HelmClient,
  HelmError,
  lastDeployedRevision,
  parseHelmVersion,
  parseHistory,
  parseStatus,
  upgradeInstallArgs,
  type RunTool,
} from '../src';
import { helmFixture } from './fixtures';

const base = { release: 'web', chart: './chart', timeoutMs: 90_000 };

describe('helm output parsing', () => {
  it('reads helm 3 and helm 4 history, oldest first, with helm 4 rollback_revision', () => {
    expect(parseHistory(helmFixture('v3-history.json')).map((h) => [h.revision, h.status])).toEqual([
      [3, 'superseded'],
      [4, 'deployed'],
    ]);
    const v4 = parseHistory(helmFixture('v4-history-with-rollback.json'));
    expect(v4.at(-1)).toMatchObject({
      revision: 3,
      status: 'deployed',
      rollbackRevision: 1,
      description: 'Rollback to 1',
    });
    expect(lastDeployedRevision(v4)?.revision).toBe(3);
  });

  it('reads status of both majors and refuses non-JSON with what helm printed', () => {
    expect(parseStatus(helmFixture('v4-status-deployed.json'))).toMatchObject({
      name: 'flummoxed-chickadee',
      status: 'deployed',
      lastDeployed: '2016-01-16T00:00:00Z',
      revision: undefined,
    });
    expect(parseStatus(helmFixture('v3-status-deployed.json')).status).toBe('deployed');
    expect(() => parseStatus(helmFixture('v3-status-deployed.txt'))).toThrow(
      /helm status did not print JSON: NAME/,
    );
  });

  it('classifies the real error texts of helm 3 and 4', () => {
    expect(classifyHelmError(helmFixture('v3-error-upgrade-another-operation-in-progress.txt'))).toBe(
      'operation-in-progress',
    );
    expect(classifyHelmError(helmFixture('v4-error-upgrade-another-operation-in-progress.txt'))).toBe(
      'operation-in-progress',
    );
    expect(classifyHelmError(helmFixture('v3-error-upgrade-no-deployed-releases.txt'))).toBe(
      'no-deployed-releases',
    );
    expect(classifyHelmError(helmFixture('v3-error-rollback-nonexistent-revision.txt'))).toBe(
      'revision-not-found',
    );
    expect(classifyHelmError('Error: release: not found')).toBe('release-not-found');
    expect(
      classifyHelmError(
        'Error: Kubernetes cluster unreachable: Get "https://x/version": dial tcp: connection refused',
      ),
    ).toBe('cluster-unreachable');
    expect(classifyHelmError('Error: path "./nope" not found')).toBe('chart-not-found');
    // Real helm 3.17 texts: a repo added with another cache home, and a version the repo index lacks.
    expect(
      classifyHelmError(
        "Error: no cached repo found. (try 'helm repo update'): open /tmp/c/repository/testrepo-index.yaml: no such file or directory",
      ),
    ).toBe('chart-not-found');
    expect(
      classifyHelmError(
        `Error: chart "demo" matching 9.9.9 not found in testrepo index. (try 'helm repo update'): no chart version found for demo-9.9.9`,
      ),
    ).toBe('chart-not-found');
    expect(classifyHelmError('Error: something new')).toBe('other');
  });

  it('detects the major from helm version --short', () => {
    expect(parseHelmVersion('v3.17.3+ge4da497\n')).toEqual({ version: '3.17.3+ge4da497', major: 3 });
    expect(parseHelmVersion('v4.1.4+g05fa379').major).toBe(4);
    expect(() => parseHelmVersion('v2.17.0+ga690bad')).toThrow(/helm 3 or helm 4 is required/);
  });
});

describe('upgrade --install flags per major', () => {
  it('passes values, sets and namespace as separate arguments, never helm waiting or atomic by default', () => {
    const args = upgradeInstallArgs(
      3,
      {
        ...base,
        createNamespace: true,
        version: '1.2.3',
        valuesFiles: ['a.yaml'],
        set: [['image', 'x;rm -rf /']],
        setString: [['tag', '007']],
      },
      'shop',
    );
    expect(args).toEqual([
      'upgrade',
      '--install',
      'web',
      './chart',
      '--namespace',
      'shop',
      '--version',
      '1.2.3',
      '--create-namespace',
      '--values',
      'a.yaml',
      '--set',
      'image=x;rm -rf /',
      '--set-string',
      'tag=007',
      '--timeout',
      '90s',
    ]);
  });

  it('uses --wait/--atomic on helm 3 and --wait=watcher/--rollback-on-failure/--server-side on helm 4', () => {
    expect(
      upgradeInstallArgs(3, { ...base, wait: true, atomic: true, serverSide: false }, 'ns').slice(-3),
    ).toEqual(['90s', '--wait', '--atomic']);
    expect(
      upgradeInstallArgs(4, { ...base, wait: true, atomic: true, serverSide: false }, 'ns').slice(-4),
    ).toEqual(['90s', '--wait=watcher', '--rollback-on-failure', '--server-side=false']);
  });
});

describe('HelmClient', () => {
  const recorder = (answers: Record<string, { exitCode: number; stdout?: string; stderr?: string }>) => {
    const calls: string[][] = [];
    const exec: RunTool = (_cmd, args) => {
      calls.push([...args]);
      const a = answers[args[0] ?? ''] ?? { exitCode: 0 };
      return Promise.resolve({
        exitCode: a.exitCode,
        stdout: a.stdout ?? '',
        stderr: a.stderr ?? '',
        timedOut: false,
      });
    };
    return { calls, client: new HelmClient({ helm: 'helm', exec, env: {}, namespace: 'shop' }) };
  };

  it('treats a missing release as no status and empty history', async () => {
    const { client } = recorder({
      status: { exitCode: 1, stderr: 'Error: release: not found\n' },
      history: { exitCode: 1, stderr: 'Error: release: not found\n' },
    });
    expect(await client.status('web')).toBeUndefined();
    expect(await client.history('web')).toEqual([]);
  });

  it('detects the major before upgrading and throws a classified HelmError', async () => {
    const { client, calls } = recorder({
      version: { exitCode: 0, stdout: 'v4.1.4+g05fa379\n' },
      upgrade: { exitCode: 1, stderr: helmFixture('v4-error-upgrade-another-operation-in-progress.txt') },
    });
    const error = await client.upgradeInstall({ ...base, wait: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HelmError);
    expect((error as HelmError).kind).toBe('operation-in-progress');
    expect((error as HelmError).message).toBe(
      'helm upgrade failed: Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress',
    );
    expect(calls[0]).toEqual(['version', '--short']);
    expect(calls[1]).toContain('--wait=watcher');
  });

  // No OCI registry runs here: an oci:// chart is covered at the argument level only.
  it('passes an oci:// chart to helm unchanged as the chart argument, with --version (helm 3 and 4)', async () => {
    for (const version of ['v3.17.3\n', 'v4.1.4+g05fa379\n']) {
      const { client, calls } = recorder({ version: { exitCode: 0, stdout: version } });
      const chart = 'oci://ghcr.io/octo-org/charts/shop';
      await client.upgradeInstall({ ...base, chart, version: '1.4.2', timeoutMs: 60_000 });
      expect(calls[1]).toEqual([
        'upgrade',
        '--install',
        'web',
        chart,
        '--namespace',
        'shop',
        '--version',
        '1.4.2',
        '--timeout',
        '60s',
      ]);
    }
  });

  it('rolls back and uninstalls with namespace and timeout; an already-gone release uninstalls fine', async () => {
    const { client, calls } = recorder({
      version: { exitCode: 0, stdout: 'v3.17.3\n' },
      uninstall: { exitCode: 1, stderr: 'Error: uninstall: Release not loaded: web: release: not found' },
    });
    await client.rollback('web', 2, { timeoutMs: 5_000, wait: true });
    await client.uninstall('web', { timeoutMs: 5_000 });
    expect(calls.slice(1)).toEqual([
      ['rollback', 'web', '2', '--namespace', 'shop', '--timeout', '5s', '--wait'],
      ['uninstall', 'web', '--namespace', 'shop', '--timeout', '5s'],
    ]);
  });
});
