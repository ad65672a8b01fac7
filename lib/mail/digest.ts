/**
 * The daily query digest. Users who chose it (users.query_digest) get their query notices as
 * query_digest_items instead of one mail each; once a day, at MAIL_DIGEST_HOUR_UTC, one instance
 * turns each user's pending items into one outbox mail. "Once a day, by one instance" is decided in
 * the database: the schedule row (mail_schedule 'query_digest') is claimed with
 * FOR UPDATE SKIP LOCKED and moved to the next day in the same transaction as the mails it queues.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { appLink } from './config';
import { enqueueMail } from './outbox';

export const DIGEST_JOB = 'query_digest';

const rowsOf = <T,>(r: unknown): T[] => (r as { rows: T[] }).rows;

/** The first time at `hour`:00 UTC strictly after `from`. */
export function nextDigestRun(from: Date, hour: number): Date {
  const t = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), hour));
  if (t.getTime() <= from.getTime()) t.setUTCDate(t.getUTCDate() + 1);
  return t;
}

/** Queues the digests if the schedule is due; returns how many digest mails were queued (null: not due). */
export async function runDigestIfDue(db: Db, hour: number): Promise<number | null> {
  return db.transaction(async (tx) => {
    const [clock] = rowsOf<{ now: string | Date }>(await tx.execute(sql`SELECT now() AS now`));
    const now = new Date(clock?.now ?? Date.now());
    await tx.execute(sql`INSERT INTO mail_schedule (name, next_run_at) VALUES (${DIGEST_JOB}, ${nextDigestRun(now, hour).toISOString()})
      ON CONFLICT (name) DO NOTHING`);
    const due = rowsOf<{ name: string }>(await tx.execute(sql`SELECT name FROM mail_schedule
      WHERE name = ${DIGEST_JOB} AND next_run_at <= now() FOR UPDATE SKIP LOCKED`));
    if (due.length === 0) return null;
    const items = rowsOf<{ id: number | string; user_id: number; email: string; line: string }>(await tx.execute(sql`
      SELECT i.id, i.user_id, u.email, i.line FROM query_digest_items i JOIN users u ON u.id = i.user_id
      WHERE i.digested_at IS NULL AND u.active ORDER BY i.user_id, i.id FOR UPDATE OF i`));
    const byUser = new Map<number, { email: string; lines: string[] }>();
    for (const it of items) {
      const entry = byUser.get(it.user_id) ?? { email: it.email, lines: [] };
      entry.lines.push(it.line);
      byUser.set(it.user_id, entry);
    }
    for (const { email, lines } of byUser.values()) {
      await enqueueMail(tx, {
        kind: 'query_digest', to: email,
        subject: `CLL Registry: ${lines.length} data quer${lines.length === 1 ? 'y' : 'ies'} since the last digest`,
        text: [
          'Data queries raised on patients of your centre since the last digest:', '',
          ...lines.map((l) => `- ${l}`), '',
          `Open the registry to answer them: ${appLink('/patients?queries=open')}`, '',
          'You receive one digest a day because you chose it on your account page.',
        ].join('\n'),
      });
    }
    if (items.length > 0) {
      await tx.execute(sql`UPDATE query_digest_items SET digested_at = now()
        WHERE id IN (${sql.join(items.map((i) => sql`${Number(i.id)}`), sql`, `)})`);
    }
    await tx.execute(sql`UPDATE mail_schedule SET next_run_at = ${nextDigestRun(now, hour).toISOString()} WHERE name = ${DIGEST_JOB}`);
    return byUser.size;
  });
}
