import 'server-only';
/**
 * Changes an account's role (and centre, which goes with the role). Open sessions end in the same
 * transaction, so the new rights apply from the next login. The last active admin cannot be demoted.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { centres, users } from '@/db/schema';
import { can } from '@/lib/auth/permissions';
import { revokeTokensOfUser } from '@/lib/api/tokens';
import { revokeUserSessions } from '@/lib/auth/sessions';
import { recordEvent } from '@/lib/services/audit/record-event';
import { forbidden } from '@/lib/services/errors';
import type { ChangeRoleInput } from '@/lib/validation/admin';
import { auditActor, type AdminActor } from './admin-actor';
import { assertAssignableCentre } from './centre-for-role';
import { getUser } from './list-users';
import { assertNotLastAdmin, lockActiveAdmins, lockUser } from './lock-accounts';
import type { UserView } from './user-view';

export async function changeRole(db: Db, user: AdminActor, input: ChangeRoleInput): Promise<{ user: UserView; changed: boolean }> {
  if (!can(user, 'admin.users')) throw forbidden();
  const changed = await db.transaction(async (tx) => {
    const admins = await lockActiveAdmins(tx);
    const target = await lockUser(tx, input.id);
    if (target.role === input.role && target.centreId === input.centreId) return false;
    if (target.role === 'admin' && input.role !== 'admin') assertNotLastAdmin(admins, target);
    // An unchanged centre may stay even if it was deactivated since; a new one must be active.
    const centre = input.centreId !== null && input.centreId === target.centreId && input.role === 'investigator'
      ? await tx.select({ id: centres.id, code: centres.code }).from(centres).where(eq(centres.id, input.centreId)).then((r) => r[0] ?? null)
      : await assertAssignableCentre(tx, input.role, input.centreId);
    const oldCentre = target.centreId === null ? null
      : await tx.select({ code: centres.code }).from(centres).where(eq(centres.id, target.centreId)).then((r) => r[0]?.code ?? null);
    await tx.update(users).set({ role: input.role, centreId: centre?.id ?? null, updatedAt: sql`now()` }).where(eq(users.id, target.id));
    await revokeUserSessions(tx, target.id);
    await revokeTokensOfUser(tx, auditActor(user), target.id, 'role_changed');
    const base = {
      actor: auditActor(user), action: 'role_changed', tableName: 'users', recordId: target.id,
      centreId: centre?.id ?? target.centreId, details: { email: target.email },
    } as const;
    if (target.role !== input.role) await recordEvent(tx, { ...base, field: 'role', oldValue: target.role, newValue: input.role });
    if (target.centreId !== (centre?.id ?? null)) {
      await recordEvent(tx, { ...base, field: 'centre', oldValue: oldCentre, newValue: centre?.code ?? null });
    }
    return true;
  });
  return { user: await getUser(db, user, input.id), changed };
}
