import 'server-only';
/**
 * "Forgot password?": queues a reset link for an active account with this e-mail. The caller always
 * gets the same answer (nothing is returned), known e-mail or not, and the work done is nearly the
 * same (a few inserts; the mail itself is sent later by the outbox worker), so neither the answer
 * nor its timing tells whether an account exists.
 *
 * Throttled against mail bombing, counted in the database (every instance sees the same counts):
 * at most RESET_MAX_PER_EMAIL requests per e-mail and RESET_MAX_PER_SOURCE per source address in
 * RESET_WINDOW_MINUTES; beyond that, requests are recorded but send nothing.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { passwordResetRequests } from '@/db/schema';
import { enqueueMail } from '@/lib/mail/outbox';
import { log } from '@/lib/log/logger';
import { recordEvent } from '@/lib/services/audit/record-event';
import type { ForgotPasswordInput } from '@/lib/validation/password-link';
import { passwordResetMail } from './mail-texts';
import { issuePasswordToken } from './password-tokens';

export const RESET_WINDOW_MINUTES = 60;
export const RESET_MAX_PER_EMAIL = 3;
export const RESET_MAX_PER_SOURCE = 20;

const rowsOf = <T,>(r: unknown): T[] => (r as { rows: T[] }).rows;

export type ResetRequestOutcome = 'queued' | 'unknown' | 'throttled';

/** The outcome is for logs and tests only: the page shows the same sentence for every outcome. */
export async function requestPasswordReset(db: Db, input: ForgotPasswordInput, ip: string | null): Promise<ResetRequestOutcome> {
  const email = input.email.trim().toLowerCase();
  const outcome = await db.transaction(async (tx): Promise<ResetRequestOutcome> => {
    // Serialise requests for one e-mail so concurrent ones cannot all slip under the limit.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(3, hashtext(${email}))`);
    const [counts] = rowsOf<{ by_email: number; by_source: number }>(await tx.execute(sql`
      SELECT
        (SELECT count(*)::int FROM password_reset_requests WHERE email = ${email}
           AND at > now() - make_interval(mins => ${RESET_WINDOW_MINUTES})) AS by_email,
        (SELECT count(*)::int FROM password_reset_requests WHERE ${ip}::text IS NOT NULL AND ip = ${ip}
           AND at > now() - make_interval(mins => ${RESET_WINDOW_MINUTES})) AS by_source`));
    await tx.insert(passwordResetRequests).values({ email, ip });
    if (Number(counts?.by_email ?? 0) >= RESET_MAX_PER_EMAIL || Number(counts?.by_source ?? 0) >= RESET_MAX_PER_SOURCE) return 'throttled';
    const [user] = rowsOf<{ id: number; email: string; centre_id: number | null }>(await tx.execute(sql`
      SELECT id, email, centre_id FROM users WHERE lower(email) = ${email} AND active LIMIT 1`));
    if (!user) return 'unknown';
    const token = await issuePasswordToken(tx, user.id, 'password_reset');
    await enqueueMail(tx, passwordResetMail(user.email, token));
    await recordEvent(tx, {
      actor: { id: user.id, label: user.email }, action: 'password_reset_requested', tableName: 'users', recordId: user.id,
      centreId: user.centre_id, details: { source: ip },
    });
    return 'queued';
  });
  if (outcome === 'throttled') log.warn({ ip }, 'password reset request throttled');
  return outcome;
}
