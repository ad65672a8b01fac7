import 'server-only';
/**
 * Writes imported patients. New patients: set-based multi-row inserts (one statement per table per
 * chunk, rows passed as one JSON parameter — far cheaper than thousands of bind parameters), through
 * the audit triggers like every other write. Changed patients: column updates per form; the
 * triggers record exactly the fields that changed. Call inside a transaction with setAuditContext.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import {
  baselineForms, discontinuationForms, followUpForms, patients, responseForms, subsequentTherapies, therapyForms,
} from '@/db/schema';
import type { ExchangePatient } from './patient';

export const WRITE_CHUNK = 1000;

type Rows = { rows: Record<string, unknown>[] };
const json = (v: unknown) => JSON.stringify(v);

function seqOf(code: string): number {
  return Number(code.slice(code.lastIndexOf('-') + 1));
}

/** Inserts new patients with all CRFs (status complete); calls onChunk after each chunk. */
export async function insertExchangePatients(
  tx: Tx, list: readonly ExchangePatient[], centreIdByCode: ReadonlyMap<string, number>, actorId: number | null,
  onChunk?: (done: number) => Promise<void> | void,
): Promise<void> {
  for (let i = 0; i < list.length; i += WRITE_CHUNK) {
    const chunk = list.slice(i, i + WRITE_CHUNK);
    const pRows = chunk.map((p) => ({ code: p.id, centre_id: centreIdByCode.get(p.centre), seq: seqOf(p.id), sex: p.sex, birth_year: p.birthYear, status: p.status }));
    const inserted = (await tx.execute(sql`
      INSERT INTO patients (code, centre_id, seq, sex, birth_year, status, created_by, updated_by)
      SELECT x.code, x.centre_id, x.seq, x.sex::sex, x.birth_year, x.status::patient_status, ${actorId}::int, ${actorId}::int
      FROM json_to_recordset(${json(pRows)}::json) AS x(code text, centre_id int, seq int, sex text, birth_year int, status text)
      RETURNING id, code`)) as unknown as Rows;
    const idOf = new Map(inserted.rows.map((r) => [String(r.code), Number(r.id)]));
    const pid = (p: ExchangePatient) => idOf.get(p.id);

    await tx.execute(sql`
      INSERT INTO baseline_forms (patient_id, ibrutinib_start, age_at_start, ecog, rai_stage, binet_stage, del17p, ighv,
        prior_lines, prior_purine_analogue, prior_anti_cd20, inclusion_criteria, status, updated_by)
      SELECT x.patient_id, x.start, x.age, x.ecog, x.rai::rai_stage, x.binet::binet_stage, x.del17p::del17p, x.ighv::ighv,
        x.prior, x.pa, x.cd20, CASE WHEN x.incl IS NULL THEN NULL ELSE ARRAY(SELECT json_array_elements_text(x.incl)) END,
        'complete', ${actorId}::int
      FROM json_to_recordset(${json(chunk.map((p) => ({
        patient_id: pid(p), start: p.ibrutinibStart, age: p.ageAtStart, ecog: p.ecog, rai: p.raiStage, binet: p.binetStage,
        del17p: p.del17p, ighv: p.ighv, prior: p.priorLines, pa: p.priorPurineAnalogue, cd20: p.priorAntiCd20, incl: p.inclusionCriteria,
      })))}::json) AS x(patient_id int, start date, age smallint, ecog smallint, rai text, binet text, del17p text, ighv text,
        prior smallint, pa boolean, cd20 boolean, incl json)`);

    await tx.execute(sql`
      INSERT INTO response_forms (patient_id, best_response, assessed_date, status, updated_by)
      SELECT x.patient_id, x.best::response, x.assessed, 'complete', ${actorId}::int
      FROM json_to_recordset(${json(chunk.map((p) => ({ patient_id: pid(p), best: p.bestResponse, assessed: p.responseAssessedDate })))}::json)
        AS x(patient_id int, best text, assessed date)`);

    const disc = chunk.filter((p) => p.discontinuation);
    if (disc.length) {
      await tx.execute(sql`
        INSERT INTO discontinuation_forms (patient_id, last_dose_date, reason, reason_other, progression_type, rt_histology,
          cns_involvement, resistance_mutations, ae_term, ae_soc, ae_verbatim, ae_grade, ae_onset_date, ae_etiology, status, updated_by)
        SELECT x.patient_id, x.d, x.reason::discontinuation_reason, x.other, x.pt::progression_type, x.rt::rt_histology,
          x.cns, x.mut, x.term, x.soc, x.verbatim, x.grade, x.onset, x.etiology, 'complete', ${actorId}::int
        FROM json_to_recordset(${json(disc.map((p) => {
          const d = p.discontinuation;
          const ae = d?.adverseEvent ?? null;
          return {
            patient_id: pid(p), d: d?.date, reason: d?.reason, other: d?.reasonOther, pt: d?.progressionType, rt: d?.rtHistology,
            cns: d?.cnsInvolvement, mut: d?.resistanceMutations, term: ae?.term ?? null, soc: ae?.soc ?? null,
            verbatim: ae?.verbatim ?? null, grade: ae?.grade ?? null, onset: ae?.onsetDate ?? null, etiology: ae?.etiology ?? null,
          };
        }))}::json) AS x(patient_id int, d date, reason text, other text, pt text, rt text, cns boolean, mut text, term text,
          soc text, verbatim text, grade smallint, onset date, etiology text)`);
    }

    const forms = (await tx.execute(sql`
      INSERT INTO therapy_forms (patient_id, status, updated_by)
      SELECT x.patient_id, 'complete', ${actorId}::int FROM json_to_recordset(${json(chunk.map((p) => ({ patient_id: pid(p) })))}::json) AS x(patient_id int)
      RETURNING id, patient_id`)) as unknown as Rows;
    const formOf = new Map(forms.rows.map((r) => [Number(r.patient_id), Number(r.id)]));
    const therapies = chunk.flatMap((p) => p.subsequentTherapies.map((t, k) => ({
      form_id: formOf.get(pid(p) ?? -1), patient_id: pid(p), position: k + 1, regimen: t.regimen, start: t.startDate, best: t.response,
    })));
    if (therapies.length) {
      await tx.execute(sql`
        INSERT INTO subsequent_therapies (form_id, patient_id, position, regimen, start_date, best_response)
        SELECT x.form_id, x.patient_id, x.position, x.regimen, x.start, x.best::response
        FROM json_to_recordset(${json(therapies)}::json) AS x(form_id int, patient_id int, position smallint, regimen text, start date, best text)`);
    }

    await tx.execute(sql`
      INSERT INTO follow_up_forms (patient_id, vital_status, last_contact_date, death_date, death_cause, death_cause_other, status, updated_by)
      SELECT x.patient_id, x.vital::vital_status, x.last, x.death, x.cause::death_cause, x.other, 'complete', ${actorId}::int
      FROM json_to_recordset(${json(chunk.map((p) => ({
        patient_id: pid(p), vital: p.vitalStatus, last: p.lastContactDate, death: p.deathDate, cause: p.deathCause, other: p.deathCauseOther,
      })))}::json) AS x(patient_id int, vital text, last date, death date, cause text, other text)`);
    await onChunk?.(Math.min(i + WRITE_CHUNK, list.length));
  }
}

