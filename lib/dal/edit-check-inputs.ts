import 'server-only';
/**
 * The stored records the edit checks run over, read in batches of patients (keyset on the pseudonym
 * id, unique and indexed), so a report over 10⁵ patients holds one batch in memory and sends no id list larger than a
 * batch. Always scoped: `centreIds` null means all centres (the service decides), otherwise only
 * those centres' patients are read. Active patients only (withdrawn records are not chased).
 */
import { and, asc, eq, getTableColumns, gt, inArray, ne, sql, type Column, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '@/db/client';
import {
  baselineForms, dataQueries, discontinuationForms, followUpForms, patients, responseForms, subsequentTherapies, therapyForms,
} from '@/db/schema';
import type { CheckInput } from '@/lib/edit-checks/findings';
import { RECORDS } from '@/lib/dictionary';
import { instanceJson } from '@/lib/services/course/load-course';
import { emptyCourse, type CourseInstance, type CourseRecords } from '@/lib/validation/course-rules';

export const CHECK_BATCH_SIZE = 10_000;

/** Workflow bookkeeping shared by every CRF table: never checked, so never read (status is). */
const NOT_CHECKED = new Set(['id', 'patientId', 'version', 'updatedBy', 'signedByName', 'signedByUserId', 'signedAt', 'signatureMeaning', 'createdAt', 'updatedAt']);

/**
 * The data columns (and status) of a form table as [drizzle key, SQL expression] pairs, in a fixed
 * order: new data columns are checked without touching this file, the missing-data code columns
 * (`<column>_missing`) among them, so a field said to be unknown counts as answered (lib/dictionary
 * isAnswered). Dates are written by to_char
 * (YYYY-MM-DD whatever the DateStyle), as the drizzle rows have them.
 */
function checkedColumns(table: PgTable, alias: string): [string, string][] {
  return Object.entries(getTableColumns(table)).filter(([k]) => !NOT_CHECKED.has(k)).map(([key, col]) => {
    if (!/^[A-Za-z]\w*$/.test(key) || !/^[a-z]\w*$/.test(col.name)) throw new Error(`edit checks: unexpected column ${key}`);
    const ref = `${alias}.${col.name}`;
    return [key, col.getSQLType() === 'date' ? `to_char(${ref}, 'YYYY-MM-DD')` : ref];
  });
}

/**
 * A form as one JSON array of its checked columns' values, or null when not started. JSON because
 * the embedded PGlite spends most of a wide read decoding cells one by one: one JSON value per batch
 * reads 10⁵ patients several times faster there. An array, not an object: the keys repeated in
 * every form of every patient made 66 MB of JSON for 10⁵ patients (26 MB as arrays), and building
 * and sending it was most of the report's time (on PostgreSQL 2.6 s → 1.7 s, parsing 0.26 → 0.19 s).
 */
interface FormShape { keys: string[]; sql: SQL }
function formShape(table: PgTable, alias: string): FormShape {
  const cols = checkedColumns(table, alias);
  return {
    keys: cols.map(([k]) => k),
    sql: sql.raw(`CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_array(${cols.map(([, e]) => e).join(', ')}) END`),
  };
}

/** The five forms' shapes, in the order of the batch query's columns (built once: the schema is fixed). */
const SHAPES = [formShape(baselineForms, 'b'), formShape(responseForms, 'r'), formShape(discontinuationForms, 'd'),
  formShape(therapyForms, 't'), formShape(followUpForms, 'f')] as const;

/** A form's values array back into the drizzle-keyed object the checks read. */
function formObject(keys: readonly string[], values: unknown[] | null): Record<string, unknown> | undefined {
  if (!values) return undefined;
  const o: Record<string, unknown> = {};
  for (let k = 0; k < keys.length; k++) o[keys[k] as string] = values[k];
  return o;
}

export interface CheckBatchRow { id: number; centreId: number; input: CheckInput }

type FormsJson = [number, string, number, number, ...(unknown[] | null)[]];

function scope(centreIds: number[] | null): SQL | undefined {
  if (centreIds === null) return undefined;
  return centreIds.length ? inArray(patients.centreId, centreIds) : sql`false`;
}

/** One int[] parameter rather than one parameter per id (PostgreSQL allows 65,535 per statement). */
const intArray = (ids: number[]) => `{${ids.map((n) => Math.trunc(n)).join(',')}}`;
const anyId = (column: Column, ids: number[]) => sql`${column} = ANY(${intArray(ids)}::int[])`;

/**
 * The scoped patients' records in pseudonym-id order, one batch at a time. Up to `depth` batches are
 * being read while the caller runs the checks on the one handed over: on PostgreSQL two batch reads
 * use both cores and overlap the checks (100,000 patients: 2.7 s → see docs/crf.md); PGlite runs
 * them one after the other, no slower.
 */
export async function* checkInputBatches(db: Db | Tx, centreIds: number[] | null, batchSize = CHECK_BATCH_SIZE, depth = 2): AsyncGenerator<CheckBatchRow[]> {
  const pending: Promise<CheckBatchRow[]>[] = [];
  let after: string | null = null;
  let more = true;
  try {
    for (;;) {
      while (more && pending.length < depth) {
        const page = await batchIds(db, centreIds, after, batchSize);
        const last = page[page.length - 1];
        more = page.length === batchSize;
        if (!last) break;
        after = last.code;
        pending.push(loadBatch(db, centreIds, page.map((r) => r.id)));
      }
      const next = pending.shift();
      if (!next) return;
      yield await next;
    }
  } finally {
    // A caller that stops early leaves the reads ahead unawaited: their failure is nobody's to report.
    for (const p of pending) p.catch(() => undefined);
  }
}

/**
 * The records of the given patients that are active (any centre: the caller scopes what it shows),
 * in pseudonym-id order, in batches: the edit-check pass re-reads the patients changed since it ran
 * (lib/services/crf/edit-check-pass.ts). A patient withdrawn or unknown is simply not returned.
 */
export async function checkInputsOf(db: Db | Tx, ids: readonly number[], batchSize = CHECK_BATCH_SIZE): Promise<CheckBatchRow[]> {
  const out: CheckBatchRow[] = [];
  for (let i = 0; i < ids.length; i += batchSize) {
    const wanted = [...ids.slice(i, i + batchSize)];
    const active = await db.select({ id: patients.id }).from(patients)
      .where(and(anyId(patients.id, wanted), eq(patients.status, 'active')));
    if (active.length) out.push(...await loadBatch(db, null, active.map((r) => r.id)));
  }
  return out;
}

/** The next batch's patients by keyset on the pseudonym id (unique, indexed). */
function batchIds(db: Db | Tx, centreIds: number[] | null, after: string | null, batchSize: number) {
  return db.select({ id: patients.id, code: patients.code }).from(patients)
    .where(and(eq(patients.status, 'active'), scope(centreIds), after === null ? undefined : gt(patients.code, after)))
    .orderBy(asc(patients.code)).limit(batchSize);
}

async function loadBatch(db: Db | Tx, centreIds: number[] | null, ids: number[]): Promise<CheckBatchRow[]> {
  // The batch's forms restricted to its ids in every join, so each form table is read through its
  // patient_id index for this batch only (joined to the whole patients range, PostgreSQL chose to
  // hash every form table again for every batch).
  const idList = intArray(ids);
  const inBatch = (alias: string) => sql`${sql.raw(alias)}.patient_id = ANY(${idList}::int[])`;
  // The scope again: the ids came from a scoped query, but this read must not depend on that.
  const inScope = centreIds === null ? sql`` : sql`AND p.centre_id = ANY(${intArray(centreIds)}::int[])`;
  const [sb, sr, sd, st, sf] = SHAPES;
  const res = (await db.execute(sql`
    SELECT json_agg(json_build_array(p.id, p.code, p.centre_id, p.birth_year,
        ${sb.sql}, ${sr.sql}, ${sd.sql}, ${st.sql}, ${sf.sql}) ORDER BY p.code) AS batch
    FROM ${patients} p
    LEFT JOIN ${baselineForms} b ON b.patient_id = p.id AND ${inBatch('b')}
    LEFT JOIN ${responseForms} r ON r.patient_id = p.id AND ${inBatch('r')}
    LEFT JOIN ${discontinuationForms} d ON d.patient_id = p.id AND ${inBatch('d')}
    LEFT JOIN ${therapyForms} t ON t.patient_id = p.id AND ${inBatch('t')}
    LEFT JOIN ${followUpForms} f ON f.patient_id = p.id AND ${inBatch('f')}
    WHERE p.id = ANY(${idList}::int[]) ${inScope}`)) as unknown as { rows: { batch: FormsJson[] | string | null }[] };
  const raw = res.rows[0]?.batch ?? null;
  const rows: FormsJson[] = typeof raw === 'string' ? JSON.parse(raw) as FormsJson[] : raw ?? [];
  const [therapies, queries, course] = await Promise.all([
    db.select({ patientId: subsequentTherapies.patientId, startDate: subsequentTherapies.startDate }).from(subsequentTherapies)
      .where(and(anyId(subsequentTherapies.patientId, ids), eq(subsequentTherapies.deleted, false)))
      .orderBy(asc(subsequentTherapies.patientId), asc(subsequentTherapies.position)),
    db.select({
      patientId: dataQueries.patientId, form: dataQueries.form, recordSeq: dataQueries.recordSeq, field: dataQueries.field, status: dataQueries.status,
      question: dataQueries.question,
    }).from(dataQueries).where(and(anyId(dataQueries.patientId, ids), ne(dataQueries.status, 'closed')))
      .orderBy(asc(dataQueries.patientId), asc(dataQueries.id)),
    courseOf(db, idList),
  ]);
  const starts = groupBy(therapies, (t) => t.startDate);
  const open = groupBy(queries, ({ patientId: _p, ...q }) => q);
  return rows.map(([id, code, centreId, birthYear, b, r, d, t, f]) => ({
      id, centreId,
      input: {
        code, birthYear,
        forms: {
          baseline: formObject(sb.keys, b ?? null), response: formObject(sr.keys, r ?? null), discontinuation: formObject(sd.keys, d ?? null),
          therapies: formObject(st.keys, t ?? null), 'follow-up': formObject(sf.keys, f ?? null),
        },
        therapyStarts: starts.get(id) ?? [], queries: open.get(id) ?? [], course: course.get(id) ?? emptyCourse(),
      },
    }));
}

/**
 * The batch's course: every instance of every repeating record (entered-in-error ones flagged, the
 * checks leave them out), one JSON array per patient and kind, as the saves read it (load-course.ts).
 */
async function courseOf(db: Db | Tx, idList: string): Promise<Map<number, CourseRecords>> {
  const out = new Map<number, CourseRecords>();
  for (const r of RECORDS) {
    const res = (await db.execute(sql`SELECT patient_id, json_agg(${sql.raw(instanceJson(r.kind))} ORDER BY seq) AS list
      FROM ${sql.identifier(r.table)} WHERE patient_id = ANY(${idList}::int[]) GROUP BY patient_id`)) as unknown as { rows: { patient_id: number; list: CourseInstance[] | string }[] };
    for (const row of res.rows) {
      const id = Number(row.patient_id);
      let c = out.get(id);
      if (!c) { c = emptyCourse(); out.set(id, c); }
      c[r.kind] = typeof row.list === 'string' ? JSON.parse(row.list) as CourseInstance[] : row.list;
    }
  }
  return out;
}

function groupBy<T extends { patientId: number }, V>(rows: T[], value: (r: T) => V): Map<number, V[]> {
  const out = new Map<number, V[]>();
  for (const r of rows) {
    const list = out.get(r.patientId);
    if (list) list.push(value(r)); else out.set(r.patientId, [value(r)]);
  }
  return out;
}
