import 'server-only';
/**
 * Writes imported patients. New patients: set-based multi-row inserts (one statement per table per
 * chunk, rows passed as one JSON parameter — far cheaper than thousands of bind parameters), through
 * the audit triggers like every other write. Changed patients: column updates per form (or the
 * form's insert when the patient has none yet); the triggers record exactly the fields written.
 * Which forms a record holds, and their status: form-parts.ts. Call inside a transaction with
 * setAuditContext.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import {
  baselineForms, discontinuationForms, followUpForms, patients, responseForms, subsequentTherapies, therapyForms,
} from '@/db/schema';
import { ServiceError } from '@/lib/services/errors';
import { changedForms } from './changed-forms';
import { formParts, type BaselineValues, type FormPartStatus } from './form-parts';
import type { ExchangePatient } from './patient';
import type { FormState, RecordState } from './record-state';

export const WRITE_CHUNK = 1000;

type Rows = { rows: Record<string, unknown>[] };
const json = (v: unknown) => JSON.stringify(v);

function seqOf(code: string): number {
  return Number(code.slice(code.lastIndexOf('-') + 1));
}

/**
 * Inserts new patients with the forms their records hold (form-parts.ts: no values → no form; a
 * form missing a required value → draft; else complete); calls onChunk after each chunk.
 */
