import { gzipSync } from 'node:zlib';
import { httpStatus, type GitHubClient } from './octokit';

export type SarifUploadResult = { uploaded: true; id: string } | { uploaded: false; reason: string };

/**
 * Uploads SARIF to code scanning. A 403 means the repository has no code scanning (GitHub Advanced Security
 * off, or a fork's read-only token): that is reported, not thrown, because the scan's verdict must not depend
 * on whether the repository pays for a feature.
 */
export async function uploadSarif(
  client: GitHubClient,
  where: { owner: string; repo: string },
  options: { sarif: string; commitSha: string; ref: string },
): Promise<SarifUploadResult> {
  try {
    const { data } = await client.rest.codeScanning.uploadSarif({
      ...where,
      commit_sha: options.commitSha,
      ref: options.ref,
      sarif: gzipSync(Buffer.from(options.sarif, 'utf8')).toString('base64'),
    });
    return { uploaded: true, id: data.id ?? '' };
  } catch (error: unknown) {
    const status = httpStatus(error);
    if (status === 403 || status === 404) {
      return {
        uploaded: false,
        reason: `code scanning refused the upload (HTTP ${status}): Advanced Security is off or the token lacks security-events: write`,
      };
    }
    throw error;
  }
}
