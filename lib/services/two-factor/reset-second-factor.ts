import 'server-only';
/**
 * An admin removes a user's second factor (lost phone, used-up recovery codes). The secret is wiped
 * and the recovery codes revoked (rows stay: the app role has no DELETE), the user's sessions end,
 * and the audit row says who reset whose second factor. The user enrols again at the next login
 * (at once, when the role requires a second factor).
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { recoveryCodes, userTotp } from '@/db/schema';
import { can } from '@/lib/auth/permissions';
import { revokeUserSessions } from '@/lib/auth/sessions';
import { recordEvent } from '@/lib/services/audit/record-event';
import { conflict, forbidden } from '@/lib/services/errors';
import { auditActor, type AdminActor } from '@/lib/services/users/admin-actor';
import { lockUser } from '@/lib/services/users/lock-accounts';

export async function resetSecondFactor(db: Db, admin: AdminActor, userId: number): Promise<{ id: number; self: boolean }> {
  if (!can(admin, 'admin.users')) throw forbidden();
  await db.transaction(async (tx) => {
    const target = await lockUser(tx, userId);
    const [totp] = await tx.select({ confirmedAt: userTotp.confirmedAt, secretEnc: userTotp.secretEnc }).from(userTotp)
      .where(eq(userTotp.userId, target.id)).for('update');
    if (!totp || totp.secretEnc === '') throw conflict('This account has no second factor to reset.');
    await tx.update(userTotp).set({ secretEnc: '', confirmedAt: null, lastUsedStep: null }).where(eq(userTotp.userId, target.id));
    await tx.update(recoveryCodes).set({ revokedAt: sql`now()` })
      .where(and(eq(recoveryCodes.userId, target.id), isNull(recoveryCodes.revokedAt)));
    await revokeUserSessions(tx, target.id);
    await recordEvent(tx, {
      actor: auditActor(admin), action: 'second_factor_reset', tableName: 'users', recordId: target.id, centreId: target.centreId,
      details: { email: target.email, wasConfirmed: totp.confirmedAt !== null, sessionsEnded: true },
    });
  });
  return { id: userId, self: userId === admin.id };
}

