import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeToolArchive, startReleaseServer, type ReleaseServer } from '@shipyard/testbed';
import {
  execTool,
  httpDownload,
  installTool,
  systemExtract,
  type InstallDeps,
  type ToolRelease,
} from '../src/index';

const good = makeToolArchive('demo', '1.2.3');
let server: ReleaseServer;
beforeAll(async () => {
  server = await startReleaseServer({
    '/good.tar.gz': { body: good.archive },
    '/tampered.tar.gz': { body: makeToolArchive('demo', '6.6.6').archive },
    '/flaky.tar.gz': { body: good.archive, failTimes: 2 },
    '/slow.tar.gz': { body: good.archive, delayMs: 3_000 },
  });
});
afterAll(() => server.stop());

function setup(path: string, overrides: Partial<InstallDeps> = {}) {
  const temp = mkdtempSync(join(tmpdir(), 'installer-'));
  const cacheRoot = join(temp, 'toolcache');
  mkdirSync(cacheRoot);
  const sleeps: number[] = [];
  const release: ToolRelease = {
    tool: 'demo',
    version: '1.2.3',
    platform: 'linux',
    arch: 'x64',
    url: `${server.url}${path}`,
    sha256: good.sha256,
    archive: 'tar.gz',
    binary: 'demo',
  };
  const marker = join(temp, 'ran');
  const deps: InstallDeps = {
    download: httpDownload(1_000),
    extract: systemExtract(temp, process.env),
    toolCache: {
      find: (t, v) => (existsSync(join(cacheRoot, t, v)) ? join(cacheRoot, t, v) : ''),
      cacheDir: async (dir, t, v) => {
        const dest = join(cacheRoot, t, v);
        mkdirSync(dest, { recursive: true });
        for (const f of readdirSync(dir)) await execTool('cp', [join(dir, f), dest], { env: process.env });
        return dest;
      },
    },
    tempDir: temp,
    env: { PATH: '/usr/bin:/bin', TOOL_RAN_MARKER: marker },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    log: () => undefined,
    ...overrides,
  };
  const request = {
    tool: 'demo',
    version: 'v1.2.3',
    releases: [release],
    platform: 'linux' as const,
    arch: 'x64' as const,
  };
  return { deps, request, marker, sleeps, cacheRoot, temp };
}

describe('installer against a loopback release server', () => {
  it('downloads, verifies, extracts and caches; the second install hits the tool cache', async () => {
    const { deps, request } = setup('/good.tar.gz');
    const first = await installTool(request, deps);
    expect(first.source).toBe('download');
    const run = await execTool(first.path, [], { env: deps.env });
    expect(run.stdout.trim()).toBe('demo version 1.2.3');
    const second = await installTool(request, deps);
    expect(second).toEqual({ ...first, source: 'tool-cache' });
  });

  it('never extracts or runs a file whose checksum does not match, and deletes it', async () => {
    const { deps, request, marker, cacheRoot, temp } = setup('/tampered.tar.gz');
    await expect(installTool(request, deps)).rejects.toThrow(
      /checksum mismatch for demo 1\.2\.3 .*expected sha256 [0-9a-f]{64}, got [0-9a-f]{64}/,
    );
    expect(existsSync(marker)).toBe(false);
    expect(readdirSync(cacheRoot)).toEqual([]);
    expect(readdirSync(temp).filter((f) => f.endsWith('.tar.gz'))).toEqual([]);
  });

  it('retries with back-off on 503, then succeeds', async () => {
    const { deps, request, sleeps } = setup('/flaky.tar.gz');
    const r = await installTool(request, deps);
    expect(r.source).toBe('download');
    expect(sleeps).toEqual([1_000, 2_000]);
  });

  it('gives up on a 404 at once, naming the URL', async () => {
    const { deps, request, sleeps } = setup('/missing.tar.gz');
    await expect(installTool(request, deps)).rejects.toThrow(
      /could not download demo 1\.2\.3 from http:\/\/127\.0\.0\.1:\d+\/missing\.tar\.gz: HTTP 404/,
    );
    expect(sleeps).toEqual([]);
  });

  it('times out a slow server and says so after its retries', async () => {
    const { deps, request, sleeps } = setup('/slow.tar.gz');
    await expect(installTool(request, deps)).rejects.toThrow(/could not download demo/);
    expect(sleeps).toHaveLength(2);
  });

  it('refuses compromised versions and versions without a pinned checksum', async () => {
    const { deps, request } = setup('/good.tar.gz');
    await expect(
      installTool(
        {
          ...request,
          compromised: [
            { tool: 'demo', version: '1.2.3', reason: 'tag force-pushed to a credential stealer' },
          ],
        },
        deps,
      ),
    ).rejects.toThrow(/demo 1\.2\.3 is known to be compromised .* credential stealer/);
    await expect(installTool({ ...request, version: '9.9.9' }, deps)).rejects.toThrow(
      /no pinned checksum for demo 9\.9\.9 on linux\/x64; pinned versions: 1\.2\.3/,
    );
  });

  it('reuses a binary on PATH whose version matches, and `system` uses PATH as is', async () => {
    const { deps, request, temp } = setup('/good.tar.gz');
    const installed = await installTool(request, deps);
    const binDir = join(temp, 'toolcache', 'demo', '1.2.3');
    const env = { ...deps.env, PATH: `${binDir}:/usr/bin:/bin` };
    const versionOf = async (p: string) => /version (\S+)/.exec((await execTool(p, [], { env })).stdout)?.[1];
    const reused = await installTool({ ...request, versionOf }, { ...deps, env });
    expect(reused).toEqual({ path: installed.path, version: '1.2.3', source: 'path' });
    const system = await installTool({ ...request, version: 'system', versionOf }, { ...deps, env });
    expect(system.source).toBe('system');
    await expect(installTool({ ...request, version: 'system' }, deps)).rejects.toThrow(/no demo is on PATH/);
    const compromised = [{ tool: 'demo', version: '1.2.3', reason: 'a malicious release' }];
    await expect(
      installTool({ ...request, version: 'system', versionOf, compromised }, { ...deps, env }),
    ).rejects.toThrow(/the demo on PATH \(.*\) is 1\.2\.3, known to be compromised: a malicious release/);
  });
});

