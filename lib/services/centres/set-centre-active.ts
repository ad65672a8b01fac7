import 'server-only';
/**
 * Deactivates or reactivates a centre. Nothing is deleted: its patients stay in every analysis.
 * Its investigators are logged out at once (and revoked sessions stay revoked if it is reactivated):
 * lib/auth/sessions.ts refuses sessions of investigators of an inactive centre, and we end them here too.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { centres, users } from '@/db/schema';
import { can } from '@/lib/auth/permissions';
import { revokeUserSessions } from '@/lib/auth/sessions';
import { recordEvent } from '@/lib/services/audit/record-event';
import { forbidden, notFound } from '@/lib/services/errors';
import { auditActor, type AdminActor } from '@/lib/services/users/admin-actor';
import type { SetActiveInput } from '@/lib/validation/admin';
import { toCentreView, type CentreView } from './centre-view';

export async function setCentreActive(db: Db, user: AdminActor, input: SetActiveInput): Promise<{ centre: CentreView; changed: boolean }> {
  if (!can(user, 'admin.centres')) throw forbidden();
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(centres).where(eq(centres.id, input.id)).for('update').limit(1);
    if (!before) throw notFound('Centre not found.');
    if (before.active === input.active) return { centre: toCentreView(before), changed: false };
    const [after] = await tx.update(centres).set({ active: input.active, updatedAt: sql`now()` })
      .where(eq(centres.id, input.id)).returning();
    if (!after) throw notFound('Centre not found.');
    let sessionsEndedFor: number[] = [];
    if (!input.active) {
      const investigators = await tx.select({ id: users.id }).from(users)
        .where(and(eq(users.centreId, before.id), eq(users.role, 'investigator')));
      sessionsEndedFor = investigators.map((u) => u.id);
      for (const u of investigators) await revokeUserSessions(tx, u.id);
    }
    await recordEvent(tx, {
      actor: auditActor(user), action: input.active ? 'centre_reactivated' : 'centre_deactivated',
      tableName: 'centres', recordId: before.id, centreId: before.id, field: 'active',
      oldValue: before.active, newValue: after.active,
      details: { code: before.code, ...(input.active ? {} : { sessionsEndedFor }) },
    });
    return { centre: toCentreView(after), changed: true };
  });
}
