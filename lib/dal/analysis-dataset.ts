import 'server-only';
/**
 * The analysis dataset: ONE query returning one row per patient with the baseline, response,
 * discontinuation and follow-up fields the dashboards use, scoped by centre (`centreIds` from
 * centreFilter: null = all centres). Dates come back as whole days since 1970-01-01 so the analyses
 * never parse date strings. Patients marked entered_in_error are not analysed.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import type { CohortRow, FormStatus } from '@/lib/analysis/types';

type Raw = {
  patient_id: number; code: string; centre_code: string; sex: 'male' | 'female' | null; age: number | null;
  ecog: number | null; rai: string | null; binet: string | null; del17p: string | null; ighv: string | null;
  prior_lines: number | null; start: number | null; best_response: string | null; disc_id: number | null;
  disc_date: number | null; reason: string | null; reason_other: string | null; ae_term: string | null;
  ae_soc: string | null; ae_verbatim: string | null; ae_grade: number | null; ae_etiology: string | null;
  progression_type: string | null; rt_histology: string | null; cns: boolean | null; vital_status: string | null;
  last_contact: number | null; death_date: number | null; death_cause: string | null; death_cause_other: string | null;
  b_status: FormStatus | null; r_status: FormStatus | null; d_status: FormStatus | null; f_status: FormStatus | null;
};

function scope(centreIds: number[] | null): SQL {
  if (centreIds === null) return sql`true`;
  if (centreIds.length === 0) return sql`false`;
  return sql`p.centre_id IN (${sql.join(centreIds.map((id) => sql`${id}`), sql`, `)})`;
}

const day = (col: string) => sql.raw(`(${col} - DATE '1970-01-01')`);

export async function loadAnalysisDataset(db: Db, centreIds: number[] | null): Promise<CohortRow[]> {
  const res = (await db.execute(sql`
    SELECT p.id AS patient_id, p.code, c.code AS centre_code, p.sex::text AS sex,
      b.age_at_start AS age, b.ecog, b.rai_stage::text AS rai, b.binet_stage::text AS binet,
      b.del17p::text AS del17p, b.ighv::text AS ighv, b.prior_lines, ${day('b.ibrutinib_start')} AS start,
      r.best_response::text AS best_response, d.id AS disc_id, ${day('d.last_dose_date')} AS disc_date,
      d.reason::text AS reason, d.reason_other, d.ae_term, d.ae_soc, d.ae_verbatim, d.ae_grade, d.ae_etiology,
      d.progression_type::text AS progression_type, d.rt_histology::text AS rt_histology, d.cns_involvement AS cns,
      f.vital_status::text AS vital_status, ${day('f.last_contact_date')} AS last_contact,
      ${day('f.death_date')} AS death_date, f.death_cause::text AS death_cause, f.death_cause_other,
      b.status::text AS b_status, r.status::text AS r_status, d.status::text AS d_status, f.status::text AS f_status
    FROM patients p
    JOIN centres c ON c.id = p.centre_id
    LEFT JOIN baseline_forms b ON b.patient_id = p.id
    LEFT JOIN response_forms r ON r.patient_id = p.id
    LEFT JOIN discontinuation_forms d ON d.patient_id = p.id
    LEFT JOIN follow_up_forms f ON f.patient_id = p.id
    WHERE p.status <> 'entered_in_error' AND ${scope(centreIds)}
    ORDER BY p.id`)) as unknown as { rows: Raw[] };
  return res.rows.map((r): CohortRow => ({
    patientId: r.patient_id, code: r.code, centreCode: r.centre_code, sex: r.sex, ageAtStart: r.age,
    ecog: r.ecog, raiStage: r.rai, binetStage: r.binet, del17p: r.del17p, ighv: r.ighv, priorLines: r.prior_lines,
    start: r.start, bestResponse: r.best_response, discontinued: r.disc_id !== null, discDate: r.disc_date,
    discReason: r.reason, reasonOther: r.reason_other, aeTerm: r.ae_term, aeSoc: r.ae_soc, aeVerbatim: r.ae_verbatim,
    aeGrade: r.ae_grade, aeEtiology: r.ae_etiology, progressionType: r.progression_type, rtHistology: r.rt_histology,
    cnsInvolvement: r.cns, vitalStatus: r.vital_status, lastContact: r.last_contact, deathDate: r.death_date,
    deathCause: r.death_cause, deathCauseOther: r.death_cause_other, baselineStatus: r.b_status,
    responseStatus: r.r_status, discontinuationStatus: r.d_status, followUpStatus: r.f_status,
  }));
}
