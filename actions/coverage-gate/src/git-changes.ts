import {
  parseUnifiedDiff,
  patchCoverage,
  type ChangedLines,
  type CoverageReport,
  type PatchCoverage,
} from '@shipyard/coverage';
import { ConfigurationError, errorMessage } from '@shipyard/runtime';
import { execTool, tail, type ExecResult } from '@shipyard/tools';

/** The changed lines of this checkout since it branched from the base. */
export interface Changes {
  changed: ChangedLines;
  mergeBase: string;
  head: string;
  /** `git fetch` runs it took to get the history (0 when the checkout already had it). */
  fetches: number;
}

/** Depths tried, in order, when a shallow checkout lacks the base or the merge base: bounded on purpose. */
export const FETCH_DEPTHS = [50, 500, 5000] as const;

const FETCH_DEPTH_HINT =
  'set `fetch-depth: 0` on actions/checkout (or a depth that reaches the commit the PR branched from)';

/**
 * Lines added between the merge base of `base` and HEAD, from `git diff` in the workspace. A shallow checkout
 * is deepened with `git fetch --depth=N origin <base> <head>` a bounded number of times; when the history still
 * does not meet, the error names the checkout setting to change. `base` is a commit SHA or a ref on origin.
 */
export async function changedLinesSince(
  base: string,
  options: { workspace: string; env: NodeJS.ProcessEnv; info: (m: string) => void },
): Promise<Changes> {
  const git = (args: string[]): Promise<ExecResult> =>
    execTool('git', args, {
      cwd: options.workspace,
      env: options.env,
      timeoutMs: 180_000,
      maxOutputBytes: 256 * 1024 * 1024,
    });
  const out = (r: ExecResult) => r.stdout.trim();
  const headRun = await git(['rev-parse', '--verify', 'HEAD^{commit}']);
  if (headRun.exitCode !== 0)
    throw new ConfigurationError(
      `patch coverage needs a git checkout of the PR in the workspace ${options.workspace}: ${tail(headRun.stderr, 3)}`,
    );
  const head = out(headRun);
  const shallow = out(await git(['rev-parse', '--is-shallow-repository'])) === 'true';
  const baseSha = await resolveBase(base, git, shallow);
  let fetches = 0;
  for (let attempt = 0; ; attempt++) {
    const haveBase = (await git(['cat-file', '-e', `${baseSha}^{commit}`])).exitCode === 0;
    if (haveBase) {
      const mb = await git(['merge-base', baseSha, head]);
      if (mb.exitCode === 0) {
        const diff = await git([
          '-c',
          'core.quotePath=true',
          'diff',
          '--no-color',
          '--no-ext-diff',
          '--unified=0',
          '--src-prefix=a/',
          '--dst-prefix=b/',
          out(mb),
          head,
        ]);
        if (diff.exitCode !== 0) throw new Error(`git diff failed: ${tail(diff.stderr, 5)}`);
        return { changed: parseUnifiedDiff(diff.stdout), mergeBase: out(mb), head, fetches };
      }
      if (!shallow)
        throw new ConfigurationError(
          `patch coverage: the base ${baseSha} and HEAD ${head} share no history (git merge-base found none)`,
        );
    }
    const depth = FETCH_DEPTHS[attempt];
    if (depth === undefined || (!shallow && attempt > 0))
      throw new ConfigurationError(
        `patch coverage: no common history of the base ${baseSha} and HEAD after fetching ${FETCH_DEPTHS.at(-1)} commits; ${FETCH_DEPTH_HINT}`,
      );
    const args = ['fetch', '--no-tags', '--no-recurse-submodules', ...(shallow ? [`--depth=${depth}`] : [])];
    options.info(`Fetching history for patch coverage: git ${[...args, 'origin', baseSha, head].join(' ')}`);
    const fetched = await git([...args, 'origin', baseSha, head]);
    fetches++;
    if (fetched.exitCode !== 0)
      throw new ConfigurationError(
        `patch coverage: the checkout lacks the base ${baseSha} and \`git fetch\` from origin failed (${tail(fetched.stderr, 3)}); ${FETCH_DEPTH_HINT}`,
      );
  }
}

/** A SHA (or a ref that resolves locally) as is; otherwise the ref is fetched from origin once. */
async function resolveBase(
  base: string,
  git: (args: string[]) => Promise<ExecResult>,
  shallow: boolean,
): Promise<string> {
  if (/^[0-9a-f]{40}$/i.test(base)) return base.toLowerCase();
  const local = await git(['rev-parse', '--verify', '--quiet', `${base}^{commit}`]);
  if (local.exitCode === 0) return local.stdout.trim();
  const fetched = await git([
    'fetch',
    '--no-tags',
    ...(shallow ? [`--depth=${FETCH_DEPTHS[0]}`] : []),
    'origin',
    base,
  ]);
  const sha = await git(['rev-parse', '--verify', 'FETCH_HEAD^{commit}']);
  if (fetched.exitCode !== 0 || sha.exitCode !== 0)
    throw new ConfigurationError(
      `input 'base-ref' is ${JSON.stringify(base)}: not a commit in the checkout nor a ref on origin (${tail(fetched.stderr, 2)}); expected a commit SHA or a branch name`,
    );
  return sha.stdout.trim();
}

/**
 * Patch coverage of this run against `base` (undefined: not a PR and no base-ref → "not applicable"). When the
 * history cannot be had, `required` (a patch gate is set) makes that the step's error; otherwise it is a warning.
 */
export async function measurePatch(
  report: CoverageReport,
  base: string | undefined,
  options: {
    workspace: string;
    env: NodeJS.ProcessEnv;
    info: (m: string) => void;
    warn: (m: string) => void;
    required: boolean;
  },
): Promise<{ patch?: PatchCoverage; patchNote: string }> {
  if (!base)
    return { patchNote: 'not applicable: not a pull request (set base-ref to measure changed lines)' };
  try {
    const { changed } = await changedLinesSince(base, options);
    return { patch: patchCoverage(report, changed), patchNote: '' };
  } catch (error: unknown) {
    if (options.required) throw error;
    const patchNote = `not measured: ${errorMessage(error)}`;
    options.warn(`Patch coverage ${patchNote}`);
    return { patchNote };
  }
}
