/** A bad services map, shared-path list or gate result: names the source, where in it, and what is allowed. */
export class PipelineInputError extends Error {
  override name = 'PipelineInputError';
  /**
   * @param source the input or file at fault (e.g. `input 'services'`)
   * @param detail what is wrong and what is allowed
   */
  constructor(
    readonly source: string,
    readonly detail: string,
  ) {
    super(`${source}: ${detail}`);
  }
}
