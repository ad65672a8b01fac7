import 'server-only';
/**
 * Reads patients with all their CRFs as exchange records (for exports and for the import's
 * "already there?" comparison). Set-based (a handful of queries whatever the cohort size), always
 * scoped: `centreIds` null = all centres.
 */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '@/db/client';
import {
  baselineForms, centres, discontinuationForms, followUpForms, patients, responseForms, subsequentTherapies, therapyForms,
} from '@/db/schema';
import type { ExchangePatient, ExchangeTherapy } from './patient';
import type { FormState, RecordState, StateStatus } from './record-state';

export interface LoadedPatient {
  dbId: number;
  centreId: number;
  centreCity: string;
  /** Some CRF of the patient is locked: an import must not change it. */
  locked: boolean;
  /** Versions and statuses of the patient row and its forms (record-state.ts). */
  state: RecordState;
  patient: ExchangePatient;
}

export interface LoadFilter { centreIds: number[] | null; codes?: string[] }

const lockedSql = (col: SQL | AnyPgColumn) => sql`coalesce(${col} = 'locked', false)`;

export async function loadExchangePatients(db: Db | Tx, f: LoadFilter): Promise<LoadedPatient[]> {
  const conds: (SQL | undefined)[] = [];
  if (f.centreIds !== null) conds.push(f.centreIds.length ? inArray(patients.centreId, f.centreIds) : sql`false`);
  if (f.codes) conds.push(f.codes.length ? sql`${patients.code} IN (SELECT json_array_elements_text(${JSON.stringify(f.codes)}::json))` : sql`false`);
  const rows = await db.select({
    dbId: patients.id, code: patients.code, centreId: patients.centreId, centre: centres.code, city: centres.city,
    sex: patients.sex, birthYear: patients.birthYear, status: patients.status, version: patients.version,
    b_v: baselineForms.version, b_s: baselineForms.status, r_v: responseForms.version, r_s: responseForms.status,
    d_v: discontinuationForms.version, d_s: discontinuationForms.status, t_v: therapyForms.version, t_s: therapyForms.status,
    f_v: followUpForms.version, f_s: followUpForms.status,
    b_start: baselineForms.ibrutinibStart, b_age: baselineForms.ageAtStart, b_ecog: baselineForms.ecog, b_rai: baselineForms.raiStage,
    b_binet: baselineForms.binetStage, b_del17p: baselineForms.del17p, b_ighv: baselineForms.ighv, b_prior: baselineForms.priorLines,
    b_pa: baselineForms.priorPurineAnalogue, b_cd20: baselineForms.priorAntiCd20, b_incl: baselineForms.inclusionCriteria,
    r_best: responseForms.bestResponse, r_assessed: responseForms.assessedDate,
    d_id: discontinuationForms.id, d_date: discontinuationForms.lastDoseDate, d_reason: discontinuationForms.reason,
    d_other: discontinuationForms.reasonOther, d_pt: discontinuationForms.progressionType, d_rt: discontinuationForms.rtHistology,
    d_cns: discontinuationForms.cnsInvolvement, d_mut: discontinuationForms.resistanceMutations, d_term: discontinuationForms.aeTerm,
    d_soc: discontinuationForms.aeSoc, d_grade: discontinuationForms.aeGrade, d_etiology: discontinuationForms.aeEtiology,
    d_verbatim: discontinuationForms.aeVerbatim, d_onset: discontinuationForms.aeOnsetDate,
    f_vital: followUpForms.vitalStatus, f_last: followUpForms.lastContactDate, f_death: followUpForms.deathDate,
    f_cause: followUpForms.deathCause, f_causeOther: followUpForms.deathCauseOther,
    locked: sql<boolean>`(${lockedSql(baselineForms.status)} OR ${lockedSql(responseForms.status)} OR ${lockedSql(discontinuationForms.status)}
      OR ${lockedSql(followUpForms.status)} OR ${lockedSql(therapyForms.status)})`,
  })
    .from(patients)
    .innerJoin(centres, eq(centres.id, patients.centreId))
    .leftJoin(baselineForms, eq(baselineForms.patientId, patients.id))
    .leftJoin(responseForms, eq(responseForms.patientId, patients.id))
    .leftJoin(discontinuationForms, eq(discontinuationForms.patientId, patients.id))
    .leftJoin(therapyForms, eq(therapyForms.patientId, patients.id))
    .leftJoin(followUpForms, eq(followUpForms.patientId, patients.id))
    .where(and(...conds))
    .orderBy(asc(patients.code));

  const therapies = new Map<number, ExchangeTherapy[]>();
  if (rows.length) {
    const ids = rows.map((r) => r.dbId);
    const tr = await db.select({
      patientId: subsequentTherapies.patientId, regimen: subsequentTherapies.regimen,
      response: subsequentTherapies.bestResponse, startDate: subsequentTherapies.startDate,
    }).from(subsequentTherapies)
      .where(and(eq(subsequentTherapies.deleted, false), sql`${subsequentTherapies.patientId} IN (SELECT json_array_elements_text(${JSON.stringify(ids)}::json)::int)`))
      .orderBy(asc(subsequentTherapies.patientId), asc(subsequentTherapies.position));
    for (const t of tr) {
      const list = therapies.get(t.patientId) ?? [];
      list.push({ regimen: t.regimen, response: t.response, startDate: t.startDate });
      therapies.set(t.patientId, list);
    }
  }

  return rows.map((r): LoadedPatient => {
    const d = r.d_id === null || r.d_date === null || r.d_reason === null ? null : {
      date: r.d_date, reason: r.d_reason, reasonOther: r.d_other, progressionType: r.d_pt, rtHistology: r.d_rt,
      cnsInvolvement: r.d_cns, resistanceMutations: r.d_mut,
      adverseEvent: r.d_term === null && r.d_soc === null && r.d_grade === null ? null : {
        term: r.d_term ?? '', soc: r.d_soc ?? '', grade: r.d_grade ?? 0, etiology: r.d_etiology, verbatim: r.d_verbatim, onsetDate: r.d_onset,
      },
    };
    return {
      dbId: r.dbId, centreId: r.centreId, centreCity: r.city, locked: Boolean(r.locked),
      state: { version: r.version, forms: {
        baseline: formState(r.b_v, r.b_s), response: formState(r.r_v, r.r_s), discontinuation: formState(r.d_v, r.d_s),
        therapies: formState(r.t_v, r.t_s), followUp: formState(r.f_v, r.f_s),
      } },
      patient: {
        id: r.code, centre: r.centre, sex: r.sex, birthYear: r.birthYear, status: r.status,
        // Forms not started are null values, drafts may lack some: exported as empty cells and
        // re-imported as the same forms (lib/exchange/form-parts.ts).
        ibrutinibStart: r.b_start, ageAtStart: r.b_age, ecog: r.b_ecog, raiStage: r.b_rai, binetStage: r.b_binet, del17p: r.b_del17p,
        ighv: r.b_ighv, priorLines: r.b_prior, priorPurineAnalogue: r.b_pa, priorAntiCd20: r.b_cd20,
        // The CRF stores "none ticked" as an empty list: the record, like the CSV cell, says null.
        inclusionCriteria: r.b_incl?.length ? r.b_incl : null, bestResponse: r.r_best, responseAssessedDate: r.r_assessed,
        discontinuation: d, subsequentTherapies: therapies.get(r.dbId) ?? [],
        vitalStatus: r.f_vital, lastContactDate: r.f_last,
        deathDate: r.f_death, deathCause: r.f_cause, deathCauseOther: r.f_causeOther,
      },
    };
  });
}

const formState = (version: number | null, status: StateStatus | null): FormState | null =>
  version === null || status === null ? null : { version, status };
