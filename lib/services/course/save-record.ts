import 'server-only';
/**
 * The one save path of every repeating record (a visit, an adverse event, a dose period, an
 * interruption, a molecular test), on the rules of a CRF save (lib/services/crf/save-form.ts):
 * idempotency key → patient lock (centre scope) → active patient → the instance (a new one gets the
 * next number under the lock) → not entered in error, not locked → version check with the
 * field-by-field conflict report → reason for a change once complete → the course rules against the
 * stored record → write with the audit context (actor + reason) → new status. One transaction.
 */
import type { Db, Tx } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { findTerm, joinStoredTerm } from '@/lib/ctcae/terms';
import { storedValues } from '@/lib/dictionary/form-values';
import type { RecordKind } from '@/lib/dictionary';
import { invalid, notFound } from '@/lib/services/errors';
import { todayIso } from '@/lib/validation/common';
import { courseContext } from '@/lib/validation/cross-form-rules';
import { checkCourseRules, emptyCourse, fieldErrorsForInstance } from '@/lib/validation/course-rules';
import type { RecordSaveMeta } from '@/lib/validation/course';
import {
  actorOf, assertActivePatient, assertNotLocked, assertReason, assertVersion, claimIdempotencyKey, loadRecord, lockPatient, sameValue,
  statusAfterSave, storeIdempotentResult, updateVersionedRow, type CrfUser, type FormStatus, type VersionedTable,
} from '@/lib/services/crf/form-access';
import { assertNotEnteredInError, nextSeq, readInstance, RECORD_TABLES, recordSubject, type RecordRow } from './record-access';

export interface RecordSaveResult {
  patientCode: string; kind: RecordKind; seq: number; recordId: number; version: number; status: FormStatus; changed: boolean;
}

/**
 * The stored columns of an instance from its parsed values: the fields typed on the form, and what
 * the save computes (an adverse event's "Other, specify" text joined into its term, and its system
 * organ class from the CTCAE dictionary, never from the client — as the discontinuation form does).
 */
export function recordColumns(kind: RecordKind, values: Record<string, unknown>): Record<string, unknown> {
  const out = storedValues(kind, values);
  if (kind === 'adverse-event') {
    const term = typeof values.term === 'string' && values.term ? findTerm(values.term) : undefined;
    out.term = term ? joinStoredTerm(term.term, values.termSpecify as string | null | undefined) : (values.term ?? null);
    out.soc = term?.soc ?? null;
  }
  return out;
}

export async function saveRecord(
  db: Db, user: CrfUser, kind: RecordKind, meta: RecordSaveMeta, values: Record<string, unknown>,
): Promise<RecordSaveResult> {
  return db.transaction(async (tx) => {
    const replay = await claimIdempotencyKey(tx, user.id, meta.idempotencyKey);
    if (replay) return replay.replay as RecordSaveResult;
    const patient = await lockPatient(tx, user, meta.patientCode, 'crf.write');
    assertActivePatient(patient);
    const existing: RecordRow | null = meta.seq === null ? null : await readInstance(tx, kind, patient.id, meta.seq);
    if (meta.seq !== null && !existing) throw notFound(`${recordSubject(kind, meta.seq).subject} does not exist.`);
    const name = recordSubject(kind, existing?.seq ?? null);
    if (existing) assertNotEnteredInError(kind, existing);
    assertNotLocked(name, existing);
    const columns = recordColumns(kind, values);
    assertVersion(name, existing, meta.version, columns);
    const changed = !existing || Object.keys(columns).some((k) => !sameValue(existing[k], columns[k]));
    const status = statusAfterSave(existing, meta.markComplete);
    if (existing && !changed && status === existing.status) {
      const result: RecordSaveResult = {
        patientCode: patient.code, kind, seq: existing.seq, recordId: existing.id, version: existing.version, status, changed: false,
      };
      await storeIdempotentResult(tx, user.id, meta.idempotencyKey, result);
      return result;
    }
    if (changed) assertReason(existing, meta.changeReason, 'record');
    const seq = existing?.seq ?? await nextSeq(tx, kind, patient.id);
    // The course rules over the stored record with this instance as it would be after the save.
    const record = await loadRecord(tx, patient);
    const course = record.course ?? emptyCourse();
    const proposed = { ...columns, seq, enteredInError: false };
    const overlaid = { ...course, [kind]: [...course[kind].filter((i) => i.seq !== seq), proposed] };
    const issues = fieldErrorsForInstance(kind, seq, checkCourseRules(courseContext(record), overlaid, todayIso()));
    if (Object.keys(issues).length) throw invalid('The record conflicts with other data of this patient: see the highlighted fields.', issues);
    await setAuditContext(tx, actorOf(user), meta.changeReason);
    const table = RECORD_TABLES[kind];
    const row = existing
      ? await updateVersionedRow(tx, table as unknown as VersionedTable, existing, { ...columns, status }, user.id)
      : await insertInstance(tx, kind, { ...columns, patientId: patient.id, seq, status, updatedBy: user.id });
    const result: RecordSaveResult = { patientCode: patient.code, kind, seq, recordId: row.id, version: row.version, status: row.status, changed: true };
    await storeIdempotentResult(tx, user.id, meta.idempotencyKey, result);
    return result;
  });
}

async function insertInstance(tx: Tx, kind: RecordKind, values: Record<string, unknown>) {
  const inserted = await tx.insert(RECORD_TABLES[kind]).values(values as never).returning();
  const out = (inserted as unknown[])[0] as RecordRow | undefined;
  if (!out) throw new Error('record not inserted');
  return out;
}
