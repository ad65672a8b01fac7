/**
 * The outbox worker. Every instance runs one (started by instrumentation.ts); they share nothing but
 * the database. A round:
 *
 * 1. claims up to BATCH due rows (`sent_at IS NULL AND next_attempt_at <= now()`) with
 *    FOR UPDATE SKIP LOCKED, so two instances never take the same row, counts the attempt and moves
 *    next_attempt_at LEASE_SECONDS ahead (a lease: if this instance dies mid-send, the row is due
 *    again after the lease instead of being lost), and commits at once, so no transaction is held
 *    open while SMTP talks;
 * 2. sends each row; success sets sent_at, failure records last_error and sets next_attempt_at to
 *    now + backoffSeconds(attempts) (30 s, 1 min, 2 min … capped at one hour). Rows are never
 *    given up: an outage delays mail, it never loses it.
 *
 * A mail could go out twice only if the instance dies between the SMTP server's acceptance and the
 * sent_at update (at-least-once delivery, the usual outbox trade-off).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { log } from '@/lib/log/logger';
import type { MailTransport } from './transport';

export const BATCH = 20;
export const LEASE_SECONDS = 120;
export const BACKOFF_BASE_SECONDS = 30;
export const BACKOFF_MAX_SECONDS = 3600;

/** Seconds to wait after the n-th failed attempt (n ≥ 1). */
export function backoffSeconds(attempts: number): number {
  const n = Math.max(1, Math.floor(attempts));
  return Math.min(BACKOFF_BASE_SECONDS * 2 ** Math.min(n - 1, 20), BACKOFF_MAX_SECONDS);
}

interface ClaimedRow {
  id: number;
  to_address: string;
  subject: string;
  body_text: string;
  attempts: number;
}

const rowsOf = <T,>(r: unknown): T[] => (r as { rows: T[] }).rows;

export async function claimDueMail(db: Db, limit = BATCH): Promise<ClaimedRow[]> {
  return db.transaction(async (tx) => {
    const due = rowsOf<{ id: number | string }>(await tx.execute(sql`
      SELECT id FROM mail_outbox WHERE sent_at IS NULL AND next_attempt_at <= now()
      ORDER BY next_attempt_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED`));
    if (due.length === 0) return [];
    const ids = due.map((r) => Number(r.id));
    const claimed = rowsOf<ClaimedRow>(await tx.execute(sql`
      UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => ${LEASE_SECONDS})
      WHERE id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})
      RETURNING id, to_address, subject, body_text, attempts`));
    return claimed.map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts) })).sort((a, b) => a.id - b.id);
  });
}

export interface DeliveryRound { sent: number; failed: number }

/** One round: claim, send, record. Errors of one mail never stop the others. */
export async function deliverDueMail(db: Db, transport: MailTransport, from: string): Promise<DeliveryRound> {
  const claimed = await claimDueMail(db);
  let sent = 0;
  let failed = 0;
  for (const row of claimed) {
    try {
      await transport.send({ from, to: row.to_address, subject: row.subject, text: row.body_text });
      await db.execute(sql`UPDATE mail_outbox SET sent_at = now(), last_error = NULL WHERE id = ${row.id}`);
      sent++;
    } catch (err) {
      failed++;
      const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
      const wait = backoffSeconds(row.attempts);
      await db.execute(sql`UPDATE mail_outbox SET last_error = ${message}, next_attempt_at = now() + make_interval(secs => ${wait})
        WHERE id = ${row.id}`);
      // The recipient is personal data of staff, the mail id is enough to find the row.
      log.warn({ mailId: row.id, attempts: row.attempts, retryInSeconds: wait, err: message }, 'mail delivery failed; will retry');
    }
  }
  return { sent, failed };
}
