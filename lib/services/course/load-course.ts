import 'server-only';
/**
 * A patient's course as the rules read it (lib/validation/course-rules.ts): every instance of every
 * repeating record, entered-in-error ones included (flagged), keyed by the dictionary's value keys.
 * One round trip: this runs inside every save of a CRF or a record. The JSON is built from the
 * dictionary's stored fields, so a new field reaches the rules without an edit here; dates are
 * formatted in SQL (YYYY-MM-DD whatever the session's DateStyle).
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { RECORDS, storedFieldsOf, valueKey, type RecordKind } from '@/lib/dictionary';
import type { CourseInstance, CourseRecords } from '@/lib/validation/course-rules';

const IDENT = /^[a-z_][a-z0-9_]*$/;

/** SQL of one instance as JSON keyed by value key (columns of the record's table, unqualified). */
export function instanceJson(kind: RecordKind): string {
  const parts = ["'seq', seq", "'enteredInError', entered_in_error", "'status', status::text"];
  for (const f of storedFieldsOf(kind)) {
    if (!f.column || !IDENT.test(f.column)) throw new Error(`course: unexpected column ${String(f.column)}`);
    parts.push(`'${valueKey(f)}', ${f.type === 'date' ? `to_char(${f.column}, 'YYYY-MM-DD')` : f.column}`);
    if (f.missingCodes) parts.push(`'${valueKey(f)}Missing', ${f.column}_missing`);
  }
  return `json_build_object(${parts.join(', ')})`;
}

const COURSE_SQL = RECORDS.map((r) => {
  if (!IDENT.test(r.table)) throw new Error(`course: unexpected table ${r.table}`);
  return `(SELECT coalesce(json_agg(${instanceJson(r.kind)} ORDER BY seq), '[]'::json) FROM ${r.table} WHERE patient_id = $ID) AS "${r.kind}"`;
}).join(',\n');

export async function loadCourse(tx: Tx, patientId: number): Promise<CourseRecords> {
  const id = Math.trunc(patientId);
  const result = await tx.execute(sql.raw(`SELECT ${COURSE_SQL.replaceAll('$ID', String(id))}`));
  const row = (result as unknown as { rows: Record<string, unknown>[] }).rows[0] ?? {};
  const parse = (v: unknown): CourseInstance[] => (typeof v === 'string' ? JSON.parse(v) as CourseInstance[] : (v as CourseInstance[] | null) ?? []);
  return Object.fromEntries(RECORDS.map((r) => [r.kind, parse(row[r.kind])])) as CourseRecords;
}
