import 'server-only';
/**
 * Which centres a request reads: the token owner's scope (an investigator: their own centre only),
 * narrowed by the `centre` parameter. Asking for a centre outside the scope is refused, never
 * answered with another centre's rows.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { centres } from '@/db/schema';
import { centreFilter, type Principal } from '@/lib/auth/permissions';
import { apiForbidden, badRequest } from '../problem';

/** Centre ids to read (null: every centre). */
export async function centreScope(db: Db, user: Principal, centreCode: string | null): Promise<number[] | null> {
  const allowed = centreFilter(user);
  if (centreCode === null) return allowed;
  const [c] = await db.select({ id: centres.id }).from(centres).where(eq(centres.code, centreCode));
  if (!c) throw badRequest(`There is no centre "${centreCode}" (GET /api/v1/centres lists them).`);
  if (allowed !== null && !allowed.includes(c.id)) throw apiForbidden(`This token reads centre data of its owner's centre only, not ${centreCode}.`);
  return [c.id];
}

/** SQL condition on a centre id column. */
export function inScope(column: SQL | unknown, ids: number[] | null): SQL {
  if (ids === null) return sql`true`;
  if (ids.length === 0) return sql`false`;
  return sql`${column} IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`;
}
