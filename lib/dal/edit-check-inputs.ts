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

export const CHECK_BATCH_SIZE = 10_000;

/** Workflow bookkeeping shared by every CRF table: never checked, so never read (status is). */
const NOT_CHECKED = new Set(['id', 'patientId', 'version', 'updatedBy', 'signedByName', 'signedByUserId', 'signedAt', 'signatureMeaning', 'createdAt', 'updatedAt']);

/**
 * A form as one JSON object keyed like the drizzle row (camelCase), its data columns and status, or
 * null when not started: new data columns are checked without touching this file. JSON because the
 * embedded PGlite spends most of a wide read decoding cells one by one: one JSON value per batch
 * reads 10⁵ patients several times faster there (and no slower on PostgreSQL). Dates are written by
 * to_char (YYYY-MM-DD whatever the DateStyle), as the drizzle rows have them.
 */
function formJson(table: PgTable, alias: string): SQL {
  const pairs = Object.entries(getTableColumns(table)).filter(([k]) => !NOT_CHECKED.has(k)).map(([key, col]) => {
    if (!/^[A-Za-z]\w*$/.test(key) || !/^[a-z]\w*$/.test(col.name)) throw new Error(`edit checks: unexpected column ${key}`);
    const ref = `${alias}.${col.name}`;
    return `'${key}', ${col.getSQLType() === 'date' ? `to_char(${ref}, 'YYYY-MM-DD')` : ref}`;
  });
  return sql.raw(`CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object(${pairs.join(', ')}) END`);
}

export interface CheckBatchRow { centreId: number; input: CheckInput }

type FormsJson = [number, string, number, number, ...(Record<string, unknown> | null)[]];

function scope(centreIds: number[] | null): SQL | undefined {
  if (centreIds === null) return undefined;
  return centreIds.length ? inArray(patients.centreId, centreIds) : sql`false`;
}

/** One int[] parameter rather than one parameter per id (PostgreSQL allows 65,535 per statement). */
const intArray = (ids: number[]) => `{${ids.map((n) => Math.trunc(n)).join(',')}}`;
const anyId = (column: Column, ids: number[]) => sql`${column} = ANY(${intArray(ids)}::int[])`;

/**
 * The scoped patients' records in pseudonym-id order, one batch at a time. The next batch is asked
 * for before this one is handed over, so on PostgreSQL the database reads it while the caller runs
 * the checks on this one.
 */
export async function* checkInputBatches(db: Db | Tx, centreIds: number[] | null, batchSize = CHECK_BATCH_SIZE): AsyncGenerator<CheckBatchRow[]> {
  let pending: Promise<LoadedBatch | null> = loadBatch(db, centreIds, null, batchSize);
  try {
    for (;;) {
      const batch = await pending;
      if (!batch) return;
      pending = batch.full ? loadBatch(db, centreIds, batch.lastCode, batchSize) : Promise.resolve(null);
      yield batch.rows;
    }
  } finally {
    // A caller that stops early leaves the read ahead unawaited: its failure is nobody's to report.
    pending.catch(() => undefined);
  }
}

interface LoadedBatch { rows: CheckBatchRow[]; lastCode: string; full: boolean }

async function loadBatch(db: Db | Tx, centreIds: number[] | null, after: string | null, batchSize: number): Promise<LoadedBatch | null> {
  // The batch's ids by keyset first, then its forms restricted to those ids in every join, so each
  // form table is read through its patient_id index for this batch only (joined to the whole
  // patients range, PostgreSQL chose to hash every form table again for every batch).
  const page = await db.select({ id: patients.id, code: patients.code }).from(patients)
    .where(and(eq(patients.status, 'active'), scope(centreIds), after === null ? undefined : gt(patients.code, after)))
    .orderBy(asc(patients.code)).limit(batchSize);
  const last = page[page.length - 1];
  if (!last) return null;
  const ids = page.map((r) => r.id);
  const idList = intArray(ids);
  const inBatch = (alias: string) => sql`${sql.raw(alias)}.patient_id = ANY(${idList}::int[])`;
  // The scope again: the ids came from a scoped query, but this read must not depend on that.
  const inScope = centreIds === null ? sql`` : sql`AND p.centre_id = ANY(${intArray(centreIds)}::int[])`;
  const res = (await db.execute(sql`
    SELECT json_agg(json_build_array(p.id, p.code, p.centre_id, p.birth_year,
        ${formJson(baselineForms, 'b')}, ${formJson(responseForms, 'r')}, ${formJson(discontinuationForms, 'd')},
        ${formJson(therapyForms, 't')}, ${formJson(followUpForms, 'f')}) ORDER BY p.code) AS batch
    FROM ${patients} p
    LEFT JOIN ${baselineForms} b ON b.patient_id = p.id AND ${inBatch('b')}
    LEFT JOIN ${responseForms} r ON r.patient_id = p.id AND ${inBatch('r')}
    LEFT JOIN ${discontinuationForms} d ON d.patient_id = p.id AND ${inBatch('d')}
    LEFT JOIN ${therapyForms} t ON t.patient_id = p.id AND ${inBatch('t')}
    LEFT JOIN ${followUpForms} f ON f.patient_id = p.id AND ${inBatch('f')}
    WHERE p.id = ANY(${idList}::int[]) ${inScope}`)) as unknown as { rows: { batch: FormsJson[] | string | null }[] };
  const raw = res.rows[0]?.batch ?? null;
  const rows: FormsJson[] = typeof raw === 'string' ? JSON.parse(raw) as FormsJson[] : raw ?? [];
  const [therapies, queries] = await Promise.all([
    db.select({ patientId: subsequentTherapies.patientId, startDate: subsequentTherapies.startDate }).from(subsequentTherapies)
      .where(and(anyId(subsequentTherapies.patientId, ids), eq(subsequentTherapies.deleted, false)))
      .orderBy(asc(subsequentTherapies.patientId), asc(subsequentTherapies.position)),
    db.select({ patientId: dataQueries.patientId, form: dataQueries.form, field: dataQueries.field, status: dataQueries.status, question: dataQueries.question })
      .from(dataQueries).where(and(anyId(dataQueries.patientId, ids), ne(dataQueries.status, 'closed')))
      .orderBy(asc(dataQueries.patientId), asc(dataQueries.id)),
  ]);
  const starts = groupBy(therapies, (t) => t.startDate);
  const open = groupBy(queries, ({ patientId: _p, ...q }) => q);
  return {
    lastCode: last.code, full: page.length === batchSize,
    rows: rows.map(([id, code, centreId, birthYear, b, r, d, t, f]) => ({
      centreId,
      input: {
        code, birthYear,
        forms: { baseline: b ?? undefined, response: r ?? undefined, discontinuation: d ?? undefined, therapies: t ?? undefined, 'follow-up': f ?? undefined },
        therapyStarts: starts.get(id) ?? [], queries: open.get(id) ?? [],
      },
    })),
  };
}

function groupBy<T extends { patientId: number }, V>(rows: T[], value: (r: T) => V): Map<number, V[]> {
  const out = new Map<number, V[]>();
  for (const r of rows) {
    const list = out.get(r.patientId);
    if (list) list.push(value(r)); else out.set(r.patientId, [value(r)]);
  }
  return out;
}
