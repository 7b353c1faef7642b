import type { GitHubClient } from './octokit';

export type DeploymentState = 'in_progress' | 'queued' | 'success' | 'failure' | 'error' | 'inactive';

export interface DeploymentRef {
  owner: string;
  repo: string;
}

/**
 * Creates a deployment for an environment at a ref. Required status contexts are disabled: the deploy job
 * itself is the check, and GitHub would otherwise refuse while other checks are still running.
 */
export async function createDeployment(
  client: GitHubClient,
  where: DeploymentRef,
  options: { ref: string; environment: string; description?: string; payload?: Record<string, unknown> },
): Promise<number> {
  const { data } = await client.rest.repos.createDeployment({
    ...where,
    ref: options.ref,
    environment: options.environment,
    auto_merge: false,
    required_contexts: [],
    description: options.description?.slice(0, 140),
    payload: JSON.stringify(options.payload ?? {}),
    production_environment: /^prod(uction)?$/i.test(options.environment),
  });
  if (!('id' in data))
    throw new Error(`GitHub did not create a deployment: ${data.message ?? 'no reason given'}`);
  return data.id;
}

/** Adds a status; `success` marks earlier deployments of the environment inactive (GitHub's auto_inactive). */
export async function setDeploymentStatus(
  client: GitHubClient,
  where: DeploymentRef,
  deploymentId: number,
  status: { state: DeploymentState; environmentUrl?: string; logUrl?: string; description?: string },
): Promise<void> {
  await client.rest.repos.createDeploymentStatus({
    ...where,
    deployment_id: deploymentId,
    state: status.state,
    ...(status.environmentUrl ? { environment_url: status.environmentUrl } : {}),
    ...(status.logUrl ? { log_url: status.logUrl } : {}),
    description: status.description?.slice(0, 140),
    auto_inactive: true,
  });
}

/** The newest deployment of an environment whose latest status is `success`, to mark again as current. */
export async function findLastSuccessfulDeployment(
  client: GitHubClient,
  where: DeploymentRef,
  environment: string,
  exclude: number[] = [],
): Promise<number | undefined> {
  const { data } = await client.rest.repos.listDeployments({ ...where, environment, per_page: 30 });
  for (const d of data) {
    if (exclude.includes(d.id)) continue;
    const { data: statuses } = await client.rest.repos.listDeploymentStatuses({
      ...where,
      deployment_id: d.id,
      per_page: 1,
    });
    if (statuses[0]?.state === 'success' || statuses[0]?.state === 'inactive') return d.id;
  }
  return undefined;
}

/** What identifies the deployment a run made (see {@link findRunDeployment}). */
export interface RunDeploymentQuery {
  environment: string;
  /** The run's commit; when empty, `ref` stands for it (as the deploy action recorded it). */
  sha: string;
  ref?: string;
  /** Fields the deploying action wrote into the payload, e.g. `{release, namespace, revision}`. */
  payload?: Record<string, string | number | undefined>;
}

/** A deployment payload as the API returns it: an object, or the JSON string it was created from. */
function payloadObject(payload: unknown): Record<string, unknown> {
  if (typeof payload === 'string') {
    try {
      payload = JSON.parse(payload) as unknown;
    } catch {
      return {};
    }
  }
  return payload !== null && typeof payload === 'object' ? (payload as Record<string, unknown>) : {};
}

/**
 * This run's deployment among the newest 30 of an environment: the first whose payload carries every given
 * payload field (release, namespace and revision pin it even when runs of one commit overlap), else the first
 * at the run's commit.
 */
export async function findRunDeployment(
  client: GitHubClient,
  where: DeploymentRef,
  query: RunDeploymentQuery,
): Promise<number | undefined> {
  const { data } = await client.rest.repos.listDeployments({
    ...where,
    environment: query.environment,
    per_page: 30,
  });
  const wanted = Object.entries(query.payload ?? {}).filter(([, v]) => v !== undefined);
  if (wanted.length > 0) {
    const byPayload = data.find((d) => {
      const payload = payloadObject(d.payload);
      // A revision may come back as a number or a string: compare scalar values by their text.
      return wanted.every(([k, v]) => {
        const actual = payload[k];
        return (typeof actual === 'string' || typeof actual === 'number') && String(actual) === String(v);
      });
    });
    if (byPayload) return byPayload.id;
  }
  const commit = query.sha || query.ref;
  return data.find((d) => d.sha === commit || d.ref === commit)?.id;
}
