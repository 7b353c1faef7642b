// Rewrites every internal reference `shipyard-dev/shipyard/<path>@<ref>` (our actions and reusable workflows, in
// workflows, templates and docs) to one ref, so a release never ships a workflow that calls an older action.
//   node scripts/refs.mjs [ref]            rewrite to <ref>, default v<major> of the root package.json version
//   node scripts/refs.mjs --check [ref]    list references that differ and exit 1 (without a ref and without a
//                                           version, they must merely all agree)
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OWN = /shipyard-dev\/shipyard\/([A-Za-z0-9._/-]+)@([A-Za-z0-9._-]+)/g;
const REF = /^[A-Za-z0-9._-]+$/;

/** The files that can hold internal references. */
export function referenceFiles(base = root) {
  const files = [];
  const add = (dir, pattern) => {
    const abs = join(base, dir);
    if (!existsSync(abs)) return;
    for (const f of readdirSync(abs).sort()) if (pattern.test(f)) files.push(join(abs, f));
  };
  add('.github/workflows', /\.ya?ml$/);
  add('workflows-templates', /\.ya?ml$/);
  add('docs', /\.md$/);
  add('.', /^README\.md$/);
  const actions = join(base, 'actions');
  if (existsSync(actions)) {
    for (const name of readdirSync(actions).sort()) {
      for (const f of ['README.md', 'action.yml']) {
        if (existsSync(join(actions, name, f))) files.push(join(actions, name, f));
      }
    }
  }
  return files;
}

/** The ref the repository should use: the argument, else v<major> of the root package.json version. */
export function targetRef(arg, base = root) {
  if (arg !== undefined) {
    if (!REF.test(arg))
      throw new Error(`ref ${JSON.stringify(arg)}: expected a tag or branch like v1 or v1.2.0`);
    return arg;
  }
  const pkg = JSON.parse(readFileSync(join(base, 'package.json'), 'utf8'));
  const major = /^(\d+)\./.exec(pkg.version ?? '')?.[1];
  return major === undefined ? undefined : `v${major}`;
}

/** Every internal reference in a text, with its line. */
export function references(text) {
  return [...text.matchAll(OWN)].map((m) => ({
    path: m[1],
    ref: m[2],
    line: text.slice(0, m.index).split('\n').length,
  }));
}

/** The text with every internal reference pointing at `ref`. */
export function rewrite(text, ref) {
  return text.replace(OWN, (_, path) => `shipyard-dev/shipyard/${path}@${ref}`);
}

function main(argv) {
  const check = argv.includes('--check');
  const arg = argv.find((a) => !a.startsWith('--'));
  const ref = targetRef(arg);
  const files = referenceFiles();
  if (check) {
    const found = files.flatMap((f) =>
      references(readFileSync(f, 'utf8')).map((r) => ({ ...r, file: relative(root, f) })),
    );
    const expected = ref ?? found[0]?.ref;
    const wrong = found.filter((r) => r.ref !== expected);
    for (const r of wrong) {
      console.error(`${r.file}:${r.line} shipyard-dev/shipyard/${r.path}@${r.ref} should be @${expected}`);
    }
    if (wrong.length) {
      console.error(`${wrong.length} reference(s) differ: run pnpm refs${arg ? ` ${arg}` : ''}`);
      return 1;
    }
    console.log(`${found.length} internal references, all @${expected ?? '(none)'}`);
    return 0;
  }
  if (!ref) {
    console.error('no ref: pass one (node scripts/refs.mjs v1) or set "version" in the root package.json');
    return 1;
  }
  let changed = 0;
  for (const file of files) {
    const before = readFileSync(file, 'utf8');
    const after = rewrite(before, ref);
    if (after !== before) {
      writeFileSync(file, after);
      changed++;
      console.log(`updated ${relative(root, file)}`);
    }
  }
  console.log(`${changed} file(s) updated to @${ref}`);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
