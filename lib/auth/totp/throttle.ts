/**
 * Throttling of second-factor codes, counted in the database (second_factor_attempts) so that it
 * holds across instances, decided under an advisory lock per user (its own key space, 3, next to the
 * login throttle's 1 and 2 in lib/auth/throttle.ts). Only someone who already knows the password
 * reaches this step, so a plain per-account limit is no denial-of-service button for strangers:
 * LOGIN_MAX_FAILURES wrong codes within LOGIN_WINDOW_MINUTES refuse further codes until the oldest
 * leaves the window. A success ends the count of earlier failures, as for passwords.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { env } from '@/lib/env';

export async function lockSecondFactor(tx: Tx, userId: number): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(3, ${userId}::integer)`);
}

export interface SecondFactorThrottle { blocked: boolean; failures: number; retryAfterSeconds: number }

export async function secondFactorThrottle(tx: Tx, userId: number): Promise<SecondFactorThrottle> {
  const { LOGIN_MAX_FAILURES, LOGIN_WINDOW_MINUTES } = env();
  const res = (await tx.execute(sql`
    WITH w AS (SELECT clock_timestamp() AS now, clock_timestamp() - make_interval(mins => ${LOGIN_WINDOW_MINUTES}::int) AS start),
    since AS (SELECT coalesce(max(a.at), w.start) AS t FROM w LEFT JOIN second_factor_attempts a
      ON a.user_id = ${userId} AND a.succeeded AND a.at > w.start GROUP BY w.start)
    SELECT count(a.id)::int AS failures,
      extract(epoch FROM (min(a.at) + make_interval(mins => ${LOGIN_WINDOW_MINUTES}::int) - (SELECT now FROM w)))::float8 AS wait
    FROM since LEFT JOIN second_factor_attempts a ON a.user_id = ${userId} AND NOT a.succeeded AND a.at > since.t`)) as unknown as {
    rows: { failures: number | string; wait: number | string | null }[];
  };
  const row = res.rows[0];
  const failures = Number(row?.failures ?? 0);
  const blocked = failures >= LOGIN_MAX_FAILURES;
  return { blocked, failures, retryAfterSeconds: blocked ? Math.max(1, Math.ceil(Number(row?.wait ?? 0))) : 0 };
}

export function secondFactorThrottledMessage(t: SecondFactorThrottle): string {
  const minutes = Math.max(1, Math.ceil(t.retryAfterSeconds / 60));
  return `Too many wrong codes. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}