describe('execTool', () => {
  it('passes arguments verbatim, never through a shell', async () => {
    const r = await execTool('printf', ['%s|', 'a b', '$(touch /tmp/pwned)', '; rm -rf /'], {
      env: { PATH: '/usr/bin:/bin' },
    });
    expect(r.stdout).toBe('a b|$(touch /tmp/pwned)|; rm -rf /|');
  });

  it('streams live output without breaking a character split across two reads', async () => {
    let live = '';
    const r = await execTool('sh', ['-c', String.raw`printf '\303'; sleep 0.1; printf '\251\n'`], {
      env: { PATH: '/usr/bin:/bin' },
      onStdout: (chunk) => (live += chunk),
    });
    expect(r.stdout).toBe('é\n');
    expect(live).toBe('é\n');
  });

  it('caps output keeping head and tail, and times out', async () => {
    const big = await execTool('seq', ['1', '200000'], {
      env: { PATH: '/usr/bin:/bin' },
      maxOutputBytes: 1_000,
    });
    expect(big.truncated).toBe(true);
    expect(big.stdout.startsWith('1\n2\n')).toBe(true);
    expect(big.stdout.trimEnd().endsWith('200000')).toBe(true);
    expect(big.stdout.length).toBeLessThan(1_200);
    const slow = await execTool('sleep', ['10'], { env: { PATH: '/usr/bin:/bin' }, timeoutMs: 200 });
    expect(slow.timedOut).toBe(true);
    expect(slow.durationMs).toBeLessThan(5_000);
  });
});

describe('localDirCache', () => {
  it('restores by exact key, then by the newest restore-key prefix; keys are immutable', async () => {
    const { localDirCache } = await import('../src/cache');
    const { readFileSync, writeFileSync } = await import('node:fs');
    const root = mkdtempSync(join(tmpdir(), 'cache-'));
    const cache = localDirCache(join(root, 'store'));
    const file = join(root, 'base.json');
    writeFileSync(file, 'v1');
    await cache.save([file], 'cov-main-aaa');
    writeFileSync(file, 'v2');
    await cache.save([file], 'cov-main-aaa');
    writeFileSync(file, 'changed');
    expect(await cache.restore([file], 'cov-main-aaa')).toBe('cov-main-aaa');
    expect(readFileSync(file, 'utf8')).toBe('v1');
    expect(await cache.restore([file], 'cov-main-zzz', ['cov-main-'])).toBe('cov-main-aaa');
    expect(await cache.restore([file], 'other', ['nope-'])).toBeUndefined();
  });
});
