/** Errors the simulator answers with, in the API server's `Status` form (helm relies on reason `NotFound`). */

/** An error that becomes a `Status` reply with the given HTTP code and reason. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: { name?: string; group?: string; kind?: string },
  ) {
    super(message);
  }

  /** The `Status` object the API server would send. */
  toStatus(): object {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** `<plural>.<group> "<name>" not found`, the API server's wording. */
export function notFound(plural: string, group: string, name: string): ApiError {
  const resource = group ? `${plural}.${group}` : plural;
  return new ApiError(404, 'NotFound', `${resource} "${name}" not found`, { name, group, kind: plural });
}

/** `<plural>.<group> "<name>" already exists`. */
export function alreadyExists(plural: string, group: string, name: string): ApiError {
  const resource = group ? `${plural}.${group}` : plural;
  return new ApiError(409, 'AlreadyExists', `${resource} "${name}" already exists`, {
    name,
    group,
    kind: plural,
  });
}

/** A 400 for a body or query the simulator cannot read. */
export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}
