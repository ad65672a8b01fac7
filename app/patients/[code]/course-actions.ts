'use server';
/**
 * Server actions of the patient's course (visits, adverse events, ibrutinib dose periods,
 * interruptions, molecular tests): thin adapters (session → permission → strict zod parse →
 * service), as app/patients/actions.ts. Services re-check permission and centre scope for every call.
 *
 * Usage (each returns ActionResult<T>: { ok: true, data } or { ok: false, message, code?, fieldErrors?, details? }):
 *
 *   saveRecordAction({ kind: 'adverse-event', patientCode, seq: null | 3, version: null | n, changeReason, idempotencyKey,
 *                      markComplete?, ...values })                       → RecordSaveResult { seq, version, status, changed, … }
 *     `values` are the record's value keys (lib/validation/course.ts recordFormSchemas[kind]; defaults from
 *     readRecord(...).formValues). seq null creates the next instance. fieldErrors are keyed by value key
 *     (`changeReason` when a reason is needed); a version conflict has code 'conflict' and details.changes
 *     [{ field, label, current, yours }] like the CRFs.
 *   markRecordCompleteAction({ patientCode, kind, seq, version, status: 'complete' })  → { version, status }
 *   verifyRecordAction({ patientCode, kind, seq, version, status: 'verified' })        → { version, status }
 *   signRecordAction({ patientCode, kind, seq, version, password })                   → { version, signedAt, signedByName }
 *   unlockRecordAction({ patientCode, kind, seq, version, reason })                   → { version, status }
 *   markEnteredInErrorAction({ patientCode, kind, seq, version, reason })             → { version, enteredInError: true }
 *   raiseRecordQueryAction({ patientCode, kind, seq, field, question })               → { id }
 *   Answering and closing a query (by its id) are answerQueryAction / closeQueryAction of app/patients/actions.ts.
 *
 * Reading (server components, not actions): readCourse(db, user, code) and readRecord(db, user, code, kind, seq)
 * in lib/services/course/read-course.ts.
 */
import { getDb } from '@/db/client';
import { authedAction } from '@/lib/actions/safe-action';
import { raiseRecordQuery } from '@/lib/services/crf/raise-query';
import { saveRecord } from '@/lib/services/course/save-record';
import { markEnteredInError, setRecordStatus, signRecord, unlockRecord } from '@/lib/services/course/record-workflow';
import {
  enteredInErrorSchema, raiseRecordQuerySchema, saveRecordSchema, setRecordStatusSchema, signRecordSchema, splitSaveInput, unlockRecordSchema,
} from '@/lib/validation/course';

export const saveRecordAction = authedAction('crf.write', saveRecordSchema, async ({ user }, input) => {
  const { kind, meta, values } = splitSaveInput(input);
  return saveRecord(await getDb(), user, kind, meta, values);
});
/** Marking complete needs crf.write, verifying crf.verify: the service checks the one the target status needs. */
export const markRecordCompleteAction = authedAction('crf.write', setRecordStatusSchema,
  async ({ user }, input) => setRecordStatus(await getDb(), user, { ...input, status: 'complete' }));
export const verifyRecordAction = authedAction('crf.verify', setRecordStatusSchema,
  async ({ user }, input) => setRecordStatus(await getDb(), user, { ...input, status: 'verified' }));
export const signRecordAction = authedAction('crf.lock', signRecordSchema, async ({ user }, input) => signRecord(await getDb(), user, input));
export const unlockRecordAction = authedAction('crf.unlock', unlockRecordSchema, async ({ user }, input) => unlockRecord(await getDb(), user, input));
export const markEnteredInErrorAction = authedAction('crf.write', enteredInErrorSchema,
  async ({ user }, input) => markEnteredInError(await getDb(), user, input));
export const raiseRecordQueryAction = authedAction('query.raise', raiseRecordQuerySchema,
  async ({ user }, input) => raiseRecordQuery(await getDb(), user, input));
