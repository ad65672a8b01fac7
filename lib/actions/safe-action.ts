import 'server-only';
/**
 * The one wrapper every server action goes through: session → permission → zod parse → service.
 * Server actions are public POST endpoints, so nothing here trusts the client: the user is re-read
 * from the database, input is parsed by a strict schema (unknown keys rejected), and the service
 * re-checks centre scope for the records it touches.
 */
import type { z } from 'zod';
import { getCurrentUser } from '@/lib/auth/current-user';
import { can, type Permission } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { getDb } from '@/db/client';
import { recordDenial } from '@/lib/services/audit/record-event';
import { ServiceError, type FieldErrors } from '@/lib/services/errors';
import type { ActionResult } from './result';
import { log } from '@/lib/log/logger';

export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_form';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

export function mapError(err: unknown): ActionResult<never> {
  if (err instanceof ServiceError) {
    return { ok: false, message: err.message, code: err.code, fieldErrors: err.fieldErrors, details: err.details };
  }
  log.error({ err }, 'unexpected error in a server action');
  return { ok: false, message: 'Something went wrong on the server. Nothing was saved; please try again.' };
}

export function authedAction<S extends z.ZodType, T>(
  permission: Permission,
  schema: S,
  handler: (ctx: { user: CurrentUser }, input: z.output<S>) => Promise<T>,
): (input: unknown) => Promise<ActionResult<T>> {
  return async (input: unknown) => {
    try {
      const user = await getCurrentUser();
      if (!user) return { ok: false, code: 'unauthenticated', message: 'Your session has ended. Please log in again.' };
      if (!can(user, permission)) return { ok: false, code: 'forbidden', message: 'You are not allowed to do this.' };
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        return { ok: false, code: 'invalid', message: 'Please correct the highlighted fields.', fieldErrors: zodFieldErrors(parsed.error) };
      }
      return { ok: true, data: await handler({ user }, parsed.data) };
    } catch (err) {
      if (err instanceof ServiceError && err.denial) {
        const user = await getCurrentUser().catch(() => null);
        if (user) await recordDenial(await getDb(), user, err.denial);
      }
      return mapError(err);
    }
  };
}
