import 'server-only';
/**
 * Reads patients' courses (the repeating records) as long-format instances, for the exports, the
 * API and the long import's "already there?" comparison. One query per record kind whatever the
 * cohort size, always scoped (`centreIds` null = all centres). The columns are the dictionary's
 * (long-format.ts longFields), so a new field of a record is read without an edit here.
 */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { isNumericCodeList, missingColumn, RECORDS, valueKey, type FieldDef, type MissingCode, type RecordKind } from '@/lib/dictionary';
import type { CourseContext } from '@/lib/validation/course-rules';
import { emptyRecords, longFields, type InstanceStatus, type LongInstance, type LongRecords, type LongValue, type PatientCourse } from './long-format';

/** Identifiers come from the dictionary and records.ts, never from a request. */
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

export interface StoredInstance extends LongInstance { id: number; version: number }
export interface LoadedCourse {
  dbId: number;
  centreId: number;
  patientId: string;
  /** The patient record's status (a withdrawn or entered-in-error record is read-only). */
  patientStatus: string;
  records: Record<RecordKind, StoredInstance[]>;
}

export interface CourseFilter { centreIds: number[] | null; codes?: readonly string[]; patientIds?: readonly number[] }

function selectOf(f: FieldDef): string {
  const col = `t.${ident(f.column ?? '')}`;
  if (f.type === 'date') return `to_char(${col}, 'YYYY-MM-DD')`;
  if (f.type === 'integer' || (f.type === 'code' && isNumericCodeList(f.codeList))) return `${col}::int`;
  if (f.type === 'code') return `${col}::text`;
  return col;
}

type Row = Record<string, unknown>;

/** The patients matching the filter (ordered by code), each with every instance of every kind (by seq). */
export async function loadCourses(db: Db | Tx, filter: CourseFilter): Promise<LoadedCourse[]> {
  const where: ReturnType<typeof sql>[] = [];
  if (filter.centreIds !== null) where.push(sql`p.centre_id IN (SELECT json_array_elements_text(${JSON.stringify(filter.centreIds)}::json)::int)`);
  if (filter.codes) where.push(sql`p.code IN (SELECT json_array_elements_text(${JSON.stringify(filter.codes)}::json))`);
  if (filter.patientIds) where.push(sql`p.id IN (SELECT json_array_elements_text(${JSON.stringify(filter.patientIds)}::json)::int)`);
  const cond = where.length ? sql.join([sql`WHERE`, sql.join(where, sql` AND `)], sql` `) : sql``;
  const patients = (await db.execute(sql`SELECT p.id, p.code, p.centre_id, p.status::text AS status FROM patients p ${cond} ORDER BY p.code`)) as unknown as { rows: Row[] };
  const byId = new Map<number, LoadedCourse>();
  for (const r of patients.rows) {
    byId.set(Number(r.id), {
      dbId: Number(r.id), centreId: Number(r.centre_id), patientId: String(r.code), patientStatus: String(r.status),
      records: emptyRecords() as Record<RecordKind, StoredInstance[]>,
    });
  }
  if (!byId.size) return [];
  const ids = JSON.stringify([...byId.keys()]);
  for (const def of RECORDS) {
    const fields = longFields(def.kind);
    const cols = fields.flatMap((f, i) => {
      const out = [`${selectOf(f)} AS "v${i}"`];
      const missing = missingColumn(f);
      if (f.missingCodes && missing) out.push(`t.${ident(missing)}::text AS "m${i}"`);
      return out;
    });
    const res = (await db.execute(sql`${sql.raw(`SELECT t.id, t.patient_id, t.seq, t.version, t.status::text AS status, t.entered_in_error, ${cols.join(', ')} FROM ${ident(def.table)} t WHERE t.patient_id IN (SELECT json_array_elements_text(`)}${ids}${sql.raw(`::json)::int) ORDER BY t.patient_id, t.seq`)}`)) as unknown as { rows: Row[] };
    for (const r of res.rows) {
      const course = byId.get(Number(r.patient_id));
      if (!course) continue;
      const values: Record<string, LongValue> = {};
      const missing: Record<string, MissingCode> = {};
      fields.forEach((f, i) => {
        values[valueKey(f)] = (r[`v${i}`] ?? null) as LongValue;
        const m = r[`m${i}`];
        if (m !== null && m !== undefined) missing[valueKey(f)] = m as MissingCode;
      });
      course.records[def.kind].push({
        id: Number(r.id), seq: Number(r.seq), version: Number(r.version), status: r.status as InstanceStatus,
        enteredInError: r.entered_in_error === true, values, missing,
      });
    }
  }
  return [...byId.values()];
}

/** As the long format's courses (the export's and the API's shape). */
export function asPatientCourses(list: readonly LoadedCourse[]): PatientCourse[] {
  return list.map((c) => ({
    patientId: c.patientId,
    records: Object.fromEntries(RECORDS.map((def) => [def.kind, c.records[def.kind].map(({ seq, status, enteredInError, values, missing }) => ({ seq, status, enteredInError, values, missing }))])) as LongRecords,
  }));
}

/**
 * What the course rules read from the snapshot forms (lib/validation/course-rules.ts CourseContext),
 * for many patients in one query: the ibrutinib start, the last dose, vital status and death.
 */
export async function loadCourseContexts(db: Db | Tx, patientIds: readonly number[]): Promise<Map<number, CourseContext>> {
  const out = new Map<number, CourseContext>();
  if (!patientIds.length) return out;
  const res = (await db.execute(sql`
    SELECT p.id, to_char(b.ibrutinib_start, 'YYYY-MM-DD') AS start, to_char(d.last_dose_date, 'YYYY-MM-DD') AS last_dose,
      f.vital_status::text AS vital, to_char(f.death_date, 'YYYY-MM-DD') AS death, f.death_cause::text AS cause, f.death_contributing_causes AS causes
    FROM patients p LEFT JOIN baseline_forms b ON b.patient_id = p.id LEFT JOIN discontinuation_forms d ON d.patient_id = p.id
    LEFT JOIN follow_up_forms f ON f.patient_id = p.id
    WHERE p.id IN (SELECT json_array_elements_text(${JSON.stringify(patientIds)}::json)::int)`)) as unknown as { rows: Row[] };
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  for (const r of res.rows) {
    out.set(Number(r.id), {
      ibrutinibStart: text(r.start), lastDoseDate: text(r.last_dose), vitalStatus: text(r.vital), deathDate: text(r.death), deathCause: text(r.cause),
      deathContributingCauses: Array.isArray(r.causes) ? (r.causes as string[]) : null,
    });
  }
  return out;
}
