/** What running `git <args>` returned. Injected so the range logic is pure and testable on real repositories. */
export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs git with an argument array (never a shell) in the checkout. */
export type GitRunner = (args: string[]) => Promise<GitResult>;

/** The all-zero SHA GitHub sends as `before` when a branch is created. */
export const ZERO_SHA = /^0+$/;

/** Small typed wrappers so the range logic reads as questions, not exit codes. */
export function gitQueries(git: GitRunner) {
  return {
    /** Whether the commit is present in the clone (a shallow checkout often lacks the base). */
    async hasCommit(sha: string): Promise<boolean> {
      return (await git(['cat-file', '-e', `${sha}^{commit}`])).code === 0;
    },
    async isAncestor(ancestor: string, of: string): Promise<boolean> {
      return (await git(['merge-base', '--is-ancestor', ancestor, of])).code === 0;
    },
    async mergeBase(a: string, b: string): Promise<string | undefined> {
      const r = await git(['merge-base', a, b]);
      return r.code === 0 ? r.stdout.trim() || undefined : undefined;
    },
    /** The commit a branch name points at: the remote-tracking ref first (what a CI clone has), then local. */
    async resolveBranch(branch: string): Promise<string | undefined> {
      for (const ref of [`refs/remotes/origin/${branch}`, `refs/heads/${branch}`]) {
        const r = await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
        if (r.code === 0 && r.stdout.trim()) return r.stdout.trim();
      }
      return undefined;
    },
    /**
     * Files changed between two commits. `--no-renames` lists a move as delete + add, so the service that lost
     * a file is selected as well as the one that gained it.
     */
    async changedFiles(base: string, head: string): Promise<string[]> {
      const r = await git(['diff', '--name-only', '--no-renames', '-z', base, head, '--']);
      if (r.code !== 0) throw new Error(`git diff ${base} ${head} failed: ${r.stderr.trim()}`);
      return r.stdout.split('\0').filter(Boolean);
    },
  };
}
