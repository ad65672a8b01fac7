import 'server-only';
/**
 * Shared by every CRF write: who acts, the patient row lock (centre-scoped, so another centre's
 * patient reads as not found), the form tables, version checks with a field-by-field conflict
 * report, idempotency keys, and the patient's stored record for the cross-form rules.
 * Kept in one module so each form's service only says what its columns are.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from '@/db/client';
import type { Actor } from '@/db/audit-context';
import {
  baselineForms, centres, discontinuationForms, followUpForms, idempotencyKeys, patients, responseForms, therapyForms,
} from '@/db/schema';
import { can, centreFilter, type Permission, type Principal } from '@/lib/auth/permissions';
import { conflict, deniedAsNotFound, forbidden, invalid, notFound, ServiceError } from '@/lib/services/errors';
import { loadCourse } from '@/lib/services/course/load-course';
import type { PatientRecord } from '@/lib/validation/cross-form-rules';
import { FORM_LABELS, type FormKey } from '@/lib/validation/forms';
import { fieldLabel } from '@/lib/validation/required-fields';

/** The acting user as services see it: the session user (with email) or a bare principal in tests. */
export type CrfUser = Principal & { email?: string };

export function actorOf(user: CrfUser): Actor {
  return { id: user.id, label: user.email ?? `user ${user.id}` };
}

export const FORM_TABLES = {
  baseline: baselineForms,
  response: responseForms,
  discontinuation: discontinuationForms,
  therapies: therapyForms,
  'follow-up': followUpForms,
} as const;
export type FormTable = (typeof FORM_TABLES)[FormKey];
export type FormStatus = 'draft' | 'complete' | 'verified' | 'locked';

/** Columns every CRF row has (the data columns differ per form). */
export interface FormRow {
  id: number; patientId: number; status: FormStatus; version: number;
  signedByName: string | null; signedByUserId: number | null; signedAt: Date | null; signatureMeaning: string | null;
  [column: string]: unknown;
}

export interface LockedPatient { id: number; code: string; centreId: number; centreCode: string; birthYear: number; status: string }

/**
 * The patient, row-locked for the rest of the transaction so concurrent saves of the same patient's
 * forms run one after another (the cross-form rules then see a stable record). Outside the caller's
 * centres → not found.
 */
/**
 * A withdrawn or entered-in-error record is read-only for every CRF verb (saves, workflow, queries)
 * and for the import: why a record cannot be changed, or null when it can.
 */
export function readOnlyRecordMessage(patient: { code: string; status: string }): string | null {
  return patient.status === 'active' ? null : `Patient ${patient.code} is ${patient.status.replace(/_/g, ' ')}: the record cannot be edited.`;
}

export function assertActivePatient(patient: { code: string; status: string }): void {
  const message = readOnlyRecordMessage(patient);
  if (message) throw invalid(message);
}

export async function lockPatient(tx: Tx, user: CrfUser, code: string, permission: Permission): Promise<LockedPatient> {
  if (!can(user, permission)) throw forbidden();
  const scope = centreFilter(user);
  const [row] = await tx
    .select({ id: patients.id, code: patients.code, centreId: patients.centreId, centreCode: centres.code, birthYear: patients.birthYear, status: patients.status })
    .from(patients).innerJoin(centres, eq(centres.id, patients.centreId))
    .where(eq(patients.code, code))
    .for('update', { of: patients });
  if (!row) throw notFound('Patient not found.');
  if ((scope !== null && !scope.includes(row.centreId)) || !can(user, permission, { centreId: row.centreId })) {
    throw deniedAsNotFound('Patient not found.', { table: 'patients', recordId: row.id, patientId: row.id, centreId: row.centreId, action: permission });
  }
  return row;
}

export async function readForm(tx: Tx, form: FormKey, patientId: number): Promise<FormRow | null> {
  const table = FORM_TABLES[form];
  const rows = await tx.select().from(table).where(eq(table.patientId, patientId));
  return (rows[0] as FormRow | undefined) ?? null;
}

// No choice ticked reads as not recorded (as in the cohort exchange: a checkbox group cannot say
// which), so opening a demo form whose choices were never recorded and saving it is no change.
const show = (v: unknown): string | null =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0) ? null
    : Array.isArray(v) ? v.join(', ') : v instanceof Date ? v.toISOString() : String(v);

