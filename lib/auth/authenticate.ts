/**
 * Credentials check behind the login form: throttle → look up → verify → open a session.
 * Every attempt is recorded (login_attempts for throttling, audit_log for the trail), in UTC.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { loginAttempts, users } from '@/db/schema';
import { recordEvent } from '@/lib/services/audit/record-event';
import { DUMMY_HASH, verifyPassword } from './password';
import { createSession } from './sessions';
import { throttleState } from './throttle';

export type AuthResult =
  | { ok: true; userId: number; sessionId: string }
  | { ok: false; reason: 'invalid' | 'throttled'; message: string };

export const INVALID_MESSAGE = 'Wrong email or password.';

export async function authenticate(db: Db, rawEmail: string, password: string, ip: string | null): Promise<AuthResult> {
  const email = rawEmail.trim().toLowerCase();
  if (!email || !password || password.length > 1024) return { ok: false, reason: 'invalid', message: INVALID_MESSAGE };
  // Count and record under a per-email lock (a short transaction, released before the slow password
  // check): of N concurrent guesses, on any number of instances, exactly the first
  // LOGIN_MAX_FAILURES are checked against the password; the rest are refused unchecked.
  const slot = await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${'login:' + email}))`);
    const state = await throttleState(tx, email);
    if (state.blocked) return { state, attemptId: null };
    const [row] = await tx.insert(loginAttempts).values({ email, succeeded: false, ip }).returning({ id: loginAttempts.id });
    return { state, attemptId: row?.id ?? null };
  });
  if (slot.attemptId === null) {
    await recordEvent(db, { actor: { id: 'system', label: email }, action: 'login_throttled', tableName: 'users', details: { ip } });
    const minutes = Math.ceil(slot.state.retryAfterSeconds / 60);
    return { ok: false, reason: 'throttled', message: `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.` };
  }
  const attemptId = slot.attemptId;
  const [user] = await db.select().from(users).where(eq(sql`lower(${users.email})`, email)).limit(1);
  const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !valid || !user.active) {
    await recordEvent(db, {
      actor: { id: 'system', label: email }, action: 'login_failed', tableName: 'users', recordId: user?.id ?? null,
      details: { ip, reason: !user ? 'unknown email' : !valid ? 'wrong password' : 'inactive account' },
    });
    return { ok: false, reason: 'invalid', message: INVALID_MESSAGE };
  }
  await db.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, attemptId));
  const sessionId = await createSession(db, user.id);
  await recordEvent(db, { actor: { id: user.id, label: user.email }, action: 'login', tableName: 'users', recordId: user.id, details: { ip } });
  return { ok: true, userId: user.id, sessionId };
}
