// Rebuilds every bundle from clean and fails, printing the difference, when the committed dist/ differs.
// A stale dist means users of @v1 run code that is not what the sources say.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
// Filtered here rather than by git pathspecs: a glob pathspec such as `actions/*/dist` does not match the
// files below dist/, which would let a stale bundle pass.
const isDist = (path) => /^(actions|test\/actions)\/[^/]+\/dist\//.test(path);
const changed = execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\n')
  .filter((line) => line.length > 3 && isDist(line.slice(3)));
if (changed.length > 0) {
  console.error('dist/ is out of date with the sources. Run `pnpm build` and commit the result.\n');
  console.error(changed.join('\n'));
  execFileSync('git', ['--no-pager', 'diff', '--stat', '--', ...changed.map((l) => l.slice(3))], {
    cwd: root,
    stdio: 'inherit',
  });
  process.exit(1);
}
console.log('dist/ is up to date.');
