import type { Compromised, ToolRelease } from './releases';

// URL and archive layout built from one place per tool, so an entry differs from its neighbours only in
// what was verified (version, platform, arch, sha256).

const trivy = (
  version: string,
  platform: ToolRelease['platform'],
  arch: ToolRelease['arch'],
  asset: string,
  sha256: string,
): ToolRelease => ({
  tool: 'trivy',
  version,
  platform,
  arch,
  url: `https://github.com/aquasecurity/trivy/releases/download/v${version}/trivy_${version}_${asset}.tar.gz`,
  sha256,
  archive: 'tar.gz',
  binary: 'trivy',
});

const k6 = (
  version: string,
  platform: ToolRelease['platform'],
  arch: ToolRelease['arch'],
  sha256: string,
): ToolRelease => {
  const name = `k6-v${version}-${platform === 'darwin' ? 'macos' : 'linux'}-${arch === 'x64' ? 'amd64' : 'arm64'}`;
  const archive = platform === 'darwin' ? 'zip' : 'tar.gz';
  return {
    tool: 'k6',
    version,
    platform,
    arch,
    url: `https://github.com/grafana/k6/releases/download/v${version}/${name}.${archive}`,
    sha256,
    archive,
    binary: `${name}/k6`,
  };
};

const helm = (
  version: string,
  platform: ToolRelease['platform'],
  arch: ToolRelease['arch'],
  sha256: string,
): ToolRelease => {
  const dir = `${platform}-${arch === 'x64' ? 'amd64' : 'arm64'}`;
  return {
    tool: 'helm',
    version,
    platform,
    arch,
    url: `https://get.helm.sh/helm-v${version}-${dir}.tar.gz`,
    sha256,
    archive: 'tar.gz',
    binary: `${dir}/helm`,
  };
};

/**
 * The committed checksum table. Each sha256 is the value in the vendor's own published checksum data
 * (`trivy_<v>_checksums.txt` and the vendor's Homebrew tap, `k6-v<v>-checksums.txt`, get.helm.sh
 * `<archive>.sha256sum`) as quoted in the public repositories named on each entry, and was checked to match
 * in every source named. It is the only thing an archive is compared with: nothing is fetched from the host
 * that serves the binary. Where a source gives an SRI value (`sha256-<base64>`, rules_helm) it was decoded
 * base64 → hex. A value found in only one source says so. To add a version, repeat that: two independent
 * sources, same value, never a guess.
 */
