import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  chooseBinary,
  DEFAULT_VERSIONS,
  installPinnedTool,
  requireOnPath,
  type PinnedToolHost,
} from '../src/index';

let temp: string;
let logs: string[];
beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'install-pinned-'));
  logs = [];
});
afterEach(() => rmSync(temp, { recursive: true, force: true }));

/** A stand-in binary that prints `output` only when called with exactly `args` (else fails, printing nothing). */
function standIn(name: string, args: string[], output: string): void {
  const script = `#!/bin/sh\nif [ "$*" = "${args.join(' ')}" ]; then printf '%s\\n' '${output}'; exit 0; fi\nexit 3\n`;
  writeFileSync(join(temp, name), script);
  chmodSync(join(temp, name), 0o755);
}

const host = (): PinnedToolHost => ({
  runnerTemp: temp,
  os: 'Linux',
  arch: 'X64',
  hasCacheService: false,
  processEnv: {
    PATH: `${temp}:/usr/bin:/bin`,
    RUNNER_TOOL_CACHE: join(temp, 'toolcache'),
    RUNNER_TEMP: temp,
  },
  log: (m) => logs.push(m),
});

describe('installPinnedTool', () => {
  it('turns a refusal into a configuration error naming the input and its value', async () => {
    const compromised = installPinnedTool({ tool: 'trivy', version: '0.69.4', inputName: 'version' }, host());
    await expect(compromised).rejects.toMatchObject({ name: 'ConfigurationError' });
    await expect(compromised).rejects.toThrow(
      /^input 'version' is "0\.69\.4": trivy 0\.69\.4 is known to be compromised and will not be installed: .*GHSA-69fq-xp46-6x23/,
    );
    await expect(
      installPinnedTool({ tool: 'helm', version: '0.0.1', inputName: 'helm-version' }, host()),
    ).rejects.toThrow(
      /^input 'helm-version' is "0\.0\.1": no pinned checksum for helm 0\.0\.1 on linux\/x64/,
    );
    await expect(
      installPinnedTool({ tool: 'k6', version: 'system', inputName: 'version' }, host()),
    ).rejects.toThrow(/^input 'version' is "system": version 'system' was asked but no k6 is on PATH/);
  });

  it("reads each tool's version the way that tool prints it", async () => {
    standIn('trivy', ['--version'], 'Version: 0.72.0');
    standIn('k6', ['version'], 'k6 v1.7.1 (go1.24.4, linux/amd64)');
    standIn('helm', ['version', '--short'], 'v4.1.4+g05fa379');
    const read = async (tool: string) =>
      (await installPinnedTool({ tool, version: 'system', inputName: 'version' }, host())).version;
    expect(await read('trivy')).toBe('0.72.0');
    expect(await read('k6')).toBe('1.7.1');
    expect(await read('helm')).toBe('4.1.4');
    expect(logs).toContain(`helm 4.1.4 from system: ${join(temp, 'helm')}`);
  });

  it('refuses a system binary that reports a compromised version, naming the input', async () => {
    standIn('trivy', ['--version'], 'Version: 0.69.4');
    await expect(
      installPinnedTool({ tool: 'trivy', version: 'system', inputName: 'version' }, host()),
    ).rejects.toThrow(
      /^input 'version' is "system": the trivy on PATH .* is 0\.69\.4, known to be compromised/,
    );
  });

  it('reuses the pinned version found on PATH without downloading, and honours an explicit probe', async () => {
    const pinned = DEFAULT_VERSIONS.k6!;
    standIn('k6', ['version'], `k6 v${pinned} (go1.24.4, linux/amd64)`);
    const installed = await installPinnedTool(
      { tool: 'k6', version: `v${pinned}`, inputName: 'version' },
      host(),
    );
    expect(installed).toEqual({ path: join(temp, 'k6'), version: pinned, source: 'path' });
    standIn('demo', ['-V'], 'demo 2.0.0');
    const custom = await installPinnedTool(
      {
        tool: 'demo',
        version: 'system',
        inputName: 'demo',
        versionArgs: ['-V'],
        versionPattern: /demo (\S+)/,
      },
      host(),
    );
    expect(custom.version).toBe('2.0.0');
  });
});

describe('chooseBinary', () => {
  it('auto takes the binary on PATH, else the pinned default; an explicit version is always installed', () => {
    expect(chooseBinary('auto', '/usr/bin/helm', '3.17.3')).toEqual({ use: '/usr/bin/helm' });
    expect(chooseBinary('auto', undefined, '3.17.3')).toEqual({ install: '3.17.3' });
    expect(chooseBinary('v4.1.4', '/usr/bin/helm', '3.17.3')).toEqual({ install: '4.1.4' });
  });

  it('requireOnPath names the tool and why it is needed', () => {
    expect(() => requireOnPath('kubectl', { PATH: '/nonexistent' }, 'to verify workloads')).toThrow(
      "kubectl is not on PATH: it is needed to verify workloads (GitHub's runners have it)",
    );
  });
});
