// Rebuilds every bundle from clean and fails, printing the difference, when the committed dist/ differs.
// A stale dist means users of @v1 run code that is not what the sources say.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
const status = execFileSync('git', ['status', '--porcelain', '--', 'actions/*/dist', 'test/actions/*/dist'], {
  cwd: root,
  encoding: 'utf8',
});
if (status.trim()) {
  console.error('dist/ is out of date with the sources. Run `pnpm build` and commit the result.\n');
  console.error(status);
  execFileSync('git', ['--no-pager', 'diff', '--stat', '--', 'actions/*/dist', 'test/actions/*/dist'], {
    cwd: root,
    stdio: 'inherit',
  });
  process.exit(1);
}
console.log('dist/ is up to date.');
