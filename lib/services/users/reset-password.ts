import 'server-only';
/**
 * An admin sets a new password for an account. Open sessions end in the same transaction. The
 * audit row says that the password changed and by whom, never the password or its hash.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';
import { can } from '@/lib/auth/permissions';
import { hashPassword } from '@/lib/auth/password';
import { revokeUserSessions } from '@/lib/auth/sessions';
import { recordEvent } from '@/lib/services/audit/record-event';
import { forbidden } from '@/lib/services/errors';
import type { ResetPasswordInput } from '@/lib/validation/admin';
import { auditActor, type AdminActor } from './admin-actor';
import { lockUser } from './lock-accounts';

export async function resetPassword(db: Db, user: AdminActor, input: ResetPasswordInput): Promise<{ id: number; self: boolean }> {
  if (!can(user, 'admin.users')) throw forbidden();
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    const target = await lockUser(tx, input.id);
    await tx.update(users).set({ passwordHash, updatedAt: sql`now()` }).where(eq(users.id, target.id));
    await revokeUserSessions(tx, target.id);
    await recordEvent(tx, {
      actor: auditActor(user), action: 'password_reset', tableName: 'users', recordId: target.id,
      centreId: target.centreId, details: { email: target.email, sessionsEnded: true },
    });
  });
  return { id: input.id, self: input.id === user.id };
}
