/**
 * Typed service errors. Actions map them to a result the form shows; anything else is logged on
 * the server and the user sees a generic message.
 */
export type FieldErrors = Record<string, string[]>;

/** A refused access to a record that exists in another centre: logged, never shown to the caller. */
export interface Denial { table: string; recordId: number | string; patientId?: number; centreId: number; action: string }

export class ServiceError extends Error {
  /** Set when the error hides a record of another centre; the caller logs it after the transaction. */
  denial?: Denial;
  constructor(
    message: string,
    readonly code: 'forbidden' | 'not_found' | 'conflict' | 'invalid' | 'locked',
    readonly fieldErrors?: FieldErrors,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** "Not found" for a record outside the caller's centres: same message, but the denial is recorded. */
export function deniedAsNotFound(msg: string, denial: Denial): ServiceError {
  const err = new ServiceError(msg, 'not_found');
  err.denial = denial;
  return err;
}

export const forbidden = (msg = 'You are not allowed to do this.') => new ServiceError(msg, 'forbidden');
/** Also used for records outside the caller's centre: they must not learn the record exists. */
export const notFound = (msg = 'Not found.') => new ServiceError(msg, 'not_found');
export const invalid = (msg: string, fieldErrors?: FieldErrors) => new ServiceError(msg, 'invalid', fieldErrors);
export const conflict = (msg: string, details?: Record<string, unknown>) => new ServiceError(msg, 'conflict', undefined, details);
