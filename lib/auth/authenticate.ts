/**
 * Credentials check behind the login form: cap the input → throttle → look up → verify → open a
 * session. Every attempt that reaches the password check is recorded (login_attempts for
 * throttling, audit_log for the trail), in UTC; over-long input is refused before any write.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { loginAttempts, users, userTotp } from '@/db/schema';
import { recordEvent } from '@/lib/services/audit/record-event';
import { loginCredentialsSchema } from '@/lib/validation/login';
import { DUMMY_HASH, verifyPassword } from './password';
import { createSession } from './sessions';
import { reserveAttempt, throttledMessage } from './throttle';
import { secondFactorRequired } from './totp/policy';
import type { Role } from './permissions';

export type AuthResult =
  | { ok: true; userId: number; sessionId: string; secondFactor: 'code' | 'enrol' | null }
  | { ok: false; reason: 'invalid' | 'inactive' | 'throttled'; message: string };

export const INVALID_MESSAGE = 'Wrong email or password.';
/**
 * Said only after the right password: whoever knows it is the account's owner, who needs to know
 * why they cannot log in (and whom to ask). A wrong password for a deactivated account still reads
 * INVALID_MESSAGE, so the form never tells a guesser which emails have accounts.
 */
export const DEACTIVATED_MESSAGE = 'This account has been deactivated. Ask your registry administrator to reactivate it.';

export async function authenticate(db: Db, rawEmail: string, password: string, ip: string | null): Promise<AuthResult> {
  const input = loginCredentialsSchema.safeParse({ email: rawEmail, password });
  if (!input.success) return { ok: false, reason: 'invalid', message: INVALID_MESSAGE };
  const { email } = input.data;
  // Decided and recorded in one database statement under the source and account locks (see
  // throttle.ts), released before the slow password check: of N concurrent guesses, on any number of
  // instances, exactly as many as the limits allow are checked against the password.
  const slot = await reserveAttempt(db, email, ip);
  if (slot.attemptId === null) {
    await recordEvent(db, { actor: { id: 'system', label: email }, action: 'login_throttled', tableName: 'users', details: { ip, limit: slot.state.limit } });
    return { ok: false, reason: 'throttled', message: throttledMessage(slot.state) };
  }
  const attemptId = slot.attemptId;
  const [user] = await db.select().from(users).where(eq(sql`lower(${users.email})`, email)).limit(1);
  const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !valid || !user.active) {
    await recordEvent(db, {
      actor: { id: 'system', label: email }, action: 'login_failed', tableName: 'users', recordId: user?.id ?? null,
      details: { ip, reason: !user ? 'unknown email' : !valid ? 'wrong password' : 'inactive account' },
    });
    return user && valid ? { ok: false, reason: 'inactive', message: DEACTIVATED_MESSAGE } : { ok: false, reason: 'invalid', message: INVALID_MESSAGE };
  }
  await db.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, attemptId));
  const secondFactor = await secondFactorStepAtLogin(db, user.id, user.role);
  const sessionId = await createSession(db, user.id, new Date(), secondFactor !== null);
  await recordEvent(db, {
    actor: { id: user.id, label: user.email }, action: 'login', tableName: 'users', recordId: user.id,
    details: secondFactor ? { ip, secondFactor: 'pending' } : { ip },
  });
  return { ok: true, userId: user.id, sessionId, secondFactor };
}

/**
 * After a correct password: the second-factor step the new session must pass before it is a login
 * ('code' for an enrolled user, 'enrol' for a role that requires a second factor), or null. Also for
 * other ways of proving the password's part (single sign-on may waive it by its own setting).
 */
export async function secondFactorStepAtLogin(db: Db, userId: number, role: Role): Promise<'code' | 'enrol' | null> {
  const [totp] = await db.select({ confirmedAt: userTotp.confirmedAt }).from(userTotp).where(eq(userTotp.userId, userId)).limit(1);
  if (totp?.confirmedAt) return 'code';
  return secondFactorRequired(role) ? 'enrol' : null;
}
