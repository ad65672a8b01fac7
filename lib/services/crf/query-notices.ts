import 'server-only';
/**
 * E-mail notices of data queries, queued in the transaction that raises or answers the query (so a
 * rolled-back query sends nothing). A raised query goes to the active investigators of the
 * patient's centre — as a mail each, or as a line of their daily digest if they chose it; an answer
 * goes to the coordinator who raised the query. The mails name the patient by pseudonym only.
 */
import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { dataQueries, patients, queryDigestItems, users } from '@/db/schema';
import { enqueueMail } from '@/lib/mail/outbox';
import { queryAnsweredMail, queryNoticeLine, queryRaisedMail, type QueryNotice } from '@/lib/services/account/mail-texts';

export async function noticeQueryRaised(tx: Tx, centreId: number, notice: QueryNotice): Promise<void> {
  const investigators = await tx.select({ id: users.id, email: users.email, digest: users.queryDigest }).from(users)
    .where(and(eq(users.role, 'investigator'), eq(users.centreId, centreId), eq(users.active, true)))
    .orderBy(users.id);
  for (const inv of investigators) {
    if (inv.digest) await tx.insert(queryDigestItems).values({ userId: inv.id, line: queryNoticeLine(notice) });
    else await enqueueMail(tx, queryRaisedMail(inv.email, notice));
  }
}

export async function noticeQueryAnswered(tx: Tx, queryId: number): Promise<void> {
  const [row] = await tx.select({
    email: users.email, active: users.active, code: patients.code, form: dataQueries.form, recordSeq: dataQueries.recordSeq, field: dataQueries.field,
  })
    .from(dataQueries)
    .innerJoin(patients, eq(patients.id, dataQueries.patientId))
    .innerJoin(users, eq(users.id, dataQueries.raisedBy))
    .where(eq(dataQueries.id, queryId))
    .limit(1);
  if (!row || !row.active) return;
  // A query on an instance of a repeating record names it as the raising notice does ("visit 2").
  const form = row.recordSeq === null ? row.form : `${row.form} ${row.recordSeq}`;
  await enqueueMail(tx, queryAnsweredMail(row.email, { patientCode: row.code, form, field: row.field }));
}

