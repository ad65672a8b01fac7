/**
 * Folds the audit rows of every audited table into field values and compares them with the
 * tables: the audit trail must reproduce every current value (check 18 in security-audit, and the
 * upgrade test).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';

const rows = <T,>(r: unknown) => (r as { rows: T[] }).rows;
const BOOKKEEPING = new Set(['id', 'created_at', 'updated_at', 'updated_by', 'version', 'created_by']);
export const AUDITED_TABLES = ['patients', 'baseline_forms', 'response_forms', 'discontinuation_forms', 'therapy_forms', 'subsequent_therapies', 'follow_up_forms', 'data_queries',
  // The course's repeating records (migration 0014).
  'visits', 'adverse_events', 'dose_periods', 'dose_interruptions', 'molecular_tests'];
const normalise = (v: string | null) => (v === null ? null : v.replace(/\s+/g, ''));

/**
 * `columns`: per table, the fields to compare (default: every column). An upgrade compares the
 * columns the old release had; a column added later has no history before it existed.
 */
export async function replayMismatches(db: Db, columns?: Record<string, readonly string[]>): Promise<{ compared: number; mismatches: string[] }> {
  const log = rows<{ table_name: string; record_id: string; field: string; new_value: string | null }>(await db.execute(sql`
    SELECT table_name, record_id, field, new_value FROM audit_log
    WHERE table_name IN (${sql.join(AUDITED_TABLES.map((t) => sql`${t}`), sql`, `)}) AND field IS NOT NULL ORDER BY id`));
  const replayed = new Map<string, Map<string, string | null>>();
  for (const r of log) {
    const key = `${r.table_name}#${r.record_id}`;
    let rec = replayed.get(key);
    if (!rec) { rec = new Map(); replayed.set(key, rec); }
    rec.set(r.field, r.new_value);
  }
  const mismatches: string[] = [];
  let compared = 0;
  for (const table of AUDITED_TABLES) {
    const only = columns?.[table];
    const current = rows<{ j: Record<string, unknown> }>(await db.execute(sql`SELECT to_jsonb(t) AS j FROM ${sql.identifier(table)} t`));
    for (const { j } of current) {
      const key = `${table}#${String(j.id)}`;
      const rec = replayed.get(key);
      if (!rec) { mismatches.push(`${key}: no audit rows`); continue; }
      for (const [field, value] of Object.entries(j)) {
        if (BOOKKEEPING.has(field) || (only && !only.includes(field))) continue;
        compared++;
        // ->> of the trigger's to_jsonb: scalars as text, arrays/objects as JSON text.
        const now = value === null ? null : typeof value === 'object' ? JSON.stringify(value) : String(value);
        const fromLog = rec.get(field) ?? null;
        if (normalise(now) !== normalise(fromLog)) mismatches.push(`${key}.${field}: table ${now} ≠ replay ${fromLog}`);
      }
    }
  }
  return { compared, mismatches };
}
