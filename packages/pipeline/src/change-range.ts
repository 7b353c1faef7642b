import { gitQueries, ZERO_SHA, type GitRunner } from './git';

/** The commits an event compares, as taken from its payload (or from explicit overrides). */
export type ChangeEvent =
  | { kind: 'pull_request'; base: string; head: string }
  | { kind: 'push'; before: string; after: string; defaultBranch?: string; forced?: boolean }
  | { kind: 'merge_group'; base: string; head: string }
  | { kind: 'range'; base: string; head: string }
  | { kind: 'unknown'; eventName: string };

/** Either a pair of commits to diff, or "everything", each with the sentence that explains why. */
export type ChangeRange =
  { all: false; base: string; head: string; reason: string } | { all: true; reason: string };

const get = (obj: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (o, k) => (typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[k] : undefined),
    obj,
  );
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Reads the commits to compare from a GitHub event. `overrides` (the `base`/`head` inputs) win when both
 * are given; a lone `head` override replaces the event's head.
 */
export function changeEventFrom(
  eventName: string,
  payload: Record<string, unknown>,
  overrides: { base?: string; head?: string } = {},
): ChangeEvent {
  if (overrides.base && overrides.head) return { kind: 'range', base: overrides.base, head: overrides.head };
  const head = overrides.head;
  switch (eventName) {
    case 'pull_request':
    case 'pull_request_target':
      return {
        kind: 'pull_request',
        base: overrides.base ?? str(get(payload, 'pull_request', 'base', 'sha')),
        head: head ?? str(get(payload, 'pull_request', 'head', 'sha')),
      };
    case 'push': {
      const event: ChangeEvent = {
        kind: 'push',
        before: overrides.base ?? str(payload.before),
        after: head ?? str(payload.after),
        forced: payload.forced === true,
      };
      const defaultBranch = str(get(payload, 'repository', 'default_branch'));
      return defaultBranch ? { ...event, defaultBranch } : event;
    }
    case 'merge_group':
      return {
        kind: 'merge_group',
        base: overrides.base ?? str(get(payload, 'merge_group', 'base_sha')),
        head: head ?? str(get(payload, 'merge_group', 'head_sha')),
      };
    default:
      return { kind: 'unknown', eventName };
  }
}

const short = (sha: string) => sha.slice(0, 7);

/**
 * Decides which commits to diff. Every doubt resolves to "all services": a pipeline that builds too much is
 * slow, one that skips a changed service ships stale images.
 */
export async function resolveChangeRange(event: ChangeEvent, git: GitRunner): Promise<ChangeRange> {
  const q = gitQueries(git);
  const missing = async (...shas: string[]) => {
    for (const sha of shas) if (!sha || !(await q.hasCommit(sha))) return sha || '(empty)';
    return undefined;
  };
  const notInClone = (sha: string) => ({
    all: true as const,
    reason: `commit ${sha} is not in the clone (check out with fetch-depth: 0): building all`,
  });

  switch (event.kind) {
    case 'unknown':
      return {
        all: true,
        reason: `event '${event.eventName || '(none)'}' has no commit range: building all`,
      };
    case 'range':
    case 'merge_group': {
      const gone = await missing(event.base, event.head);
      if (gone) return notInClone(gone);
      const what = event.kind === 'range' ? 'given range' : 'merge queue group';
      return {
        all: false,
        base: event.base,
        head: event.head,
        reason: `${what} ${short(event.base)}..${short(event.head)}`,
      };
    }
    case 'pull_request': {
      const gone = await missing(event.base, event.head);
      if (gone) return notInClone(gone);
      // Three-dot semantics: what the PR adds, not what the base branch gained since it forked.
      const base = await q.mergeBase(event.base, event.head);
      if (!base)
        return { all: true, reason: 'the pull request shares no history with its base: building all' };
      return {
        all: false,
        base,
        head: event.head,
        reason: `pull request: merge base ${short(base)}..${short(event.head)}`,
      };
    }
    case 'push':
      return pushRange(event, q);
  }
}

async function pushRange(
  event: Extract<ChangeEvent, { kind: 'push' }>,
  q: ReturnType<typeof gitQueries>,
): Promise<ChangeRange> {
  const { before, after } = event;
  if (!after || !(await q.hasCommit(after))) {
    return { all: true, reason: `pushed commit ${after || '(empty)'} is not in the clone: building all` };
  }
  const firstPush = !before || ZERO_SHA.test(before);
  if (!firstPush && (await q.hasCommit(before)) && (await q.isAncestor(before, after))) {
    return { all: false, base: before, head: after, reason: `push ${short(before)}..${short(after)}` };
  }
  const why = firstPush ? 'first push of the branch' : `force push (${short(before)} is not an ancestor)`;
  // Compare with where the branch left the default branch: the changes the branch carries.
  const defaultTip = event.defaultBranch ? await q.resolveBranch(event.defaultBranch) : undefined;
  if (!defaultTip) return { all: true, reason: `${why} and no default branch in the clone: building all` };
  const base = await q.mergeBase(defaultTip, after);
  if (!base)
    return { all: true, reason: `${why} with no history shared with the default branch: building all` };
  if (base === after) {
    return { all: true, reason: `${why} of a commit already on '${event.defaultBranch}': building all` };
  }
  return {
    all: false,
    base,
    head: after,
    reason: `${why}: merge base with '${event.defaultBranch}' ${short(base)}..${short(after)}`,
  };
}
