'use server';
/**
 * Actions of the pages reached without a session: "forgot password" and the set-password page of an
 * invitation or reset link. They take no session by design; what protects them is the service
 * (throttling, single-use hashed tokens), the strict schemas and the proxy's 64 kB limit on calls
 * without a session cookie.
 */
import { headers } from 'next/headers';
import { getDb } from '@/db/client';
import type { ActionResult } from '@/lib/actions/result';
import { mapError, zodFieldErrors } from '@/lib/actions/safe-action';
import { clientIpFromHeaders } from '@/lib/http/client-ip';
import { requestPasswordReset } from '@/lib/services/account/request-password-reset';
import { setPasswordWithLink } from '@/lib/services/account/set-password-with-link';
import { forgotPasswordSchema, setPasswordWithLinkSchema } from '@/lib/validation/password-link';
import { FORGOT_PASSWORD_ANSWER } from './texts';

export async function requestPasswordResetAction(input: unknown): Promise<ActionResult<{ message: string }>> {
  const parsed = forgotPasswordSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'invalid', message: 'Please correct the highlighted fields.', fieldErrors: zodFieldErrors(parsed.error) };
  try {
    const h = await headers();
    await requestPasswordReset(await getDb(), parsed.data, clientIpFromHeaders(Object.fromEntries(h.entries())));
  } catch (err) {
    mapError(err); // logged; the answer stays the same so that it tells nothing about the account
  }
  // Known, unknown, throttled: one answer.
  return { ok: true, data: { message: FORGOT_PASSWORD_ANSWER } };
}

export async function setPasswordWithLinkAction(input: unknown): Promise<ActionResult<{ email: string }>> {
  const parsed = setPasswordWithLinkSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'invalid', message: 'Please correct the highlighted fields.', fieldErrors: zodFieldErrors(parsed.error) };
  try {
    const r = await setPasswordWithLink(await getDb(), parsed.data);
    return { ok: true, data: { email: r.email } };
  } catch (err) {
    return mapError(err);
  }
}
