/**
 * Releases known to be malicious, from the March 2026 supply-chain compromise (GHSA-69fq-xp46-6x23,
 * aquasecurity/trivy-action#541): a stolen release credential published a credential-stealing Trivy
 * v0.69.4, and the trivy-action tags that existed then were force-pushed to malicious commits.
 */
export interface CompromisedRelease {
  what: 'trivy' | 'trivy-action';
  version: string;
  note: string;
}

/** Trivy binary / image versions that must never run. */
export const COMPROMISED_TRIVY_VERSIONS: readonly CompromisedRelease[] = [
  {
    what: 'trivy',
    version: '0.69.4',
    note: 'malicious release published 2026-03-19 by the compromised release automation (GitHub release, GHCR, ECR Public, Docker Hub)',
  },
  {
    what: 'trivy',
    version: '0.69.5',
    note: 'malicious image pushed to Docker Hub only during the same incident',
  },
  {
    what: 'trivy',
    version: '0.69.6',
    note: 'malicious image pushed to Docker Hub only during the same incident',
  },
];

const strip = (v: string) => v.trim().replace(/^v/i, '');

/** The compromise entry for a Trivy version, or undefined when it is not a known-bad one. */
export function checkTrivyVersion(version: string): CompromisedRelease | undefined {
  return COMPROMISED_TRIVY_VERSIONS.find((r) => r.version === strip(version));
}

function compare(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * trivy-action refs that pointed at malicious commits: every un-prefixed tag 0.0.1 … 0.34.2 was
 * force-pushed on 2026-03-19/20. The maintainers re-created the good commits under `v`-prefixed tags, and
 * 0.35.0 was never touched. A 40-hex commit SHA is not judged here (pinning by SHA is the remedy).
 */
export function checkTrivyActionRef(ref: string): CompromisedRelease | undefined {
  const r = ref.trim();
  if (/^[0-9a-f]{40}$/i.test(r) || r.startsWith('v')) return undefined;
  if (!/^\d+\.\d+\.\d+$/.test(r)) return undefined;
  if (compare(r, '0.0.1') >= 0 && compare(r, '0.34.2') <= 0) {
    return {
      what: 'trivy-action',
      version: r,
      note: 'tag was force-pushed to a credential-stealing commit in March 2026 (trivy-action#541); use v-prefixed restored tags, 0.35.0+, or a commit SHA',
    };
  }
  return undefined;
}
