import 'server-only';
/**
 * Patient queries, always scoped by centre: `centreIds` null means all centres (coordinator, admin),
 * otherwise only those centres' patients are ever read. Services decide the scope (lib/auth).
 */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import {
  baselineForms, centres, dataQueries, discontinuationForms, followUpForms, patients, responseForms,
  subsequentTherapies, therapyForms,
} from '@/db/schema';

export interface PatientListFilter { centreIds: number[] | null; centreCode?: string; search?: string }
export interface PageRequest { limit: number; offset: number }

export interface PatientListRow {
  id: number; code: string; centreCode: string; sex: string; birthYear: number; status: string;
  ibrutinibStart: string | null; discontinued: boolean; vitalStatus: string | null; openQueries: number;
  incompleteForms: number;
}

function scopeCondition(centreIds: number[] | null): SQL | undefined {
  if (centreIds === null) return undefined;
  return centreIds.length ? inArray(patients.centreId, centreIds) : sql`false`;
}

function listConditions(f: PatientListFilter): (SQL | undefined)[] {
  const conds = [scopeCondition(f.centreIds)];
  if (f.centreCode) conds.push(eq(centres.code, f.centreCode));
  if (f.search) conds.push(sql`${patients.code} ILIKE ${'%' + f.search.replace(/[%_\\]/g, (m) => '\\' + m) + '%'}`);
  return conds;
}

/** How many patients match (for paging); patients and centres only, so it stays cheap at 10⁵ rows. */
export async function countPatients(db: Db, f: PatientListFilter): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(patients)
    .innerJoin(centres, eq(centres.id, patients.centreId)).where(and(...listConditions(f)));
  return row?.n ?? 0;
}

/** One page of the list, ordered by pseudonym id. */
export async function listPatients(db: Db, f: PatientListFilter, page: PageRequest = { limit: 100, offset: 0 }): Promise<PatientListRow[]> {
  const conds = listConditions(f);
  const rows = await db
    .select({
      id: patients.id, code: patients.code, centreCode: centres.code, sex: patients.sex, birthYear: patients.birthYear,
      status: patients.status, ibrutinibStart: baselineForms.ibrutinibStart,
      discontinued: sql<boolean>`${discontinuationForms.id} IS NOT NULL`, vitalStatus: followUpForms.vitalStatus,
      openQueries: sql<number>`(SELECT count(*)::int FROM ${dataQueries} q WHERE q.patient_id = ${patients.id} AND q.status <> 'closed')`,
      // As the edit-check report counts them: baseline, response and follow-up missing or draft;
      // discontinuation and subsequent therapies (optional forms) only when started and still draft.
      incompleteForms: sql<number>`(
        (CASE WHEN ${baselineForms.status} IS NULL OR ${baselineForms.status} = 'draft' THEN 1 ELSE 0 END) +
        (CASE WHEN ${responseForms.status} IS NULL OR ${responseForms.status} = 'draft' THEN 1 ELSE 0 END) +
        (CASE WHEN ${followUpForms.status} IS NULL OR ${followUpForms.status} = 'draft' THEN 1 ELSE 0 END) +
        (CASE WHEN ${discontinuationForms.status} = 'draft' THEN 1 ELSE 0 END) +
        (CASE WHEN ${therapyForms.status} = 'draft' THEN 1 ELSE 0 END))::int`,
    })
    .from(patients)
    .innerJoin(centres, eq(centres.id, patients.centreId))
    .leftJoin(baselineForms, eq(baselineForms.patientId, patients.id))
    .leftJoin(responseForms, eq(responseForms.patientId, patients.id))
    .leftJoin(discontinuationForms, eq(discontinuationForms.patientId, patients.id))
    .leftJoin(followUpForms, eq(followUpForms.patientId, patients.id))
    .leftJoin(therapyForms, eq(therapyForms.patientId, patients.id))
    .where(and(...conds))
    .orderBy(asc(patients.code))
    .limit(page.limit)
    .offset(page.offset);
  return rows;
}

/** One patient by pseudonym id, or null when absent OR outside the caller's centres (no leak). */
export async function findPatientByCode(db: Db, centreIds: number[] | null, code: string) {
  const [row] = await db
    .select({ id: patients.id, code: patients.code, centreId: patients.centreId, centreCode: centres.code,
      centreName: centres.name, sex: patients.sex, birthYear: patients.birthYear, status: patients.status,
      version: patients.version })
    .from(patients).innerJoin(centres, eq(centres.id, patients.centreId))
    .where(and(eq(patients.code, code), scopeCondition(centreIds)))
    .limit(1);
  return row ?? null;
}

/** All CRFs of one patient (caller has already checked scope with findPatientByCode). */
export async function loadPatientForms(db: Db, patientId: number) {
  const [baseline, response, discontinuation, therapyForm, therapies, followUp] = await Promise.all([
    db.select().from(baselineForms).where(eq(baselineForms.patientId, patientId)).then((r) => r[0] ?? null),
    db.select().from(responseForms).where(eq(responseForms.patientId, patientId)).then((r) => r[0] ?? null),
    db.select().from(discontinuationForms).where(eq(discontinuationForms.patientId, patientId)).then((r) => r[0] ?? null),
    db.select().from(therapyForms).where(eq(therapyForms.patientId, patientId)).then((r) => r[0] ?? null),
    db.select().from(subsequentTherapies)
      .where(and(eq(subsequentTherapies.patientId, patientId), eq(subsequentTherapies.deleted, false)))
      .orderBy(asc(subsequentTherapies.position)),
    db.select().from(followUpForms).where(eq(followUpForms.patientId, patientId)).then((r) => r[0] ?? null),
  ]);
  return { baseline, response, discontinuation, therapyForm, therapies, followUp };
}
