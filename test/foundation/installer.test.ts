import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actionDir,
  makeToolArchive,
  manifestProblems,
  runAction,
  startReleaseServer,
  type ReleaseServer,
} from '@shipyard/testbed';
import { installProbe } from '../actions/install-probe/src/main';

const good = makeToolArchive('demo', '1.2.3');
let server: ReleaseServer;
beforeAll(async () => {
  server = await startReleaseServer({
    '/demo.tar.gz': { body: good.archive },
    '/evil.tar.gz': { body: makeToolArchive('demo', '1.2.3-evil').archive },
  });
});
afterAll(() => server.stop());

describe('the installer through a bundled action', () => {
  it('agrees with its action.yml', () => {
    expect(manifestProblems(actionDir('install-probe'), installProbe)).toEqual([]);
  });

  it('installs a verified tool and runs it; a second step in the job reuses the tool cache', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'marker-')), 'ran');
    const first = await runAction('install-probe', {
      inputs: { url: `${server.url}/demo.tar.gz`, sha256: good.sha256 },
      env: { TOOL_RAN_MARKER: marker },
      node: 'node24',
    });
    expect(first.exitCode).toBe(0);
    expect(first.outputs).toEqual({ 'tool-output': 'demo version 1.2.3', source: 'download' });
    expect(existsSync(marker)).toBe(true);
    const second = await runAction('install-probe', {
      inputs: { url: `${server.url}/demo.tar.gz`, sha256: good.sha256 },
      runnerTemp: first.runnerTemp,
    });
    expect(second.outputs.source).toBe('tool-cache');
    expect(server.hits['/demo.tar.gz']).toBe(1);
  });

  it('never executes a file whose checksum does not match: one clear error, exit 1', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'marker-')), 'ran');
    const r = await runAction('install-probe', {
      inputs: { url: `${server.url}/evil.tar.gz`, sha256: good.sha256 },
      env: { TOOL_RAN_MARKER: marker },
    });
    expect(r.exitCode).toBe(1);
    const errors = r.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(
      /^install-probe: checksum mismatch for demo 1\.2\.3 .* The file was deleted without being extracted or run\.$/,
    );
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(join(r.runnerTemp, 'toolcache', 'demo'))).toBe(false);
    expect(readdirSync(r.runnerTemp).filter((f) => f.endsWith('.tar.gz'))).toEqual([]);
  });
});
