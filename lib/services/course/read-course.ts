import 'server-only';
/**
 * Read verbs of the patient's course: every instance of every repeating record (the record home's
 * grid, timeline and swimmer plot), and one instance with its form values and queries (the edit
 * page). Centre scope as every read: another centre's patient reads as not found (and the attempt
 * is logged).
 */
import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '@/db/client';
import { dataQueries, users } from '@/db/schema';
import { can, centreFilter, type Principal } from '@/lib/auth/permissions';
import { splitStoredTerm } from '@/lib/ctcae/terms';
import { RECORDS, recordDef, type RecordKind } from '@/lib/dictionary';
import { formDefaults } from '@/lib/dictionary/form-values';
import type { FormInput } from '@/lib/dictionary/zod';
import { findPatientByCode } from '@/lib/dal/patients';
import { recordDenial } from '@/lib/services/audit/record-event';
import { forbidden, notFound } from '@/lib/services/errors';
import type { FormStatus } from '@/lib/services/crf/form-access';
import type { QueryView } from '@/lib/services/crf/read-crf';
import { instanceName } from '@/lib/validation/course-rules';
import { RECORD_TABLES, type RecordRow } from './record-access';

export interface InstanceView {
  kind: RecordKind;
  seq: number;
  id: number;
  /** "Adverse event 3". */
  title: string;
  /** The date that places it on the course (visit date, onset, start, sample date; lib/dictionary/records.ts dateKey). */
  date: string | null;
  status: FormStatus;
  version: number;
  enteredInError: boolean;
  signedByName: string | null;
  signedAt: string | null;
  signatureMeaning: string | null;
  /** Data queries on the instance not yet closed (open or answered). */
  openQueries: number;
  /** The stored values keyed by value key (with `<key>Missing` codes); an adverse event's term as stored ("<term>: <spec>"). */
  values: Record<string, unknown>;
  updatedAt: string;
}

export interface CoursePatient { id: number; code: string; centreId: number; centreCode: string; status: string; birthYear: number }

async function scopedPatient(db: Db, user: Principal & { email?: string }, code: string): Promise<CoursePatient> {
  if (!can(user, 'patient.read')) throw forbidden();
  const patient = await findPatientByCode(db, centreFilter(user), code);
  if (!patient || !can(user, 'patient.read', { centreId: patient.centreId })) {
    const other = patient ?? await findPatientByCode(db, null, code);
    if (other) await recordDenial(db, user, { table: 'patients', recordId: other.id, patientId: other.id, centreId: other.centreId, action: 'patient.read' });
    throw notFound('Patient not found.');
  }
  return { id: patient.id, code: patient.code, centreId: patient.centreId, centreCode: patient.centreCode, status: patient.status, birthYear: patient.birthYear };
}

const BOOKKEEPING = new Set(['id', 'patientId', 'seq', 'enteredInError', 'status', 'version', 'updatedBy', 'signedByName', 'signedByUserId',
  'signedAt', 'signatureMeaning', 'createdAt', 'updatedAt']);

function viewOf(kind: RecordKind, row: RecordRow, openQueries: number): InstanceView {
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (!BOOKKEEPING.has(k)) values[k] = v;
  const date = values[recordDef(kind).dateKey];
  return {
    kind, seq: row.seq, id: row.id, title: instanceName(kind, row.seq), date: typeof date === 'string' ? date : null,
    status: row.status, version: row.version, enteredInError: row.enteredInError,
    signedByName: row.signedByName, signedAt: row.signedAt ? row.signedAt.toISOString() : null, signatureMeaning: row.signatureMeaning,
    openQueries, values, updatedAt: (row.updatedAt as Date).toISOString(),
  };
}

const KIND_ORDER = new Map(RECORDS.map((r, i) => [r.kind, i]));

/** Course order: by date (undated last), then kind (the dictionary's order), then number. */
export function byCourseOrder(a: InstanceView, b: InstanceView): number {
  if (a.date !== b.date) return a.date === null ? 1 : b.date === null ? -1 : a.date < b.date ? -1 : 1;
  const k = (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0);
  return k !== 0 ? k : a.seq - b.seq;
}

async function openQueryCounts(db: Db, patientId: number): Promise<Map<string, number>> {
  const rows = await db.select({ form: dataQueries.form, seq: dataQueries.recordSeq, n: sql<number>`count(*)::int` }).from(dataQueries)
    .where(and(eq(dataQueries.patientId, patientId), ne(dataQueries.status, 'closed')))
    .groupBy(dataQueries.form, dataQueries.recordSeq);
  return new Map(rows.filter((r) => r.seq !== null).map((r) => [`${r.form}#${r.seq}`, Number(r.n)]));
}

/** Every instance of every record of the patient (entered-in-error ones flagged), in course order. */
export async function readCourse(db: Db, user: Principal & { email?: string }, patientCode: string): Promise<{ patient: CoursePatient; instances: InstanceView[] }> {
  const patient = await scopedPatient(db, user, patientCode);
  const counts = await openQueryCounts(db, patient.id);
  const instances: InstanceView[] = [];
  for (const { kind } of RECORDS) {
    const table = RECORD_TABLES[kind];
    const rows = await db.select().from(table).where(eq(table.patientId, patient.id)).orderBy(asc(table.seq));
    for (const row of rows as RecordRow[]) instances.push(viewOf(kind, row, counts.get(`${kind}#${row.seq}`) ?? 0));
  }
  return { patient, instances: instances.sort(byCourseOrder) };
}

/** An instance's form values (the edit page's defaults): an "Other, specify" term split back into term and specification. */
export function recordFormValues<K extends RecordKind>(kind: K, row: Record<string, unknown> | null): FormInput<K> {
  const values = formDefaults(kind, row) as Record<string, unknown>;
  if (kind === 'adverse-event') {
    const stored = typeof row?.term === 'string' ? splitStoredTerm(row.term) : null;
    values.term = stored?.term ?? null;
    values.termSpecify = stored?.specify ?? null;
  }
  return values as FormInput<K>;
}

/** One instance with its form values and its data queries (newest first). Not found: another centre's patient, or no such instance. */
export async function readRecord(db: Db, user: Principal & { email?: string }, patientCode: string, kind: RecordKind, seq: number) {
  const patient = await scopedPatient(db, user, patientCode);
  const table = RECORD_TABLES[kind];
  const [row] = (await db.select().from(table).where(and(eq(table.patientId, patient.id), eq(table.seq, seq)))) as RecordRow[];
  if (!row) throw notFound(`${instanceName(kind, seq)} does not exist.`);
  const answeredBy = alias(users, 'answered_by_user');
  const queryRows = await db.select({
    id: dataQueries.id, form: dataQueries.form, field: dataQueries.field, question: dataQueries.question, answer: dataQueries.answer,
    status: dataQueries.status, raisedByName: users.displayName, answeredByName: answeredBy.displayName,
    createdAt: dataQueries.createdAt, updatedAt: dataQueries.updatedAt,
  }).from(dataQueries)
    .innerJoin(users, eq(users.id, dataQueries.raisedBy))
    .leftJoin(answeredBy, eq(answeredBy.id, dataQueries.answeredBy))
    .where(and(eq(dataQueries.patientId, patient.id), eq(dataQueries.form, kind), eq(dataQueries.recordSeq, seq)))
    .orderBy(desc(dataQueries.createdAt), desc(dataQueries.id));
  const queries: QueryView[] = queryRows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() }));
  const open = queries.filter((q) => q.status !== 'closed').length;
  return { patient, instance: viewOf(kind, row, open), formValues: recordFormValues(kind, row), queries };
}
