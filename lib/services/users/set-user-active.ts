import 'server-only';
/**
 * Deactivates or reactivates an account. Deactivation ends every open session in the same
 * transaction (the user is out on their next request) and never leaves the registry without an
 * active admin, whoever asks, the admin themselves included.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { centres, users } from '@/db/schema';
import { can } from '@/lib/auth/permissions';
import { revokeTokensOfUser } from '@/lib/api/tokens';
import { revokeUserSessions } from '@/lib/auth/sessions';
import { recordEvent } from '@/lib/services/audit/record-event';
import { forbidden, invalid } from '@/lib/services/errors';
import type { SetActiveInput } from '@/lib/validation/admin';
import { auditActor, type AdminActor } from './admin-actor';
import { getUser } from './list-users';
import { assertNotLastAdmin, lockActiveAdmins, lockUser } from './lock-accounts';
import type { UserView } from './user-view';

export async function setUserActive(db: Db, user: AdminActor, input: SetActiveInput): Promise<{ user: UserView; changed: boolean }> {
  if (!can(user, 'admin.users')) throw forbidden();
  const changed = await db.transaction(async (tx) => {
    const admins = input.active ? [] : await lockActiveAdmins(tx);
    const target = await lockUser(tx, input.id);
    if (target.active === input.active) return false;
    if (!input.active) assertNotLastAdmin(admins, target);
    if (input.active && target.role === 'investigator' && target.centreId !== null) {
      const [centre] = await tx.select({ code: centres.code, active: centres.active }).from(centres).where(eq(centres.id, target.centreId));
      if (centre && !centre.active) {
        throw invalid(`Centre ${centre.code} is inactive: reactivate the centre or move this investigator to another centre first.`);
      }
    }
    await tx.update(users).set({ active: input.active, updatedAt: sql`now()` }).where(eq(users.id, target.id));
    if (!input.active) {
      await revokeUserSessions(tx, target.id);
      await revokeTokensOfUser(tx, auditActor(user), target.id, 'user_deactivated');
    }
    await recordEvent(tx, {
      actor: auditActor(user), action: input.active ? 'user_reactivated' : 'user_deactivated', tableName: 'users',
      recordId: target.id, centreId: target.centreId, field: 'active', oldValue: target.active, newValue: input.active,
      details: { email: target.email },
    });
    return true;
  });
  return { user: await getUser(db, user, input.id), changed };
}
