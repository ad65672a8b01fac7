import 'server-only';
/**
 * Shared by the status, signature and unlock verbs of the CRFs and of the repeating records'
 * instances: what the verb acts on (a WorkflowTarget), the locked patient, its row at the expected
 * version, and whether it may be attested (verified, signed).
 */
import { and, eq, isNull, ne } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { dataQueries } from '@/db/schema';
import type { Permission } from '@/lib/auth/permissions';
import { conflict, invalid, notFound, type FieldErrors } from '@/lib/services/errors';
import type { AuditTable } from '@/lib/services/audit/audit-vocabulary';
import { checkCrossFormRules, fieldErrorsFor } from '@/lib/validation/cross-form-rules';
import { todayIso } from '@/lib/validation/common';
import type { FormKey } from '@/lib/validation/forms';
import { missingRequiredFields } from '@/lib/validation/required-fields';
import {
  assertActivePatient, formSubject, loadRecord, lockPatient, readForm, updateFormRow, type CrfUser, type FormRow, type LockedPatient, type WriteSubject,
} from './form-access';

/**
 * What a workflow verb acts on: one CRF of the patient, or one instance of a repeating record
 * (lib/services/course/record-access.ts recordTarget). The verbs are the same; the row, its
 * table, its queries and its rules differ.
 */
export interface WorkflowTarget {
  /** data_queries.form: the CRF key or the record kind. */
  form: string;
  /** data_queries.record_seq: the instance, or null for a CRF. */
  seq: number | null;
  /** audit_log.table_name of its events. */
  auditTable: AuditTable;
  /** What messages name ("The Baseline form", "Adverse event 3") and its field labels. */
  name: WriteSubject;
  /** `details` of its audit events ({ form } or { form, seq }). */
  details: Record<string, unknown>;
  read(tx: Tx, patientId: number): Promise<FormRow | null>;
  update(tx: Tx, row: FormRow, set: Record<string, unknown>, userId: number): Promise<FormRow>;
  /** Required fields missing in the stored row (value keys). */
  missing(row: FormRow): string[];
  /** The cross-form / course rules on this target's fields, with the stored record. */
  ruleErrors(tx: Tx, patient: LockedPatient): Promise<FieldErrors>;
  /** Refuses any workflow step on a row that cannot take one (an instance entered in error). */
  assertWorkable?(row: FormRow): void;
}

export function formTarget(form: FormKey): WorkflowTarget {
  return {
    form, seq: null, auditTable: tableOf(form), name: formSubject(form), details: { form },
    read: (tx, patientId) => readForm(tx, form, patientId),
    update: (tx, row, set, userId) => updateFormRow(tx, form, row, set, userId),
    missing: (row) => missingRequiredFields(form, row),
    ruleErrors: async (tx, patient) => fieldErrorsFor(form, checkCrossFormRules(await loadRecord(tx, patient), todayIso())),
  };
}

export function tableOf(form: FormKey): AuditTable {
  return ({ baseline: 'baseline_forms', response: 'response_forms', discontinuation: 'discontinuation_forms', therapies: 'therapy_forms', 'follow-up': 'follow_up_forms' } as const)[form];
}

/** The locked (active) patient and the target's row at the version the caller read. */
export async function targetAtVersion(
  tx: Tx, user: CrfUser, patientCode: string, target: WorkflowTarget, version: number, permission: Permission,
): Promise<{ patient: LockedPatient; row: FormRow }> {
  const patient = await lockPatient(tx, user, patientCode, permission);
  assertActivePatient(patient);
  const row = await target.read(tx, patient.id);
  if (!row) throw notFound(target.seq === null ? `${target.name.subject} has not been started.` : `${target.name.subject} does not exist.`);
  if (row.version !== version) {
    throw conflict(`${target.name.subject} changed since you opened it (now version ${row.version}, status ${row.status}). Reload the page.`, {
      currentVersion: row.version, currentStatus: row.status, changes: [],
    });
  }
  target.assertWorkable?.(row);
  return { patient, row };
}

export async function formAtVersion(
  tx: Tx, user: CrfUser, patientCode: string, form: FormKey, version: number, permission: Permission,
): Promise<{ patient: LockedPatient; row: FormRow }> {
  return targetAtVersion(tx, user, patientCode, formTarget(form), version, permission);
}

/**
 * Verifying (source data verified) and signing attest that the form is correct and final: refused
 * while a data query on the form (on that instance, for a repeating record) is unresolved (open,
 * or answered but not closed by the coordinator) or a required field is empty. Checked again at
 * signing, since a query can be raised after verification. The patient row is locked by
 * targetAtVersion, so no query or save slips in between.
 */
export async function assertReadyToAttest(tx: Tx, patient: LockedPatient, form: FormKey | WorkflowTarget, row: FormRow): Promise<void> {
  const target = typeof form === 'string' ? formTarget(form) : form;
  const unresolved = await tx.select({ field: dataQueries.field }).from(dataQueries)
    .where(and(eq(dataQueries.patientId, patient.id), eq(dataQueries.form, target.form),
      target.seq === null ? isNull(dataQueries.recordSeq) : eq(dataQueries.recordSeq, target.seq), ne(dataQueries.status, 'closed')));
  if (unresolved.length) {
    const fieldErrors: Record<string, string[]> = {};
    for (const q of unresolved) (fieldErrors[q.field] ??= []).push('This field has an unresolved data query.');
    const where = target.seq === null ? 'this form' : 'this record';
    throw invalid(`Close the open data queries on ${where} first (${unresolved.length} open).`, fieldErrors);
  }
  const missing = target.missing(row);
  if (missing.length) {
    const label = target.name.fieldLabel;
    throw invalid(`Required fields are missing: ${missing.map(label).join(', ')}.`,
      Object.fromEntries(missing.map((f) => [f, [`${label(f)} is required.`]])));
  }
}
