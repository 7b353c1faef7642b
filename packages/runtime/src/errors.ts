/**
 * A mistake the user can fix (a bad input, a missing file, a cluster that refuses the kubeconfig). It is
 * printed plainly, without a stack trace, because the trace would only hide the sentence that matters.
 */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/** Whether a value is a {@link ConfigurationError}, also across bundle copies of this class. */
export function isConfigurationError(error: unknown): error is Error {
  return (
    error instanceof ConfigurationError || (error instanceof Error && error.name === 'ConfigurationError')
  );
}

/** The message of anything thrown, for places where `unknown` must become text. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}
