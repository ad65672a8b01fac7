import 'server-only';
/** GET /api/v1/centres: the centres the token may read (an investigator's: their own). */
import { asc } from 'drizzle-orm';
import { centres } from '@/db/schema';
import { centreFilter } from '@/lib/auth/permissions';
import { parseListQuery } from '../paging';
import type { ApiHandler } from '../route';
import type { Centre } from '../schemas';

export const listCentres: ApiHandler = async ({ db, caller, url }) => {
  parseListQuery(new URLSearchParams([...url.searchParams].filter(([k]) => k === 'format')), { formats: ['json'] });
  const scope = centreFilter(caller.user);
  const rows = await db.select({ id: centres.id, code: centres.code, name: centres.name, city: centres.city, active: centres.active })
    .from(centres).orderBy(asc(centres.code));
  const data: Centre[] = rows.filter((c) => scope === null || scope.includes(c.id)).map(({ id: _id, ...c }) => c);
  return { kind: 'json', rows: data.length, body: { data, nextCursor: null } };
};
