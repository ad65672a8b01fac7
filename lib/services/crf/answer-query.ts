import 'server-only';
/**
 * The investigator (own centre) answers an open query; re-answering an answered one replaces the answer (audited).
 * The coordinator who raised it is told by e-mail, queued in the same transaction (query-notices.ts).
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { dataQueries } from '@/db/schema';
import { invalid } from '@/lib/services/errors';
import type { AnswerQueryInput } from '@/lib/validation/workflow';
import { actorOf, type CrfUser } from './form-access';
import { noticeQueryAnswered } from './query-notices';
import { lockQuery } from './query-access';

export async function answerQuery(db: Db, user: CrfUser, input: AnswerQueryInput): Promise<{ id: number; status: 'answered' }> {
  return db.transaction(async (tx) => {
    const q = await lockQuery(tx, user, input.queryId, 'query.answer');
    if (q.status === 'closed') throw invalid('This query is closed.');
    await setAuditContext(tx, actorOf(user), null);
    await tx.update(dataQueries).set({ answer: input.answer, status: 'answered', answeredBy: user.id, updatedAt: sql`now()` })
      .where(eq(dataQueries.id, q.id));
    await noticeQueryAnswered(tx, q.id);
    return { id: q.id, status: 'answered' as const };
  });
}
