/**
 * Puts a server action's result on a react-hook-form form: field errors next to their fields,
 * anything else (or errors for fields the form does not show) as the form-level message.
 */
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import type { ActionResult } from '@/lib/actions/result';

export function applyActionErrors<T extends FieldValues>(
  result: Extract<ActionResult<unknown>, { ok: false }>,
  fields: readonly Path<T>[],
  setError: UseFormSetError<T>,
): string {
  const stray: string[] = [];
  for (const [key, messages] of Object.entries(result.fieldErrors ?? {})) {
    const field = fields.find((f) => f === key);
    const message = messages.join(' ');
    if (field) setError(field, { type: 'server', message }, { shouldFocus: true });
    else stray.push(message);
  }
  return [result.message, ...stray].join(' ');
}

/** What to show for a network or server failure that never produced a result. */
export const UNEXPECTED = 'The server could not be reached. Nothing was saved; please try again.';