export function sameValue(a: unknown, b: unknown): boolean {
  return show(a) === show(b);
}

export interface ConflictChange { field: string; label: string; current: string | null; yours: string | null }

/**
 * What the messages of a write name: a CRF ("The Baseline form") or an instance of a repeating
 * record ("Adverse event 3", lib/services/course/record-access.ts), and its fields' labels.
 */
export interface WriteSubject { subject: string; object: string; fieldLabel: (key: string) => string }

export function formSubject(form: FormKey): WriteSubject {
  return { subject: `The ${FORM_LABELS[form]} form`, object: `the ${FORM_LABELS[form]} form`, fieldLabel: (k) => fieldLabel(form, k) };
}

const subjectOf = (s: FormKey | WriteSubject): WriteSubject => (typeof s === 'string' ? formSubject(s) : s);

/**
 * A save names the version it was read at. If the stored form moved on (or appeared meanwhile),
 * refuse with the stored values next to the submitted ones, field by field — never overwrite.
 */
export function assertVersion(
  form: FormKey | WriteSubject, existing: FormRow | null, version: number | null, yours: Record<string, unknown>,
  current: Record<string, unknown> | null = existing,
): void {
  if (existing === null && version === null) return;
  if (existing !== null && existing.version === version) return;
  const s = subjectOf(form);
  const changes: ConflictChange[] = existing === null || current === null ? [] : Object.keys(yours)
    .filter((k) => !sameValue(current[k], yours[k]))
    .map((k) => ({ field: k, label: s.fieldLabel(k), current: show(current[k]), yours: show(yours[k]) }));
  throw conflict(
    existing === null
      ? `${s.subject} changed since you opened it. Reload the page to see the current data.`
      : `Someone else saved ${s.object} (now version ${existing.version}) after you opened it (version ${version ?? 'new'}). Nothing was saved. Compare the values below, reload and apply your changes again.`,
    { currentVersion: existing?.version ?? null, currentStatus: existing?.status ?? null, changes },
  );
}

export function assertNotLocked(form: FormKey | WriteSubject, existing: FormRow | null): void {
  if (existing?.status === 'locked') {
    throw new ServiceError(`${subjectOf(form).subject} is locked (signed). A coordinator must unlock it before any change.`, 'locked');
  }
}

/** A change to a form already marked complete or verified needs a reason, carried into the audit rows. */
export function assertReason(existing: FormRow | null, reason: string | null, noun = 'form'): void {
  if (existing && (existing.status === 'complete' || existing.status === 'verified') && !reason) {
    throw invalid(`This ${noun} is already complete: give a reason for the change.`, {
      changeReason: ['Give a reason for the change (it is kept in the audit trail).'],
    });
  }
}

/** Status after a data save: new/draft forms stay draft unless marked complete; any change to a verified form returns it to complete. */
export function statusAfterSave(existing: FormRow | null, markComplete: boolean | undefined): FormStatus {
  if (!existing || existing.status === 'draft') return markComplete ? 'complete' : 'draft';
  return 'complete';
}

/** A table with the workflow columns (a CRF table or a repeating record's table). */
export type VersionedTable = PgTable & { id: AnyPgColumn; version: AnyPgColumn };

/**
 * Updates a row only if it is still at `version` (optimistic lock), bumping the version.
 * Returns the new row; a lost race (0 rows) is a conflict, never a silent overwrite.
 */
export async function updateVersionedRow(tx: Tx, table: VersionedTable, row: FormRow, set: Record<string, unknown>, userId: number): Promise<FormRow> {
  const updated = await tx.update(table)
    .set({ ...set, version: row.version + 1, updatedBy: userId, updatedAt: sql`now()` } as never)
    .where(and(eq(table.id, row.id), eq(table.version, row.version)))
    .returning();
  const out = (updated as unknown[])[0] as FormRow | undefined;
  if (!out) throw conflict('The form changed while saving. Reload the page and try again.', { currentVersion: null, changes: [] });
  return out;
}

