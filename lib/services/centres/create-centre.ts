import 'server-only';
/** Creates a centre; the code is its permanent identity (patient pseudonyms start with it). */
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { centres } from '@/db/schema';
import { can } from '@/lib/auth/permissions';
import { recordEvent } from '@/lib/services/audit/record-event';
import { isUniqueViolation } from '@/lib/services/db-errors';
import { forbidden, ServiceError } from '@/lib/services/errors';
import { auditActor, type AdminActor } from '@/lib/services/users/admin-actor';
import type { CreateCentreInput } from '@/lib/validation/admin';
import { toCentreView, type CentreView } from './centre-view';

const duplicate = (code: string) => new ServiceError(`A centre with code ${code} already exists.`, 'conflict', {
  code: [`A centre with code ${code} already exists.`],
});

export async function createCentre(db: Db, user: AdminActor, input: CreateCentreInput): Promise<CentreView> {
  if (!can(user, 'admin.centres')) throw forbidden();
  try {
    return await db.transaction(async (tx) => {
      const [existing] = await tx.select({ id: centres.id }).from(centres).where(eq(centres.code, input.code)).limit(1);
      if (existing) throw duplicate(input.code);
      const [row] = await tx.insert(centres).values({ code: input.code, name: input.name, city: input.city }).returning();
      if (!row) throw new Error('centre insert returned nothing');
      await recordEvent(tx, {
        actor: auditActor(user), action: 'centre_created', tableName: 'centres', recordId: row.id, centreId: row.id,
        details: { code: row.code, name: row.name, city: row.city },
      });
      return toCentreView(row);
    });
  } catch (err) {
    // Two admins creating the same code at once: the unique index decides.
    if (isUniqueViolation(err)) throw duplicate(input.code);
    throw err;
  }
}