/**
 * Brings an existing patient's CRFs to the imported values. Changed forms get status complete,
 * version + 1 and lose their e-signature (a data change voids it). A discontinuation cannot be
 * removed by import (the service refuses that before calling this).
 */
export async function updateExchangePatient(tx: Tx, dbId: number, before: ExchangePatient, p: ExchangePatient, actorId: number): Promise<void> {
  const touched = { status: 'complete' as const, version: sql`version + 1`, updatedBy: actorId, updatedAt: new Date(),
    signedByName: null, signedByUserId: null, signedAt: null, signatureMeaning: null };
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (!same([before.sex, before.birthYear, before.status], [p.sex, p.birthYear, p.status])) {
    await tx.update(patients).set({ sex: p.sex, birthYear: p.birthYear, status: p.status, version: sql`version + 1`, updatedBy: actorId, updatedAt: new Date() })
      .where(eq(patients.id, dbId));
  }
  const baseline = { ibrutinibStart: p.ibrutinibStart, ageAtStart: p.ageAtStart, ecog: p.ecog, raiStage: p.raiStage, binetStage: p.binetStage,
    del17p: p.del17p, ighv: p.ighv, priorLines: p.priorLines, priorPurineAnalogue: p.priorPurineAnalogue, priorAntiCd20: p.priorAntiCd20,
    inclusionCriteria: p.inclusionCriteria };
  const baselineBefore = { ...baseline, ibrutinibStart: before.ibrutinibStart, ageAtStart: before.ageAtStart, ecog: before.ecog, raiStage: before.raiStage,
    binetStage: before.binetStage, del17p: before.del17p, ighv: before.ighv, priorLines: before.priorLines,
    priorPurineAnalogue: before.priorPurineAnalogue, priorAntiCd20: before.priorAntiCd20, inclusionCriteria: before.inclusionCriteria };
  if (!same(baseline, baselineBefore)) await tx.update(baselineForms).set({ ...baseline, ...touched }).where(eq(baselineForms.patientId, dbId));
  if (!same([before.bestResponse, before.responseAssessedDate], [p.bestResponse, p.responseAssessedDate])) {
    await tx.update(responseForms).set({ bestResponse: p.bestResponse, assessedDate: p.responseAssessedDate, ...touched }).where(eq(responseForms.patientId, dbId));
  }
  if (!same(before.discontinuation, p.discontinuation) && p.discontinuation) {
    const d = p.discontinuation;
    const ae = d.adverseEvent;
    const values = { lastDoseDate: d.date, reason: d.reason, reasonOther: d.reasonOther, progressionType: d.progressionType,
      rtHistology: d.rtHistology, cnsInvolvement: d.cnsInvolvement, resistanceMutations: d.resistanceMutations,
      aeTerm: ae?.term ?? null, aeSoc: ae?.soc ?? null, aeGrade: ae?.grade ?? null, aeEtiology: ae?.etiology ?? null,
      aeVerbatim: ae?.verbatim ?? null, aeOnsetDate: ae?.onsetDate ?? null };
    if (before.discontinuation) await tx.update(discontinuationForms).set({ ...values, ...touched }).where(eq(discontinuationForms.patientId, dbId));
    else await tx.insert(discontinuationForms).values({ patientId: dbId, ...values, status: 'complete', updatedBy: actorId });
  }
  if (!same(before.subsequentTherapies, p.subsequentTherapies)) {
    const [form] = await tx.update(therapyForms).set(touched).where(eq(therapyForms.patientId, dbId)).returning({ id: therapyForms.id });
    const formId = form?.id ?? (await tx.insert(therapyForms).values({ patientId: dbId, status: 'complete', updatedBy: actorId }).returning({ id: therapyForms.id }))[0]?.id;
    if (formId === undefined) throw new Error('therapy form missing');
    const existing = await tx.select({ id: subsequentTherapies.id, position: subsequentTherapies.position }).from(subsequentTherapies)
      .where(eq(subsequentTherapies.patientId, dbId));
    const byPos = new Map(existing.map((e) => [e.position, e.id]));
    for (const [k, t] of p.subsequentTherapies.entries()) {
      const values = { regimen: t.regimen, startDate: t.startDate, bestResponse: t.response, deleted: false, updatedAt: new Date() };
      const id = byPos.get(k + 1);
      if (id !== undefined) await tx.update(subsequentTherapies).set(values).where(eq(subsequentTherapies.id, id));
      else await tx.insert(subsequentTherapies).values({ formId, patientId: dbId, position: k + 1, ...values });
    }
    await tx.update(subsequentTherapies).set({ deleted: true, updatedAt: new Date() })
      .where(and(eq(subsequentTherapies.patientId, dbId), sql`${subsequentTherapies.position} > ${p.subsequentTherapies.length}`, eq(subsequentTherapies.deleted, false)));
  }
  const fu = [p.vitalStatus, p.lastContactDate, p.deathDate, p.deathCause, p.deathCauseOther];
  if (!same([before.vitalStatus, before.lastContactDate, before.deathDate, before.deathCause, before.deathCauseOther], fu)) {
    await tx.update(followUpForms).set({ vitalStatus: p.vitalStatus, lastContactDate: p.lastContactDate, deathDate: p.deathDate,
      deathCause: p.deathCause, deathCauseOther: p.deathCauseOther, ...touched }).where(eq(followUpForms.patientId, dbId));
  }
}