export async function updateFormRow(tx: Tx, form: FormKey, row: FormRow, set: Record<string, unknown>, userId: number): Promise<FormRow> {
  return updateVersionedRow(tx, FORM_TABLES[form] as unknown as VersionedTable, row, set, userId);
}

export async function insertFormRow(tx: Tx, form: FormKey, patientId: number, values: Record<string, unknown>, userId: number): Promise<FormRow> {
  const table = FORM_TABLES[form];
  const inserted = await tx.insert(table).values({ ...values, patientId, updatedBy: userId } as never).returning();
  const out = inserted[0] as FormRow | undefined;
  if (!out) throw new Error('form row not inserted');
  return out;
}

/**
 * Idempotency: the first use of a key inserts it (inside the save's transaction); a replay finds it
 * and gets the first result. A concurrent replay waits on the key's unique index until the first
 * transaction commits. Keys are per user.
 */
export async function claimIdempotencyKey(tx: Tx, userId: number, key: string): Promise<{ replay: unknown } | null> {
  const k = `${userId}:${key}`;
  const inserted = await tx.insert(idempotencyKeys).values({ key: k, userId, result: { pending: true } })
    .onConflictDoNothing().returning({ key: idempotencyKeys.key });
  if (inserted.length) return null;
  const [row] = await tx.select({ result: idempotencyKeys.result }).from(idempotencyKeys).where(eq(idempotencyKeys.key, k));
  return { replay: row?.result ?? null };
}

export async function storeIdempotentResult(tx: Tx, userId: number, key: string, result: unknown): Promise<void> {
  await tx.update(idempotencyKeys).set({ result: result as Record<string, unknown> }).where(eq(idempotencyKeys.key, `${userId}:${key}`));
}

/** The patient's stored forms (and course) in the shape the cross-form rules read. */
export async function loadRecord(tx: Tx, patient: { id: number; birthYear: number }): Promise<PatientRecord> {
  // One round trip for all four forms and the therapy lines: this runs inside every save, and on a
  // busy server each statement of a save costs more in driver and syscall overhead than in SQL.
  // Dates are formatted in SQL (YYYY-MM-DD, whatever the session's DateStyle).
  const id = patient.id;
  const day = (col: string) => sql.raw(`to_char(${col}, 'YYYY-MM-DD')`);
  const result = await tx.execute(sql`SELECT
    (SELECT json_build_object('ibrutinibStart', ${day('ibrutinib_start')}, 'ageAtStart', age_at_start)
       FROM baseline_forms WHERE patient_id = ${id}) AS baseline,
    (SELECT json_build_object('assessedDate', ${day('assessed_date')})
       FROM response_forms WHERE patient_id = ${id}) AS response,
    (SELECT json_build_object('lastDoseDate', ${day('last_dose_date')}, 'reason', reason, 'aeTerm', ae_term,
            'aeGrade', ae_grade, 'aeOnsetDate', ${day('ae_onset_date')}, 'progressionType', progression_type,
            'rtHistology', rt_histology)
       FROM discontinuation_forms WHERE patient_id = ${id}) AS discontinuation,
    (SELECT json_build_object('vitalStatus', vital_status, 'lastContactDate', ${day('last_contact_date')},
            'deathDate', ${day('death_date')}, 'deathCause', death_cause, 'deathContributingCauses', death_contributing_causes)
       FROM follow_up_forms WHERE patient_id = ${id}) AS follow_up,
    (SELECT coalesce(json_agg(json_build_object('startDate', ${day('start_date')}) ORDER BY position), '[]'::json)
       FROM subsequent_therapies WHERE patient_id = ${id} AND NOT deleted) AS therapies`);
  const row = (result as unknown as { rows: Record<string, unknown>[] }).rows[0] ?? {};
  return {
    birthYear: patient.birthYear,
    baseline: (row.baseline as PatientRecord['baseline']) ?? null,
    response: (row.response as PatientRecord['response']) ?? null,
    discontinuation: (row.discontinuation as PatientRecord['discontinuation']) ?? null,
    therapies: (row.therapies as PatientRecord['therapies'] | null) ?? [],
    followUp: (row.follow_up as PatientRecord['followUp']) ?? null,
    // The repeating records, so a save of a snapshot form meets the course rules on its side.
    course: await loadCourse(tx, id),
  };
}
