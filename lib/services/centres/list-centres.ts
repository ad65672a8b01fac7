import 'server-only';
/** Centres for the admin page, with how many users and patients each has (for context before deactivating). */
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { centres } from '@/db/schema';
import { can, type Principal } from '@/lib/auth/permissions';
import { forbidden, notFound } from '@/lib/services/errors';
import { toCentreView, type CentreView } from './centre-view';

export interface CentreListRow extends CentreView {
  activeUsers: number;
  patients: number;
}

export async function listCentres(db: Db, user: Principal): Promise<CentreListRow[]> {
  if (!can(user, 'admin.centres')) throw forbidden();
  const rows = await db
    .select({
      centre: centres,
      // Written out in full: drizzle renders ${centres.id} unqualified ("id") when the query has no
      // join, and inside these subqueries that would silently mean u.id / p.id.
      activeUsers: sql<number>`(SELECT count(*) FROM users u WHERE u.centre_id = "centres"."id" AND u.active)`.mapWith(Number),
      patients: sql<number>`(SELECT count(*) FROM patients p WHERE p.centre_id = "centres"."id")`.mapWith(Number),
    })
    .from(centres)
    .orderBy(asc(centres.code));
  return rows.map((r) => ({ ...toCentreView(r.centre), activeUsers: r.activeUsers, patients: r.patients }));
}

export async function getCentre(db: Db, user: Principal, id: number): Promise<CentreView> {
  if (!can(user, 'admin.centres')) throw forbidden();
  const [row] = await db.select().from(centres).where(eq(centres.id, id)).limit(1);
  if (!row) throw notFound('Centre not found.');
  return toCentreView(row);
}

/** Centres an investigator can be assigned to (active ones), for the user forms. */
export async function listCentreChoices(db: Db, user: Principal): Promise<{ id: number; code: string; name: string; active: boolean }[]> {
  if (!can(user, 'admin.users')) throw forbidden();
  return db.select({ id: centres.id, code: centres.code, name: centres.name, active: centres.active })
    .from(centres).orderBy(asc(centres.code));
}