export async function insertExchangePatients(
  tx: Tx, list: readonly ExchangePatient[], centreIdByCode: ReadonlyMap<string, number>, actorId: number | null,
  onChunk?: (done: number) => Promise<void> | void,
): Promise<void> {
  for (let i = 0; i < list.length; i += WRITE_CHUNK) {
    const chunk = list.slice(i, i + WRITE_CHUNK).map((p) => ({ p, parts: formParts(p) }));
    const pRows = chunk.map(({ p }) => ({ code: p.id, centre_id: centreIdByCode.get(p.centre), seq: seqOf(p.id), sex: p.sex, birth_year: p.birthYear, status: p.status }));
    const inserted = (await tx.execute(sql`
      INSERT INTO patients (code, centre_id, seq, sex, birth_year, status, created_by, updated_by)
      SELECT x.code, x.centre_id, x.seq, x.sex::sex, x.birth_year, x.status::patient_status, ${actorId}::int, ${actorId}::int
      FROM json_to_recordset(${json(pRows)}::json) AS x(code text, centre_id int, seq int, sex text, birth_year int, status text)
      RETURNING id, code`)) as unknown as Rows;
    const idOf = new Map(inserted.rows.map((r) => [String(r.code), Number(r.id)]));
    const pid = (p: ExchangePatient) => idOf.get(p.id);

    const baseline = chunk.flatMap(({ p, parts }) => (parts.baseline ? [{ patient_id: pid(p), status: parts.baseline.status, ...baselineRow(parts.baseline.values) }] : []));
    if (baseline.length) {
      await tx.execute(sql`
        INSERT INTO baseline_forms (patient_id, ibrutinib_start, age_at_start, ecog, rai_stage, binet_stage, del17p, ighv,
          prior_lines, prior_purine_analogue, prior_anti_cd20, inclusion_criteria, status, updated_by)
        SELECT x.patient_id, x.start, x.age, x.ecog, x.rai::rai_stage, x.binet::binet_stage, x.del17p::del17p, x.ighv::ighv,
          x.prior, x.pa, x.cd20, ARRAY(SELECT json_array_elements_text(x.incl)), x.status::form_status, ${actorId}::int
        FROM json_to_recordset(${json(baseline)}::json) AS x(patient_id int, start date, age smallint, ecog smallint, rai text, binet text,
          del17p text, ighv text, prior smallint, pa boolean, cd20 boolean, incl json, status text)`);
    }

    const response = chunk.flatMap(({ p, parts }) => (parts.response ? [{
      patient_id: pid(p), best: parts.response.values.bestResponse, assessed: parts.response.values.assessedDate, status: parts.response.status,
    }] : []));
    if (response.length) {
      await tx.execute(sql`
        INSERT INTO response_forms (patient_id, best_response, assessed_date, status, updated_by)
        SELECT x.patient_id, x.best::response, x.assessed, x.status::form_status, ${actorId}::int
        FROM json_to_recordset(${json(response)}::json) AS x(patient_id int, best text, assessed date, status text)`);
    }

    const disc = chunk.flatMap(({ p, parts }) => {
      const d = parts.discontinuation;
      return d ? [{
        patient_id: pid(p), d: d.values.lastDoseDate, reason: d.values.reason, other: d.values.reasonOther, pt: d.values.progressionType,
        rt: d.values.rtHistology, cns: d.values.cnsInvolvement, mut: d.values.resistanceMutations, term: d.values.aeTerm, soc: d.values.aeSoc,
        verbatim: d.values.aeVerbatim, grade: d.values.aeGrade, onset: d.values.aeOnsetDate, etiology: d.values.aeEtiology, status: d.status,
      }] : [];
    });
    if (disc.length) {
      await tx.execute(sql`
        INSERT INTO discontinuation_forms (patient_id, last_dose_date, reason, reason_other, progression_type, rt_histology,
          cns_involvement, resistance_mutations, ae_term, ae_soc, ae_verbatim, ae_grade, ae_onset_date, ae_etiology, status, updated_by)
        SELECT x.patient_id, x.d, x.reason::discontinuation_reason, x.other, x.pt::progression_type, x.rt::rt_histology,
          x.cns, x.mut, x.term, x.soc, x.verbatim, x.grade, x.onset, x.etiology, x.status::form_status, ${actorId}::int
        FROM json_to_recordset(${json(disc)}::json) AS x(patient_id int, d date, reason text, other text, pt text, rt text, cns boolean, mut text, term text,
          soc text, verbatim text, grade smallint, onset date, etiology text, status text)`);
    }

    const withTherapies = chunk.filter(({ parts }) => parts.therapies);
    if (withTherapies.length) {
      const forms = (await tx.execute(sql`
        INSERT INTO therapy_forms (patient_id, status, updated_by)
        SELECT x.patient_id, 'complete', ${actorId}::int FROM json_to_recordset(${json(withTherapies.map(({ p }) => ({ patient_id: pid(p) })))}::json) AS x(patient_id int)
        RETURNING id, patient_id`)) as unknown as Rows;
      const formOf = new Map(forms.rows.map((r) => [Number(r.patient_id), Number(r.id)]));
      const therapies = withTherapies.flatMap(({ p }) => p.subsequentTherapies.map((t, k) => ({
        form_id: formOf.get(pid(p) ?? -1), patient_id: pid(p), position: k + 1, regimen: t.regimen, start: t.startDate, best: t.response,
      })));
      await tx.execute(sql`
        INSERT INTO subsequent_therapies (form_id, patient_id, position, regimen, start_date, best_response)
        SELECT x.form_id, x.patient_id, x.position, x.regimen, x.start, x.best::response
        FROM json_to_recordset(${json(therapies)}::json) AS x(form_id int, patient_id int, position smallint, regimen text, start date, best text)`);
    }

    const followUp = chunk.flatMap(({ p, parts }) => {
      const f = parts.followUp;
      return f ? [{
        patient_id: pid(p), vital: f.values.vitalStatus, last: f.values.lastContactDate, death: f.values.deathDate, cause: f.values.deathCause,
        other: f.values.deathCauseOther, status: f.status,
      }] : [];
    });
    if (followUp.length) {
      await tx.execute(sql`
        INSERT INTO follow_up_forms (patient_id, vital_status, last_contact_date, death_date, death_cause, death_cause_other, status, updated_by)
        SELECT x.patient_id, x.vital::vital_status, x.last, x.death, x.cause::death_cause, x.other, x.status::form_status, ${actorId}::int
        FROM json_to_recordset(${json(followUp)}::json) AS x(patient_id int, vital text, last date, death date, cause text, other text, status text)`);
    }
    await onChunk?.(Math.min(i + WRITE_CHUNK, list.length));
  }
}

/** Baseline values as the insert's JSON row. No criterion ticked is stored as the CRF stores it: an empty list. */
function baselineRow(v: BaselineValues) {
  return {
    start: v.ibrutinibStart, age: v.ageAtStart, ecog: v.ecog, rai: v.raiStage, binet: v.binetStage, del17p: v.del17p, ighv: v.ighv,
    prior: v.priorLines, pa: v.priorPurineAnalogue, cd20: v.priorAntiCd20, incl: v.inclusionCriteria ?? [],
  };
}

type FormTable = typeof baselineForms | typeof responseForms | typeof discontinuationForms | typeof followUpForms;

