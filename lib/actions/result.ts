import type { FieldErrors } from '@/lib/services/errors';

/** What every server action returns: the form shows `message` and `fieldErrors` next to fields. */
export type ActionResult<T = undefined> =
  | { ok: true; data: T; message?: string }
  | { ok: false; message: string; code?: string; fieldErrors?: FieldErrors; details?: Record<string, unknown> };
