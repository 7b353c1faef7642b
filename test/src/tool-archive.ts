import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A tar.gz holding one executable script `name` that prints `<name> version <version>` and, when run, touches
 * the file named by `$TOOL_RAN_MARKER`: tests assert from that marker whether a download was ever executed.
 */
export function makeToolArchive(name: string, version: string): { archive: Buffer; sha256: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tool-archive-'));
  const root = join(dir, 'root');
  mkdirSync(root);
  const script = join(root, name);
  writeFileSync(
    script,
    `#!/bin/sh\n[ -n "$TOOL_RAN_MARKER" ] && touch "$TOOL_RAN_MARKER"\necho "${name} version ${version}"\n`,
  );
  chmodSync(script, 0o755);
  const file = join(dir, `${name}.tar.gz`);
  execFileSync('tar', ['-czf', file, '-C', root, name]);
  const archive = readFileSync(file);
  return { archive, sha256: createHash('sha256').update(archive).digest('hex') };
}
