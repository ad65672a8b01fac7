import 'server-only';
/**
 * The audit viewer's query: filters (user, centre, patient, table, action, date range) and keyset
 * paging on (at, id), newest first, so page 1 and page 10,000 cost the same (indexes audit_log_at_idx
 * and the per-patient/centre/actor/table (…, at) indexes). The cursor carries PostgreSQL's own text
 * of `at` (microseconds) — a JS Date would drop them and skip or repeat rows.
 * `at` is the moment of the change (clock_timestamp(), migration 0006), not its transaction's start,
 * and changes to one record are serialised by its row lock, so for one record (at, id) is the order in
 * which the changes took effect (id breaks ties within one statement, whose rows share one `at`).
 */
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '@/db/client';
import { can, centreFilter, type Principal } from '@/lib/auth/permissions';
import { forbidden } from '@/lib/services/errors';

export const auditFilterSchema = z.strictObject({
  actorId: z.coerce.number().int().positive().optional(),
  centreId: z.coerce.number().int().positive().optional(),
  patient: z.string().trim().regex(/^[A-Z]{2}-\d{2}-\d{3,6}$/, { message: 'must be a patient id like PL-01-005' }).optional(),
  table: z.string().trim().regex(/^[a-z_]{1,40}$/).optional(),
  action: z.string().trim().regex(/^[a-z_]{1,40}$/).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  cursor: z.string().max(200).optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

/**
 * A date range that can match nothing ("from" after "to") is not an error of the query but of the
 * request: the viewer says so instead of showing an empty table that looks like "no events".
 */
export function dateRangeProblem(f: Pick<AuditFilter, 'from' | 'to'>): string | null {
  if (f.from && f.to && f.from > f.to) return `"From" (${f.from}) is after "To" (${f.to}): no event can match. Swap the dates or clear one of them.`;
  return null;
}

export interface AuditEventRow {
  id: number; at: string; atUtc: string; actorId: number | null; actorLabel: string; action: string; tableName: string; recordId: string | null;
  patientCode: string | null; centreCode: string | null; field: string | null; oldValue: string | null; newValue: string | null;
  reason: string | null;
}

export interface AuditPage { rows: AuditEventRow[]; nextCursor: string | null }

export function encodeCursor(at: string, id: number): string {
  return Buffer.from(`${at}|${id}`).toString('base64url');
}

/**
 * A cursor is a link parameter anyone can edit: only a real timestamp in PostgreSQL's text form and
 * an id within range decode (a crafted "2024-99-99 …" or a 20-digit id made the query fail: a 500).
 */
export function decodeCursor(cursor: string): { at: string; id: number } | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  const parts = Buffer.from(cursor, 'base64url').toString().split('|');
  const [at, id] = parts;
  if (parts.length !== 2 || !at || !id || !/^\d{1,15}$/.test(id) || !isPgTimestamptz(at)) return null;
  return { at, id: Number(id) };
}

/** `YYYY-MM-DD HH:MM:SS[.ffffff]±HH[:MM]` with every field in range (as `at::text` prints it). */
function isPgTimestamptz(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([+-])(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) return false;
  const [y, mo, d, h, mi, sec, , , oh, om = '00'] = m.slice(1).map((v) => v ?? '');
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  return Number(y) >= 1 && day.getUTCFullYear() === Number(y) && day.getUTCMonth() === Number(mo) - 1 && day.getUTCDate() === Number(d)
    && Number(h) <= 23 && Number(mi) <= 59 && Number(sec) <= 59 && Number(oh) <= 15 && Number(om) <= 59;
}

/** The notice for a cursor that does not decode; the viewer then shows the newest events. */
export function cursorProblem(f: Pick<AuditFilter, 'cursor'>): string | null {
  return f.cursor && !decodeCursor(f.cursor) ? 'The page link is not valid (edited or cut short): showing the newest events.' : null;
}

function conditions(user: Principal, f: AuditFilter): SQL[] {
  const conds: SQL[] = [];
  const scope = centreFilter(user);
  if (scope !== null) conds.push(scope.length ? sql`a.centre_id IN (SELECT json_array_elements_text(${JSON.stringify(scope)}::json)::int)` : sql`false`);
  if (f.actorId) conds.push(sql`a.actor_id = ${f.actorId}`);
  if (f.centreId) conds.push(sql`a.centre_id = ${f.centreId}`);
  if (f.patient) conds.push(sql`a.patient_id = (SELECT id FROM patients WHERE code = ${f.patient})`);
  if (f.table) conds.push(sql`a.table_name = ${f.table}`);
  if (f.action) conds.push(sql`a.action = ${f.action}`);
  if (f.from) conds.push(sql`a.at >= ${f.from}::date::timestamptz`);
  if (f.to) conds.push(sql`a.at < (${f.to}::date + 1)::timestamptz`);
  return conds;
}

export async function queryAuditEvents(db: Db | Tx, user: Principal, f: AuditFilter, limit: number): Promise<AuditPage> {
  const conds = conditions(user, f);
  const cur = f.cursor ? decodeCursor(f.cursor) : null;
  if (cur) conds.push(sql`(a.at, a.id) < (${cur.at}::timestamptz, ${cur.id})`);
  const where = conds.length ? sql`WHERE ${sql.join(conds, sql` AND `)}` : sql``;
  const res = (await db.execute(sql`
    SELECT a.id, a.at::text AS at, to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS at_utc, a.actor_id, a.actor_label, a.action, a.table_name, a.record_id, p.code AS patient_code,
      c.code AS centre_code, a.field, a.old_value, a.new_value, a.reason
    FROM audit_log a LEFT JOIN patients p ON p.id = a.patient_id LEFT JOIN centres c ON c.id = a.centre_id
    ${where}
    ORDER BY a.at DESC, a.id DESC
    LIMIT ${limit + 1}`)) as unknown as { rows: Record<string, unknown>[] };
  const rows = res.rows.slice(0, limit).map((r): AuditEventRow => ({
    id: Number(r.id), at: String(r.at), atUtc: String(r.at_utc), actorId: r.actor_id === null ? null : Number(r.actor_id), actorLabel: String(r.actor_label),
    action: String(r.action), tableName: String(r.table_name), recordId: (r.record_id as string | null) ?? null,
    patientCode: (r.patient_code as string | null) ?? null, centreCode: (r.centre_code as string | null) ?? null,
    field: (r.field as string | null) ?? null, oldValue: (r.old_value as string | null) ?? null, newValue: (r.new_value as string | null) ?? null,
    reason: (r.reason as string | null) ?? null,
  }));
  const last = rows.at(-1);
  return { rows, nextCursor: res.rows.length > limit && last ? encodeCursor(last.at, last.id) : null };
}

export const AUDIT_PAGE_SIZE = 50;

export async function listAuditEvents(db: Db, user: Principal, filter: AuditFilter): Promise<AuditPage> {
  if (!can(user, 'audit.view')) throw forbidden();
  return queryAuditEvents(db, user, filter, AUDIT_PAGE_SIZE);
}
