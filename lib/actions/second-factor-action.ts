import 'server-only';
/**
 * The wrapper for the few actions a session still waiting for its second factor may call (typing a
 * code, enrolling). Every other action goes through authedAction, which sees such a session as no
 * session at all (lib/auth/sessions.ts). `allow` names the session states the action accepts.
 */
import type { z } from 'zod';
import { getSessionState } from '@/lib/auth/current-user';
import type { CurrentUser } from '@/lib/auth/sessions';
import type { ActionResult } from './result';
import { mapError, zodFieldErrors } from './safe-action';

export type SecondFactorStage = 'full' | 'code' | 'enrol';

export function secondFactorAction<S extends z.ZodType, T>(
  allow: readonly SecondFactorStage[],
  schema: S,
  handler: (ctx: { user: CurrentUser }, input: z.output<S>) => Promise<T>,
): (input: unknown) => Promise<ActionResult<T>> {
  return async (input: unknown) => {
    try {
      const state = await getSessionState();
      const stage = state ? (state.kind === 'full' ? 'full' : state.step) : null;
      if (!state || !stage) return { ok: false, code: 'unauthenticated', message: 'Your session has ended. Please log in again.' };
      if (!allow.includes(stage)) return { ok: false, code: 'forbidden', message: 'There is no such step for this session.' };
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        return { ok: false, code: 'invalid', message: 'Please correct the highlighted fields.', fieldErrors: zodFieldErrors(parsed.error) };
      }
      return { ok: true, data: await handler({ user: state.user }, parsed.data) };
    } catch (err) {
      return mapError(err);
    }
  };
}
