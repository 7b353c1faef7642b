/**
 * A pinned release: where the archive is and the sha256 it must have. The checksum is committed in this
 * repository and never fetched from the host that serves the binary: a compromised release host (as in the
 * March 2026 trivy-action incident) could otherwise serve a matching checksum for a malicious binary.
 */
export interface ToolRelease {
  tool: string;
  version: string;
  platform: 'linux' | 'darwin';
  arch: 'x64' | 'arm64';
  url: string;
  sha256: string;
  archive: 'tar.gz' | 'zip' | 'binary';
  /** Path of the executable inside the archive (or its file name for `binary`). */
  binary: string;
}

/** Releases that must never be installed, whatever the checksum says, and why. */
export interface Compromised {
  tool: string;
  version: string;
  reason: string;
}

/** Normalises `v0.58.1` and `0.58.1` to `0.58.1`. */
export function normaliseVersion(version: string): string {
  return version.trim().replace(/^v/, '');
}

/** The runner's platform and arch in the table's terms. */
export function hostPlatform(
  platform: string = process.platform,
  arch: string = process.arch,
): { platform: ToolRelease['platform']; arch: ToolRelease['arch'] } {
  const p = platform.toLowerCase();
  const a = arch.toLowerCase();
  return {
    platform: p === 'darwin' || p === 'macos' ? 'darwin' : 'linux',
    arch: a === 'arm64' || a === 'aarch64' ? 'arm64' : 'x64',
  };
}
