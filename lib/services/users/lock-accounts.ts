import 'server-only';
/**
 * Row locks for account changes, and the last-admin rule.
 *
 * Every verb that can take admin rights away (deactivation, role change) first locks ALL active
 * admin rows (in id order, so two transactions never deadlock on them), then the target row.
 * Two concurrent demotions of the last two admins therefore run one after the other: the second
 * re-reads the admin rows after the first commits and sees that only one remains.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { users } from '@/db/schema';
import { conflict, notFound } from '@/lib/services/errors';

export type LockedUser = typeof users.$inferSelect;

export async function lockActiveAdmins(tx: Tx): Promise<number[]> {
  const rows = await tx.select({ id: users.id }).from(users)
    .where(and(eq(users.role, 'admin'), eq(users.active, true)))
    .orderBy(asc(users.id))
    .for('update');
  return rows.map((r) => r.id);
}

export async function lockUser(tx: Tx, id: number): Promise<LockedUser> {
  const [row] = await tx.select().from(users).where(eq(users.id, id)).for('update').limit(1);
  if (!row) throw notFound('User not found.');
  return row;
}

export const LAST_ADMIN_MESSAGE =
  'This is the last active administrator: make another account an active administrator first.';

/** Refuses a change that would leave no active admin. `activeAdminIds` must come from lockActiveAdmins in this transaction. */
export function assertNotLastAdmin(activeAdminIds: number[], target: LockedUser): void {
  const targetIsActiveAdmin = activeAdminIds.includes(target.id);
  if (targetIsActiveAdmin && activeAdminIds.length <= 1) {
    throw conflict(LAST_ADMIN_MESSAGE, { rule: 'last_active_admin' });
  }
}
