import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@shipyard/testbed';
// @ts-expect-error -- a plain .mjs script without types
import { references, referenceFiles, rewrite, targetRef } from '../../scripts/refs.mjs';

type Ref = { path: string; ref: string; line: number };
const refs = references as (text: string) => Ref[];
const rewriteTo = rewrite as (text: string, ref: string) => string;
const target = targetRef as (arg: string | undefined, base?: string) => string | undefined;
const files = referenceFiles as (base?: string) => string[];

const sample = [
  '      - uses: shipyard-dev/shipyard/actions/trivy-scan@v1',
  '    uses: shipyard-dev/shipyard/.github/workflows/pipeline.yml@main',
  '      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1',
].join('\n');

describe('scripts/refs.mjs', () => {
  it('finds internal references with their lines and leaves third-party ones alone', () => {
    expect(refs(sample)).toEqual([
      { path: 'actions/trivy-scan', ref: 'v1', line: 1 },
      { path: '.github/workflows/pipeline.yml', ref: 'main', line: 2 },
    ]);
    const out = rewriteTo(sample, 'v2');
    expect(refs(out).map((r) => r.ref)).toEqual(['v2', 'v2']);
    expect(out.split('\n')[2]).toBe(sample.split('\n')[2]);
  });

  it('defaults to v<major> of package.json, refuses a ref that is not a plain name', () => {
    const base = mkdtempSync(join(tmpdir(), 'refs-'));
    try {
      writeFileSync(join(base, 'package.json'), JSON.stringify({ version: '3.4.5' }));
      expect(target(undefined, base)).toBe('v3');
      writeFileSync(join(base, 'package.json'), '{}');
      expect(target(undefined, base)).toBeUndefined();
      expect(target('v1.2.0', base)).toBe('v1.2.0');
      expect(() => target('v1; rm -rf /', base)).toThrow(/expected a tag or branch/);
      mkdirSync(join(base, '.github/workflows'), { recursive: true });
      writeFileSync(join(base, '.github/workflows/ci.yml'), sample);
      expect(files(base)).toEqual([join(base, '.github/workflows/ci.yml')]);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('--check passes on this repository and fails, listing each line, for another ref', () => {
    const ok = execFileSync(process.execPath, ['scripts/refs.mjs', '--check'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(ok).toMatch(/^\d+ internal references, all @v1/);
    const bad = spawnSync(process.execPath, ['scripts/refs.mjs', '--check', 'v9'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(
      /\.github\/workflows\/pipeline\.yml:\d+ shipyard-dev\/shipyard\/actions\/.*@v1 should be @v9/,
    );
  });
});
