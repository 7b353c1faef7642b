// Bundles every action (actions/<name>) and every test-only action (test/actions/<name>) with ncc into
// <dir>/dist/index.js plus its licenses. Bundles are committed: users run dist/, not the sources.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ncc = join(root, 'node_modules', '.bin', 'ncc');

/** Every folder that holds an action to bundle, optionally filtered by name on the command line. */
export function actionDirs() {
  const dirs = [];
  for (const parent of ['actions', join('test', 'actions')]) {
    const abs = join(root, parent);
    if (!existsSync(abs)) continue;
    for (const name of readdirSync(abs).sort()) {
      if (existsSync(join(abs, name, 'src', 'index.ts'))) dirs.push(join(abs, name));
    }
  }
  return dirs;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const only = process.argv.slice(2);
  for (const dir of actionDirs()) {
    const name = dir.split('/').pop();
    if (only.length && !only.includes(name)) continue;
    const started = Date.now();
    // Build beside dist and swap it in at the end, so a reader (or a concurrent commit) never sees a
    // half-built or missing dist.
    const temp = `dist.build-${process.pid}`;
    rmSync(join(dir, temp), { recursive: true, force: true });
    const args = [
      'build',
      'src/index.ts',
      '-o',
      temp,
      '--minify',
      '--transpile-only',
      '--license',
      'licenses.txt',
      '--quiet',
    ];
    execFileSync(ncc, args, { cwd: dir, stdio: 'inherit' });
    rmSync(join(dir, 'dist'), { recursive: true, force: true });
    renameSync(join(dir, temp), join(dir, 'dist'));
    console.log(
      `built ${dir.slice(root.length + 1)}/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
}
