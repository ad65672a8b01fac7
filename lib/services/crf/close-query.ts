import 'server-only';
/** The coordinator closes a query (normally once answered or the data corrected). */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { dataQueries } from '@/db/schema';
import { invalid } from '@/lib/services/errors';
import type { CloseQueryInput } from '@/lib/validation/workflow';
import { actorOf, type CrfUser } from './form-access';
import { lockQuery } from './query-access';

export async function closeQuery(db: Db, user: CrfUser, input: CloseQueryInput): Promise<{ id: number; status: 'closed' }> {
  return db.transaction(async (tx) => {
    const q = await lockQuery(tx, user, input.queryId, 'query.close');
    if (q.status === 'closed') throw invalid('This query is already closed.');
    await setAuditContext(tx, actorOf(user), null);
    await tx.update(dataQueries).set({ status: 'closed', closedBy: user.id, updatedAt: sql`now()` }).where(eq(dataQueries.id, q.id));
    return { id: q.id, status: 'closed' as const };
  });
}
