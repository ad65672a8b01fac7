/**
 * Credentials check behind the login form: throttle → look up → verify → open a session.
 * Every attempt is recorded (login_attempts for throttling, audit_log for the trail), in UTC.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';
import { recordEvent } from '@/lib/services/audit/record-event';
import { DUMMY_HASH, verifyPassword } from './password';
import { createSession } from './sessions';
import { recordAttempt, throttleState } from './throttle';

export type AuthResult =
  | { ok: true; userId: number; sessionId: string }
  | { ok: false; reason: 'invalid' | 'throttled'; message: string };

export const INVALID_MESSAGE = 'Wrong email or password.';

export async function authenticate(db: Db, rawEmail: string, password: string, ip: string | null): Promise<AuthResult> {
  const email = rawEmail.trim().toLowerCase();
  if (!email || !password || password.length > 1024) return { ok: false, reason: 'invalid', message: INVALID_MESSAGE };
  const throttle = await throttleState(db, email);
  if (throttle.blocked) {
    await recordEvent(db, { actor: { id: 'system', label: email }, action: 'login_throttled', tableName: 'users', details: { ip } });
    const minutes = Math.ceil(throttle.retryAfterSeconds / 60);
    return { ok: false, reason: 'throttled', message: `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.` };
  }
  const [user] = await db.select().from(users).where(eq(sql`lower(${users.email})`, email)).limit(1);
  const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !valid || !user.active) {
    await recordAttempt(db, email, false, ip);
    await recordEvent(db, {
      actor: { id: 'system', label: email }, action: 'login_failed', tableName: 'users', recordId: user?.id ?? null,
      details: { ip, reason: !user ? 'unknown email' : !valid ? 'wrong password' : 'inactive account' },
    });
    return { ok: false, reason: 'invalid', message: INVALID_MESSAGE };
  }
  await recordAttempt(db, email, true, ip);
  const sessionId = await createSession(db, user.id);
  await recordEvent(db, { actor: { id: user.id, label: user.email }, action: 'login', tableName: 'users', recordId: user.id, details: { ip } });
  return { ok: true, userId: user.id, sessionId };
}
