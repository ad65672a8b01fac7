/**
 * Typed error for bad input. Callers (API routes, the CLI) can catch it with
 * `instanceof SurvivalInputError` and show `message`, which always names the
 * offending 0-based array index (and field) when one is at fault.
 */
export class SurvivalInputError extends Error {
  /** 0-based index of the offending element, when a single element is at fault. */
  readonly index: number | undefined;
  /** Name of the offending input field (`time`, `status`, `group`, `cause`, ...). */
  readonly field: string | undefined;

  constructor(message: string, field?: string, index?: number) {
    super(message);
    this.name = 'SurvivalInputError';
    this.field = field;
    this.index = index;
  }
}