/**
 * The last line of defence behind the plan's checks (run-import.ts holds the patients' row locks and
 * has compared their state with the preview's): a write that finds a form other than the plan saw
 * it, or locked, stops the whole import instead of overwriting.
 */
function moved(what: string): ServiceError {
  return new ServiceError(`The ${what} changed while importing. Nothing was imported; check the file again.`, 'conflict');
}

/**
 * One form of an existing patient brought to the imported values: updated when the row exists, only
 * at the version the plan read and never when locked (version + 1, e-signature columns cleared: they
 * are empty on any unlocked form), inserted when the patient has no such form yet. Both go through
 * the audit triggers with the import's audit context.
 */
async function upsertForm(
  tx: Tx, table: FormTable, dbId: number, seen: FormState | null, values: Record<string, unknown>, status: FormPartStatus, actorId: number,
): Promise<void> {
  if (!seen) {
    await tx.insert(table).values({ patientId: dbId, ...values, status, updatedBy: actorId } as never);
    return;
  }
  if (seen.status === 'locked') throw moved('locked form');
  const updated = await tx.update(table).set({
    ...values, status, version: sql`version + 1`, updatedBy: actorId, updatedAt: new Date(),
    signedByName: null, signedByUserId: null, signedAt: null, signatureMeaning: null,
  } as never).where(and(eq(table.patientId, dbId), eq(table.version, seen.version), sql`${table.status} <> 'locked'`)).returning({ id: table.id });
  if (!updated.length) throw moved('form');
}

/**
 * Brings an existing patient's CRFs to the imported values. A changed form gets the status its
 * values give (form-parts.ts: draft when a required value is missing, else complete), version + 1
 * and loses its e-signature; a form the patient does not have yet is created. A form cannot be
 * removed by import (the service refuses that before calling this).
 */
export async function updateExchangePatient(
  tx: Tx, dbId: number, state: RecordState, before: ExchangePatient, p: ExchangePatient, actorId: number,
): Promise<void> {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const parts = formParts(p);
  const changed = new Set(changedForms(before, p));
  if (!same([before.sex, before.birthYear, before.status], [p.sex, p.birthYear, p.status])) {
    const updated = await tx.update(patients).set({ sex: p.sex, birthYear: p.birthYear, status: p.status, version: sql`version + 1`, updatedBy: actorId, updatedAt: new Date() })
      .where(and(eq(patients.id, dbId), eq(patients.version, state.version))).returning({ id: patients.id });
    if (!updated.length) throw moved('patient record');
  }
  if (parts.baseline && changed.has('baseline')) {
    const { inclusionCriteria, ...rest } = parts.baseline.values;
    await upsertForm(tx, baselineForms, dbId, state.forms.baseline, { ...rest, inclusionCriteria: inclusionCriteria ?? [] }, parts.baseline.status, actorId);
  }
  if (parts.response && changed.has('response')) {
    await upsertForm(tx, responseForms, dbId, state.forms.response, { ...parts.response.values }, parts.response.status, actorId);
  }
  if (parts.discontinuation && changed.has('discontinuation')) {
    await upsertForm(tx, discontinuationForms, dbId, state.forms.discontinuation, { ...parts.discontinuation.values }, parts.discontinuation.status, actorId);
  }
  if (changed.has('therapies')) {
    const seen = state.forms.therapies;
    if (seen?.status === 'locked') throw moved('locked form');
    const touched = { status: 'complete' as const, version: sql`version + 1`, updatedBy: actorId, updatedAt: new Date(),
      signedByName: null, signedByUserId: null, signedAt: null, signatureMeaning: null };
    let formId: number | undefined;
    if (seen) {
      const [form] = await tx.update(therapyForms).set(touched)
        .where(and(eq(therapyForms.patientId, dbId), eq(therapyForms.version, seen.version), sql`${therapyForms.status} <> 'locked'`)).returning({ id: therapyForms.id });
      if (!form) throw moved('form');
      formId = form.id;
    } else {
      formId = (await tx.insert(therapyForms).values({ patientId: dbId, status: 'complete', updatedBy: actorId }).returning({ id: therapyForms.id }))[0]?.id;
    }
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
  if (parts.followUp && changed.has('followUp')) {
    await upsertForm(tx, followUpForms, dbId, state.forms.followUp, { ...parts.followUp.values }, parts.followUp.status, actorId);
  }
}
