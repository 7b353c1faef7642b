/**
 * trivy-action refs known to be malicious, from the March 2026 supply-chain compromise (GHSA-69fq-xp46-6x23,
 * aquasecurity/trivy-action#541). Compromised Trivy *binary* versions are not listed here: the installer's
 * table (`COMPROMISED` in @shipyard/tools) is the one source of truth for tool versions.
 */
export interface CompromisedRelease {
  what: 'trivy-action';
  version: string;
  note: string;
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
