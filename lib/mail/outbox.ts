/**
 * Writes an e-mail into the transactional outbox (mail_outbox). Call it with the transaction of the
 * event the mail announces: if that transaction rolls back, no mail exists; once it commits, the
 * worker (./worker.ts) delivers it, however long SMTP is down. Nothing is sent here.
 */
import type { Db, Tx } from '@/db/client';
import { mailOutbox } from '@/db/schema';

export type MailKind = 'invitation' | 'password_reset' | 'query_raised' | 'query_answered' | 'query_digest';

export interface OutgoingMail {
  kind: MailKind;
  to: string;
  subject: string;
  text: string;
}

export async function enqueueMail(tx: Tx | Db, mail: OutgoingMail): Promise<void> {
  await tx.insert(mailOutbox).values({ kind: mail.kind, toAddress: mail.to, subject: mail.subject, bodyText: mail.text });
}
