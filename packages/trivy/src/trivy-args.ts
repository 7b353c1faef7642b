/** Trivy subcommands this package drives. */
export type ScanType = 'image' | 'fs' | 'repo' | 'rootfs' | 'config' | 'sbom';

const DEFAULT_SCANNERS: Record<ScanType, string[] | undefined> = {
  image: ['vuln', 'secret'],
  fs: ['vuln', 'secret', 'misconfig'],
  repo: ['vuln', 'secret', 'misconfig'],
  rootfs: ['vuln', 'secret', 'misconfig'],
  // `trivy config` only scans misconfigurations and takes no --scanners flag.
  config: undefined,
  sbom: ['vuln'],
};

const KNOWN_SCANNERS = ['vuln', 'misconfig', 'secret', 'license'];

/** Everything that shapes one Trivy invocation. */
export interface TrivyArgsOptions {
  scanType: ScanType;
  target: string;
  /** Where the JSON report goes. */
  outputPath: string;
  /** The cached DB is fresh: do not download it again. */
  skipDbUpdate?: boolean;
  dbRepository?: string;
  cacheDir?: string;
  ignoreFile?: string;
  /** Trivy reads `trivy.yaml` from the working directory unless told otherwise; pass a neutral file. */
  configFile?: string;
  /** Overrides the per-scan-type default scanners. */
  scanners?: readonly string[];
  /** Lists every package in the JSON (needed to convert it to an SBOM afterwards). */
  listAllPkgs?: boolean;
}

/** True for an image target that is a saved archive (`docker save`), which Trivy reads with `--input`. */
export function isImageArchive(target: string): boolean {
  return /\.(tar|tar\.gz|tgz)$/i.test(target);
}

/**
 * Builds the argument array for one target. No `--severity`: Trivy would drop lower findings from the JSON,
 * and we keep every finding (for SARIF and counts) and gate on severity ourselves. `--exit-code 0` for the
 * same reason — the gate is ours.
 */
export function trivyArgs(o: TrivyArgsOptions): string[] {
  if (!(o.scanType in DEFAULT_SCANNERS)) {
    throw new Error(
      `scan-type: "${o.scanType}" is not supported; allowed: ${Object.keys(DEFAULT_SCANNERS).join(', ')}`,
    );
  }
  // A target starting with "-" would be read as a flag.
  if (!o.target || o.target.startsWith('-')) {
    throw new Error(
      `target: ${JSON.stringify(o.target)} is not a valid scan target (empty or starts with "-")`,
    );
  }
  if (!o.outputPath) throw new Error('output: a path for the JSON report is required');
  const args = [
    o.scanType,
    '--format',
    'json',
    '--output',
    o.outputPath,
    '--exit-code',
    '0',
    '--no-progress',
  ];
  const scanners = o.scanners ?? DEFAULT_SCANNERS[o.scanType];
  if (scanners && o.scanType !== 'config') {
    const bad = scanners.find((s) => !KNOWN_SCANNERS.includes(s));
    if (bad)
      throw new Error(`scanners: "${bad}" is not a Trivy scanner; allowed: ${KNOWN_SCANNERS.join(', ')}`);
    args.push('--scanners', scanners.join(','));
  }
  // `trivy config` uses no vulnerability DB and has no DB flags.
  if (o.scanType !== 'config') {
    if (o.skipDbUpdate) args.push('--skip-db-update');
    if (o.dbRepository) args.push('--db-repository', o.dbRepository);
  }
  if (o.listAllPkgs && o.scanType !== 'config') args.push('--list-all-pkgs');
  if (o.cacheDir) args.push('--cache-dir', o.cacheDir);
  if (o.ignoreFile) args.push('--ignorefile', o.ignoreFile);
  if (o.configFile) args.push('--config', o.configFile);
  if (o.scanType === 'image' && isImageArchive(o.target)) args.push('--input', o.target);
  else args.push(o.target);
  return args;
}

/**
 * `trivy convert`: turns a JSON report into SARIF or CycloneDX without scanning again (the JSON already has
 * every finding; a second scan would cost minutes and could differ if the DB moved in between).
 */
export function trivyConvertArgs(
  format: 'sarif' | 'cyclonedx',
  jsonPath: string,
  outputPath: string,
): string[] {
  return ['convert', '--format', format, '--output', outputPath, jsonPath];
}

/** Downloads only the vulnerability DB from one repository into the cache dir. */
export function downloadDbArgs(repository: string, cacheDir: string): string[] {
  return [
    'image',
    '--download-db-only',
    '--no-progress',
    '--db-repository',
    repository,
    '--cache-dir',
    cacheDir,
  ];
}