export const RELEASES: readonly ToolRelease[] = [
  // Trivy 0.72.0 — cashapp/hermit-packages trivy.hcl, and the same four values in 8+ unrelated public
  // install scripts/Dockerfiles in the code index that quote trivy_0.72.0_checksums.txt.
  trivy(
    '0.72.0',
    'linux',
    'x64',
    'Linux-64bit',
    'bbb64b9695866ce4a7a8f5c9592002c5961cab378577fa3f8a040df362b9b2ea',
  ),
  trivy(
    '0.72.0',
    'linux',
    'arm64',
    'Linux-ARM64',
    '2ca2c023109c2db6b2b77366b6717291452d4531167377d95c79547f0c8e3467',
  ),
  trivy(
    '0.72.0',
    'darwin',
    'x64',
    'macOS-64bit',
    'ee5e60df8a98e5b89fd74a6d86f9e5c7e9a266a35002cb1e43291698b3bfee08',
  ),
  trivy(
    '0.72.0',
    'darwin',
    'arm64',
    'macOS-ARM64',
    '88f208680dc05da2b459e19b4f5aa2b4dc7c2117892ba4aab2ae63baba330016',
  ),
  // Trivy 0.69.3 (last release before the compromised 0.69.4) — the vendor's tap aquasecurity/homebrew-trivy
  // trivy.rb (commit 3a7624d, "v0.69.3") and cashapp/hermit-packages trivy.hcl.
  trivy(
    '0.69.3',
    'linux',
    'x64',
    'Linux-64bit',
    '1816b632dfe529869c740c0913e36bd1629cb7688bd5634f4a858c1d57c88b75',
  ),
  trivy(
    '0.69.3',
    'linux',
    'arm64',
    'Linux-ARM64',
    '7e3924a974e912e57b4a99f65ece7931f8079584dae12eb7845024f97087bdfd',
  ),
  trivy(
    '0.69.3',
    'darwin',
    'x64',
    'macOS-64bit',
    'fec4a9f7569b624dd9d044fca019e5da69e032700edbb1d7318972c448ec2f4e',
  ),
  trivy(
    '0.69.3',
    'darwin',
    'arm64',
    'macOS-ARM64',
    'a2f2179afd4f8bb265ca3c7aefb56a666bc4a9a411663bc0f22c3549fbc643a5',
  ),
  // k6 1.7.1 — cashapp/hermit-packages k6.hcl; linux/x64 also archlinux/aur PKGBUILD (k6-bin 1.7.1).
  k6('1.7.1', 'linux', 'x64', 'cc127a656f734f8ea1e89f8a417777905ae6a93d42f3e763e95313518180655b'),
  // k6 1.7.1 — cashapp/hermit-packages k6.hcl only: no second public source was found.
  k6('1.7.1', 'linux', 'arm64', '5a91fa37d89d1fe776aea590d689029ffc2d2f2634a6c61eb51c982ff50700d7'),
  k6('1.7.1', 'darwin', 'x64', 'f6933670ddccb924d48815992e44e0ee1b040d814c5e5580b9bdebce71019c40'),
  k6('1.7.1', 'darwin', 'arm64', '9cace748ebeddb92432f606c6c53d964772176fdf1a0ebb4db5ead3df39ba761'),
  // Helm 3.17.3 — abrisco/rules_helm and periareon/rules_helm helm/private/versions.bzl (SRI of the
  // get.helm.sh .sha256sum files) and cashapp/hermit-packages helm.hcl; linux also in many Dockerfiles.
  helm('3.17.3', 'linux', 'x64', 'ee88b3c851ae6466a3de507f7be73fe94d54cbf2987cbaa3d1a3832ea331f2cd'),
  helm('3.17.3', 'linux', 'arm64', '7944e3defd386c76fd92d9e6fec5c2d65a323f6fadc19bfb5e704e3eee10348e'),
  helm('3.17.3', 'darwin', 'x64', '20ef8df4671349a6fc556a621be1170dd709c6c0cf5f7e83a2d9fb0515fd97fc'),
  helm('3.17.3', 'darwin', 'arm64', '89aec43ce07b06239f1bba4a6507236bb48ae487bc5065a8e254d3ce58a16997'),
  // Helm 4.1.4 — periareon/rules_helm helm/private/versions.bzl (SRI of the .sha256sum files),
  // cashapp/hermit-packages helm.hcl, and a public copy of the helm/helm v4.1.4 release notes.
  helm('4.1.4', 'linux', 'x64', '70b2c30a19da4db264dfd68c8a3664e05093a361cefd89572ffb36f8abfa3d09'),
  helm('4.1.4', 'linux', 'arm64', '13d03672be289045d2ff00e4e345d61de1c6f21c1257a45955a30e8ae036d8f1'),
  helm('4.1.4', 'darwin', 'x64', 'abf09c8503ad1d8ef76d3737a058c3456a998aae5f5966fce4bb3031aeb1654e'),
  helm('4.1.4', 'darwin', 'arm64', '7c2eca678e8001fa863cdf8cbf6ac1b3799f9404a89eb55c08260ef5732e658d'),
];

/**
 * Versions never to install, whatever the checksum says: the March 2026 Trivy supply-chain compromise
 * (GHSA-69fq-xp46-6x23, CVE-2026-33634; aquasecurity/trivy-action#541).
 */
export const COMPROMISED: readonly Compromised[] = [
  {
    tool: 'trivy',
    version: '0.69.4',
    reason:
      'malicious credential-stealing release published 2026-03-19 by the compromised release automation (GitHub release, GHCR, ECR Public, Docker Hub); aquasecurity/trivy-action#541, GHSA-69fq-xp46-6x23',
  },
  {
    tool: 'trivy',
    version: '0.69.5',
    reason: 'malicious image pushed to Docker Hub during the same March 2026 incident (GHSA-69fq-xp46-6x23)',
  },
  {
    tool: 'trivy',
    version: '0.69.6',
    reason: 'malicious image pushed to Docker Hub during the same March 2026 incident (GHSA-69fq-xp46-6x23)',
  },
];

/** The versions installed when the action's `version` input is left at its default. */
export const DEFAULT_VERSIONS: Readonly<Record<string, string>> = {
  trivy: '0.72.0',
  k6: '1.7.1',
  helm: '3.17.3',
};
