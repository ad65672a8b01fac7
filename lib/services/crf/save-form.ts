import 'server-only';
/**
 * The one save path of every CRF: idempotency key → patient lock (centre scope) → locked? →
 * version check → reason for change → cross-form rules against the stored record → write with
 * the audit context (actor + reason) → new status. One transaction: all or nothing.
 */
import type { Db, Tx } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { invalid } from '@/lib/services/errors';
import { checkCrossFormRules, fieldErrorsFor, type PatientRecord } from '@/lib/validation/cross-form-rules';
import { todayIso } from '@/lib/validation/common';
import type { FormKey } from '@/lib/validation/forms';
import {
  actorOf, assertActivePatient, assertNotLocked, assertReason, assertVersion, claimIdempotencyKey, insertFormRow, loadRecord, lockPatient, readForm,
  sameValue, statusAfterSave, storeIdempotentResult, updateFormRow, type CrfUser, type FormRow, type FormStatus, type LockedPatient,
} from './form-access';

export interface SaveMeta {
  patientCode: string; version: number | null; changeReason: string | null; idempotencyKey: string; markComplete?: boolean;
}

export interface SaveResult { patientCode: string; form: FormKey; formId: number; version: number; status: FormStatus; changed: boolean }

export interface FormPlan {
  /** Data columns of the form row. */
  values: Record<string, unknown>;
  /** Whether rows outside the form row change (subsequent therapies). */
  extraChanged?: boolean;
  /** Writes outside the form row, after it exists. */
  afterWrite?: (tx: Tx, formId: number) => Promise<void>;
  /** For forms whose data is not in the form row (therapies): what a conflict report compares. */
  conflictView?: { current: Record<string, unknown>; yours: Record<string, unknown> };
  /** The record as it would be after the save (for the cross-form rules). */
  overlay: (stored: PatientRecord) => PatientRecord;
}

export async function saveForm(
  db: Db, user: CrfUser, form: FormKey, meta: SaveMeta,
  plan: (tx: Tx, patient: LockedPatient, existing: FormRow | null) => Promise<FormPlan>,
): Promise<SaveResult> {
  return db.transaction(async (tx) => {
    const replay = await claimIdempotencyKey(tx, user.id, meta.idempotencyKey);
    if (replay) return replay.replay as SaveResult;
    const patient = await lockPatient(tx, user, meta.patientCode, 'crf.write');
    assertActivePatient(patient);
    const existing = await readForm(tx, form, patient.id);
    assertNotLocked(form, existing);
    const p = await plan(tx, patient, existing);
    if (p.conflictView) assertVersion(form, existing, meta.version, p.conflictView.yours, p.conflictView.current);
    else assertVersion(form, existing, meta.version, p.values);
    const changed = !existing || p.extraChanged === true || Object.keys(p.values).some((k) => !sameValue(existing[k], p.values[k]));
    const status = statusAfterSave(existing, meta.markComplete);
    if (existing && !changed && status === existing.status) {
      const result: SaveResult = { patientCode: patient.code, form, formId: existing.id, version: existing.version, status, changed: false };
      await storeIdempotentResult(tx, user.id, meta.idempotencyKey, result);
      return result;
    }
    if (changed) assertReason(existing, meta.changeReason);
    const issues = fieldErrorsFor(form, checkCrossFormRules(p.overlay(await loadRecord(tx, patient)), todayIso()));
    if (Object.keys(issues).length) throw invalid('The form conflicts with other data of this patient: see the highlighted fields.', issues);
    await setAuditContext(tx, actorOf(user), meta.changeReason);
    const row = existing
      ? await updateFormRow(tx, form, existing, { ...p.values, status }, user.id)
      : await insertFormRow(tx, form, patient.id, { ...p.values, status }, user.id);
    if (p.afterWrite) await p.afterWrite(tx, row.id);
    const result: SaveResult = { patientCode: patient.code, form, formId: row.id, version: row.version, status: row.status, changed: true };
    await storeIdempotentResult(tx, user.id, meta.idempotencyKey, result);
    return result;
  });
}
