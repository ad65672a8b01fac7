import 'server-only';
/**
 * Enrolment of a TOTP second factor by the user themself: start (a new secret, shown with its QR
 * code) and confirm (a first code proves the authenticator works; ten recovery codes are made and
 * returned once). A confirmed second factor is not replaced here: only an admin reset removes it, so
 * someone holding a session alone cannot swap in their own authenticator.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { recoveryCodes, secondFactorAttempts, userTotp } from '@/db/schema';
import { completeSecondFactor } from '@/lib/auth/sessions';
import { openSecret, sealSecret, SecretBoxError } from '@/lib/auth/totp/secret-box';
import { log } from '@/lib/log/logger';
import { hashRecoveryCode, newRecoveryCodes } from '@/lib/auth/totp/recovery-codes';
import { lockSecondFactor, secondFactorThrottle, secondFactorThrottledMessage } from '@/lib/auth/totp/throttle';
import { matchTotpStep, newTotpSecret, otpauthUri } from '@/lib/auth/totp/totp';
import { recordEvent } from '@/lib/services/audit/record-event';
import { conflict, invalid } from '@/lib/services/errors';

export interface SecondFactorUser { id: number; email: string; sessionId: string }

export const ALREADY_ENROLLED = 'A second factor is already set up for this account. An administrator can reset it.';
export const WRONG_CODE = 'Wrong or already used code.';

export const SECRET_UNREADABLE = 'Your second factor cannot be read on the server (its encryption key has changed). Ask an administrator to reset it.';

/** The stored secret, or a clear refusal when the key that sealed it is gone (docs/admin.md, rotation). */
export function readSecret(sealed: string): string {
  try {
    return openSecret(sealed);
  } catch (err) {
    if (!(err instanceof SecretBoxError)) throw err;
    log.error({ err }, 'a stored TOTP secret cannot be decrypted');
    throw conflict(SECRET_UNREADABLE);
  }
}

export async function startEnrolment(db: Db, user: SecondFactorUser): Promise<{ secret: string; uri: string }> {
  const secret = newTotpSecret();
  const sealed = sealSecret(secret);
  await db.transaction(async (tx) => {
    const [current] = await tx.select({ confirmedAt: userTotp.confirmedAt }).from(userTotp).where(eq(userTotp.userId, user.id)).for('update');
    if (current?.confirmedAt) throw conflict(ALREADY_ENROLLED);
    await tx.insert(userTotp).values({ userId: user.id, secretEnc: sealed })
      .onConflictDoUpdate({ target: userTotp.userId, set: { secretEnc: sealed, confirmedAt: null, lastUsedStep: null, createdAt: sql`now()` } });
  });
  return { secret, uri: otpauthUri(secret, user.email) };
}

/** Confirms the pending enrolment with a first code; returns the ten recovery codes (never stored in clear). */
export async function confirmEnrolment(db: Db, user: SecondFactorUser, code: string, at = Date.now()): Promise<{ recoveryCodes: string[] }> {
  const outcome = await db.transaction(async (tx) => {
    await lockSecondFactor(tx, user.id);
    const throttle = await secondFactorThrottle(tx, user.id);
    if (throttle.blocked) return { ok: false as const, message: secondFactorThrottledMessage(throttle) };
    const [row] = await tx.select().from(userTotp).where(eq(userTotp.userId, user.id)).for('update');
    if (!row || row.secretEnc === '') throw conflict('Start the set-up again: no new second factor is waiting for confirmation.');
    if (row.confirmedAt) throw conflict(ALREADY_ENROLLED);
    const step = matchTotpStep(readSecret(row.secretEnc), code.trim(), at);
    if (step === null) {
      await tx.insert(secondFactorAttempts).values({ userId: user.id, succeeded: false, at: sql`clock_timestamp()` });
      return { ok: false as const, message: WRONG_CODE };
    }
    await tx.update(userTotp).set({ confirmedAt: sql`now()`, lastUsedStep: step }).where(eq(userTotp.userId, user.id));
    await tx.update(recoveryCodes).set({ revokedAt: sql`now()` }).where(and(eq(recoveryCodes.userId, user.id), isNull(recoveryCodes.revokedAt)));
    const codes = newRecoveryCodes();
    await tx.insert(recoveryCodes).values(codes.map((c) => ({ userId: user.id, codeHash: hashRecoveryCode(c) })));
    await tx.insert(secondFactorAttempts).values({ userId: user.id, succeeded: true, at: sql`clock_timestamp()` });
    // Proving the new factor also completes this session's login (a role held at enrolment).
    await completeSecondFactor(tx, user.sessionId);
    await recordEvent(tx, {
      actor: { id: user.id, label: user.email }, action: 'second_factor_enrolled', tableName: 'users', recordId: user.id,
      details: { method: 'totp', recoveryCodes: codes.length },
    });
    return { ok: true as const, codes };
  });
  if (!outcome.ok) {
    await recordEvent(db, { actor: { id: user.id, label: user.email }, action: 'second_factor_failed', tableName: 'users', recordId: user.id, details: { during: 'enrolment' } });
    throw invalid(outcome.message, { code: [outcome.message] });
  }
  return { recoveryCodes: outcome.codes };
}
