import 'server-only';
/**
 * The second step of a login: a TOTP code or a recovery code for a session whose password was right.
 * Decided in one transaction under the user's advisory lock (throttle) and the user_totp row lock:
 * the time step of an accepted code is compared with and written over last_used_step there, so a
 * code (or a recovery code) is accepted once, also when two instances receive it at the same moment.
 */
import { and, count, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { recoveryCodes, secondFactorAttempts, userTotp } from '@/db/schema';
import { completeSecondFactor } from '@/lib/auth/sessions';
import { looksLikeRecoveryCode, hashRecoveryCode } from '@/lib/auth/totp/recovery-codes';
import { lockSecondFactor, secondFactorThrottle, secondFactorThrottledMessage } from '@/lib/auth/totp/throttle';
import { matchTotpStep } from '@/lib/auth/totp/totp';
import { recordEvent } from '@/lib/services/audit/record-event';
import { conflict } from '@/lib/services/errors';
import { readSecret, WRONG_CODE, type SecondFactorUser } from './enrolment';

export type VerifyResult =
  | { ok: true; method: 'totp' | 'recovery_code'; recoveryCodesLeft: number }
  | { ok: false; reason: 'wrong' | 'throttled'; message: string };

export async function verifySecondFactor(db: Db, user: SecondFactorUser, rawCode: string, ip: string | null, at = Date.now()): Promise<VerifyResult> {
  const code = rawCode.trim();
  const actor = { id: user.id, label: user.email };
  const outcome = await db.transaction(async (tx): Promise<VerifyResult> => {
    await lockSecondFactor(tx, user.id);
    const throttle = await secondFactorThrottle(tx, user.id);
    if (throttle.blocked) return { ok: false, reason: 'throttled', message: secondFactorThrottledMessage(throttle) };
    const [row] = await tx.select().from(userTotp).where(eq(userTotp.userId, user.id)).for('update');
    if (!row?.confirmedAt) throw conflict('No second factor is set up for this account.');
    let method: 'totp' | 'recovery_code' | null = null;
    if (/^\d{6}$/.test(code)) {
      const step = matchTotpStep(readSecret(row.secretEnc), code, at);
      // Compare-and-set under the row lock: a code of an already used (or older) step is a replay.
      if (step !== null && (row.lastUsedStep === null || step > row.lastUsedStep)) {
        await tx.update(userTotp).set({ lastUsedStep: step }).where(eq(userTotp.userId, user.id));
        method = 'totp';
      }
    } else if (looksLikeRecoveryCode(code)) {
      const used = await tx.update(recoveryCodes).set({ usedAt: sql`now()` })
        .where(and(eq(recoveryCodes.userId, user.id), eq(recoveryCodes.codeHash, hashRecoveryCode(code)),
          isNull(recoveryCodes.usedAt), isNull(recoveryCodes.revokedAt)))
        .returning({ id: recoveryCodes.id });
      if (used.length === 1) method = 'recovery_code';
    }
    if (method === null) {
      await tx.insert(secondFactorAttempts).values({ userId: user.id, succeeded: false, at: sql`clock_timestamp()` });
      return { ok: false, reason: 'wrong', message: WRONG_CODE };
    }
    await tx.insert(secondFactorAttempts).values({ userId: user.id, succeeded: true, at: sql`clock_timestamp()` });
    await completeSecondFactor(tx, user.sessionId);
    const [left] = await tx.select({ n: count() }).from(recoveryCodes)
      .where(and(eq(recoveryCodes.userId, user.id), isNull(recoveryCodes.usedAt), isNull(recoveryCodes.revokedAt)));
    const recoveryCodesLeft = Number(left?.n ?? 0);
    if (method === 'recovery_code') {
      await recordEvent(tx, { actor, action: 'recovery_code_used', tableName: 'users', recordId: user.id, details: { ip, recoveryCodesLeft } });
    } else {
      await recordEvent(tx, { actor, action: 'second_factor_passed', tableName: 'users', recordId: user.id, details: { ip } });
    }
    return { ok: true, method, recoveryCodesLeft };
  });
  if (!outcome.ok) {
    // Outside the decision's transaction, as for passwords: the attempt row above is what throttles.
    if (outcome.reason === 'wrong') await recordEvent(db, { actor, action: 'second_factor_failed', tableName: 'users', recordId: user.id, details: { ip } });
    else await recordEvent(db, { actor, action: 'second_factor_throttled', tableName: 'users', recordId: user.id, details: { ip } });
  }
  return outcome;
}
