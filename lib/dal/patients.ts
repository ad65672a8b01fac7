import 'server-only';
/**
 * Patient queries, always scoped by centre: `centreIds` null means all centres (coordinator, admin),
 * otherwise only those centres' patients are ever read. Services decide the scope (lib/auth).
 */
import { and, asc, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import {
  baselineForms, centres, dataQueries, discontinuationForms, followUpForms, patients, responseForms,
  subsequentTherapies, therapyForms,
} from '@/db/schema';
import type { PatientListQuery } from '@/lib/patients/list-params';

/**
 * `centreIds` is the caller's scope (set by the service, never from the query string); the rest are
 * already-validated values from lib/patients/list-params.ts. Each filter is a fixed SQL fragment
 * with bound values, written as EXISTS on patient_id (all indexed or unique) so the count needs no
 * joins and stays cheap at 10⁵ patients.
 */
export interface PatientListFilter extends Partial<PatientListQuery> { centreIds: number[] | null }
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
  if (f.status) conds.push(eq(patients.status, f.status));
  if (f.discontinued !== undefined) {
    const has = sql`EXISTS (SELECT 1 FROM ${discontinuationForms} d WHERE d.patient_id = ${patients.id})`;
    conds.push(f.discontinued ? has : sql`NOT ${has}`);
  }
  if (f.vital) conds.push(sql`EXISTS (SELECT 1 FROM ${followUpForms} fu WHERE fu.patient_id = ${patients.id} AND fu.vital_status = ${f.vital})`);
  if (f.openQueries) conds.push(sql`EXISTS (SELECT 1 FROM ${dataQueries} q WHERE q.patient_id = ${patients.id} AND q.status <> 'closed')`);
  // The same rule as the incompleteForms column below (and the edit-check report).
  if (f.incomplete) {
    // Not "all three required forms stored and past draft", or an optional form started and still draft.
    // Written as two IN lists (hashed once) rather than five correlated EXISTS per patient.
    conds.push(sql`(${patients.id} NOT IN (
        SELECT b.patient_id FROM ${baselineForms} b
          JOIN ${responseForms} r ON r.patient_id = b.patient_id AND r.status <> 'draft'
          JOIN ${followUpForms} fu ON fu.patient_id = b.patient_id AND fu.status <> 'draft'
        WHERE b.status <> 'draft')
      OR ${patients.id} IN (
        SELECT d.patient_id FROM ${discontinuationForms} d WHERE d.status = 'draft'
        UNION ALL SELECT t.patient_id FROM ${therapyForms} t WHERE t.status = 'draft'))`);
  }
  return conds;
}

const openQueryCount = sql<number>`(SELECT count(*)::int FROM ${dataQueries} q WHERE q.patient_id = ${patients.id} AND q.status <> 'closed')`;

/** Open (not closed) queries per patient, grouped once: a hash join, not 10⁵ correlated counts, when sorting by them. */
function openQueryCounts(db: Db) {
  return db.select({ patientId: dataQueries.patientId, n: sql<number>`count(*)::int`.as('n') }).from(dataQueries)
    .where(ne(dataQueries.status, 'closed')).groupBy(dataQueries.patientId).as('oq');
}

/** How many patients match (for paging); patients and centres only, so it stays cheap at 10⁵ rows. */
export async function countPatients(db: Db, f: PatientListFilter): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(patients)
    .innerJoin(centres, eq(centres.id, patients.centreId)).where(and(...listConditions(f)));
  return row?.n ?? 0;
}

/**
 * The ids of one page, in the asked order. Sort keys come from a whitelist only (the type admits
 * nothing else; anything unexpected falls back to the pseudonym id); ties are broken by the (unique)
 * pseudonym id so offset paging is stable. A missing ibrutinib start sorts last both ways: those
 * patients are not "earliest". Narrow on purpose (only the join the sort needs): a deep page skips
 * its offset over id rows rather than over fully joined rows with their form columns.
 */
async function pageIds(db: Db, f: PatientListFilter, page: PageRequest): Promise<number[]> {
  const dir = f.dir === 'desc' ? 'desc' : 'asc';
  const by = dir === 'desc' ? desc : asc;
  const where = and(...listConditions(f));
  const base = db.select({ id: patients.id }).from(patients).innerJoin(centres, eq(centres.id, patients.centreId));
  let rows: { id: number }[];
  switch (f.sort) {
    case 'centre':
      rows = await base.where(where).orderBy(by(centres.code), asc(patients.code)).limit(page.limit).offset(page.offset);
      break;
    case 'ibrutinib':
      rows = await base.leftJoin(baselineForms, eq(baselineForms.patientId, patients.id)).where(where)
        .orderBy(sql`${baselineForms.ibrutinibStart} ${dir === 'desc' ? sql`DESC` : sql`ASC`} NULLS LAST`, asc(patients.code))
        .limit(page.limit).offset(page.offset);
      break;
    case 'queries': {
      const oq = openQueryCounts(db);
      rows = await base.leftJoin(oq, eq(oq.patientId, patients.id)).where(where)
        .orderBy(by(sql`coalesce(${oq.n}, 0)`), asc(patients.code)).limit(page.limit).offset(page.offset);
      break;
    }
    default:
      rows = await base.where(where).orderBy(by(patients.code)).limit(page.limit).offset(page.offset);
  }
  return rows.map((r) => r.id);
}

/** One page of the list, in the asked (whitelisted) order; pseudonym id by default. */
export async function listPatients(db: Db, f: PatientListFilter, page: PageRequest = { limit: 100, offset: 0 }): Promise<PatientListRow[]> {
  const ids = await pageIds(db, f, page);
  if (!ids.length) return [];
  const rows = await db
    .select({
      id: patients.id, code: patients.code, centreCode: centres.code, sex: patients.sex, birthYear: patients.birthYear,
      status: patients.status, ibrutinibStart: baselineForms.ibrutinibStart,
      discontinued: sql<boolean>`${discontinuationForms.id} IS NOT NULL`, vitalStatus: followUpForms.vitalStatus,
      openQueries: openQueryCount,
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
    // The scope again: the ids came from a scoped query, but this read must not depend on that.
    .where(and(inArray(patients.id, ids), scopeCondition(f.centreIds)));
  const pos = new Map(ids.map((id, i) => [id, i]));
  return rows.sort((a, b) => (pos.get(a.id) ?? 0) - (pos.get(b.id) ?? 0));
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
