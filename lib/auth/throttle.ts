/**
 * Login throttling kept in the database, so failures on any instance count together:
 * after LOGIN_MAX_FAILURES failed attempts for an email within LOGIN_WINDOW_MINUTES, further
 * attempts are refused (without checking the password) until the oldest failure leaves the window.
 * A successful login does not erase failures: it only stops counting those before it.
 */
import { and, count, desc, eq, gt, min } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { loginAttempts } from '@/db/schema';
import { env } from '@/lib/env';

export interface ThrottleState { blocked: boolean; retryAfterSeconds: number; failures: number }

export async function throttleState(db: Db | Tx, email: string, now = new Date()): Promise<ThrottleState> {
  const { LOGIN_MAX_FAILURES, LOGIN_WINDOW_MINUTES } = env();
  const windowStart = new Date(now.getTime() - LOGIN_WINDOW_MINUTES * 60_000);
  const lastSuccess = await db.select({ at: loginAttempts.at }).from(loginAttempts)
    .where(and(eq(loginAttempts.email, email), eq(loginAttempts.succeeded, true), gt(loginAttempts.at, windowStart)))
    .orderBy(desc(loginAttempts.at)).limit(1);
  const since = lastSuccess[0]?.at ?? windowStart;
  const [row] = await db.select({ n: count(), oldest: min(loginAttempts.at) }).from(loginAttempts)
    .where(and(eq(loginAttempts.email, email), eq(loginAttempts.succeeded, false), gt(loginAttempts.at, since)));
  const failures = Number(row?.n ?? 0);
  if (failures < LOGIN_MAX_FAILURES || !row?.oldest) return { blocked: false, retryAfterSeconds: 0, failures };
  const oldest = new Date(row.oldest);
  const retryAfterSeconds = Math.max(1, Math.ceil((oldest.getTime() + LOGIN_WINDOW_MINUTES * 60_000 - now.getTime()) / 1000));
  return { blocked: true, retryAfterSeconds, failures };
}
