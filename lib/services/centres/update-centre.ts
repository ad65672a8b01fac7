import 'server-only';
/** Edits a centre's name and city (the code never changes): one audit row per changed field. */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { centres } from '@/db/schema';
import { can } from '@/lib/auth/permissions';
import { recordEvent } from '@/lib/services/audit/record-event';
import { forbidden, notFound } from '@/lib/services/errors';
import { auditActor, type AdminActor } from '@/lib/services/users/admin-actor';
import type { UpdateCentreInput } from '@/lib/validation/admin';
import { toCentreView, type CentreView } from './centre-view';

export async function updateCentre(db: Db, user: AdminActor, input: UpdateCentreInput): Promise<{ centre: CentreView; changed: string[] }> {
  if (!can(user, 'admin.centres')) throw forbidden();
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(centres).where(eq(centres.id, input.id)).for('update').limit(1);
    if (!before) throw notFound('Centre not found.');
    const changes = (['name', 'city'] as const).filter((f) => before[f] !== input[f]);
    if (changes.length === 0) return { centre: toCentreView(before), changed: [] };
    const [after] = await tx.update(centres)
      .set({ name: input.name, city: input.city, updatedAt: sql`now()` })
      .where(eq(centres.id, input.id)).returning();
    if (!after) throw notFound('Centre not found.');
    for (const field of changes) {
      await recordEvent(tx, {
        actor: auditActor(user), action: 'centre_updated', tableName: 'centres', recordId: before.id, centreId: before.id,
        field, oldValue: before[field], newValue: after[field], details: { code: before.code },
      });
    }
    return { centre: toCentreView(after), changed: [...changes] };
  });
}
