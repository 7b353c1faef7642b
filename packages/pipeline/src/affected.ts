import picomatch from 'picomatch';
import { resolveChangeRange, type ChangeEvent, type ChangeRange } from './change-range';
import { gitQueries, type GitRunner } from './git';
import type { ImageSpec, ServiceSpec } from './services';

/** Why one service was selected. */
export interface ServiceReason {
  service: string;
  reason: string;
  files: string[];
}

/** Which services a change touches, and everything a workflow needs to fan out over them. */
export interface AffectedResult {
  /** Names of the selected services, in the order of the services map. */
  services: string[];
  /** Whether every service was selected, and the sentence that says why (empty when not). */
  all: boolean;
  allReason: string;
  reasons: ServiceReason[];
  /** The commit range compared, when one was. */
  range?: { base: string; head: string; description: string };
  changedFiles: number;
  /** One row per selected service, for `strategy.matrix: ${{ fromJSON(...) }}`. */
  matrix: { include: MatrixRow[] };
  /** One row per image of a selected service, in the pipeline workflow's `images` input format. */
  images: (ImageSpec & { service: string })[];
}

/** A matrix row: flat strings so every value is usable as `${{ matrix.<key> }}`. */
export interface MatrixRow {
  service: string;
  image: string;
  images: string;
  chart: string;
  tests: string;
  reason: string;
}

const matcher = (globs: readonly string[]) => picomatch([...globs], { dot: true });

/**
 * Selects services from a list of changed files: a shared path selects all, otherwise a service is selected
 * when any changed file matches one of its globs.
 */
export function selectServices(
  services: readonly ServiceSpec[],
  sharedPaths: readonly string[],
  files: readonly string[],
): { all: boolean; allReason: string; reasons: ServiceReason[] } {
  if (sharedPaths.length) {
    const isShared = matcher(sharedPaths);
    const shared = files.filter((f) => isShared(f));
    if (shared.length) {
      const allReason = `shared path changed: ${shared[0]}${shared.length > 1 ? ` (+${shared.length - 1} more)` : ''}`;
      return { all: true, allReason, reasons: everyService(services, allReason, shared) };
    }
  }
  const reasons: ServiceReason[] = [];
  for (const service of services) {
    const isMine = matcher(service.paths);
    const mine = files.filter((f) => isMine(f));
    if (mine.length === 0) continue;
    const more = mine.length > 1 ? ` (+${mine.length - 1} more)` : '';
    reasons.push({ service: service.name, reason: `changed: ${mine[0]}${more}`, files: mine });
  }
  const all = services.length > 0 && reasons.length === services.length;
  return { all, allReason: all ? 'every service has changes' : '', reasons };
}

function everyService(services: readonly ServiceSpec[], reason: string, files: string[]): ServiceReason[] {
  return services.map((s) => ({ service: s.name, reason, files }));
}

/** Builds the matrix and image list for the selected services. */
export function toResult(
  services: readonly ServiceSpec[],
  selection: { all: boolean; allReason: string; reasons: ServiceReason[] },
  extra: { range?: AffectedResult['range']; changedFiles: number },
): AffectedResult {
  const why = new Map(selection.reasons.map((r) => [r.service, r.reason]));
  const chosen = services.filter((s) => why.has(s.name));
  return {
    services: chosen.map((s) => s.name),
    all: selection.all,
    allReason: selection.allReason,
    reasons: selection.reasons,
    ...(extra.range ? { range: extra.range } : {}),
    changedFiles: extra.changedFiles,
    matrix: {
      include: chosen.map((s) => ({
        service: s.name,
        image: s.images[0]?.name ?? '',
        images: s.images.map((i) => i.name).join(','),
        chart: s.chart ?? '',
        tests: s.tests ?? '',
        reason: why.get(s.name) ?? '',
      })),
    },
    images: chosen.flatMap((s) => s.images.map((i) => ({ ...i, service: s.name }))),
  };
}

/**
 * The whole computation: event → commit range (via git) → changed files → selected services. A range that
 * cannot be trusted selects every service with the reason stated.
 */
export async function computeAffected(options: {
  services: readonly ServiceSpec[];
  sharedPaths: readonly string[];
  event: ChangeEvent;
  git: GitRunner;
}): Promise<AffectedResult> {
  const { services, sharedPaths, event, git } = options;
  const range: ChangeRange = await resolveChangeRange(event, git);
  if (range.all) {
    const reasons = everyService(services, range.reason, []);
    return toResult(services, { all: true, allReason: range.reason, reasons }, { changedFiles: 0 });
  }
  const files = await gitQueries(git).changedFiles(range.base, range.head);
  const selection = selectServices(services, sharedPaths, files);
  return toResult(services, selection, {
    range: { base: range.base, head: range.head, description: range.reason },
    changedFiles: files.length,
  });
}
