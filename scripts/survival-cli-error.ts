/**
 * Exit codes and the error type of the survival CLI, in a module of their own
 * so that the CSV reader (scripts/survival-csv.ts) and the CLI share them
 * without importing each other.
 */
export const EXIT = { ok: 0, usage: 2, file: 3, data: 4 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
