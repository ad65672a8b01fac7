import 'server-only';
/** Shared by the status, signature and unlock verbs: the locked patient, its form at the expected version. */
import { and, eq, ne } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { dataQueries } from '@/db/schema';
import type { Permission } from '@/lib/auth/permissions';
import { conflict, invalid, notFound } from '@/lib/services/errors';
import { FORM_LABELS, type FormKey } from '@/lib/validation/forms';
import { fieldLabel, missingRequiredFields } from '@/lib/validation/required-fields';
import { assertActivePatient, lockPatient, readForm, type CrfUser, type FormRow, type LockedPatient } from './form-access';

export async function formAtVersion(
  tx: Tx, user: CrfUser, patientCode: string, form: FormKey, version: number, permission: Permission,
): Promise<{ patient: LockedPatient; row: FormRow }> {
  const patient = await lockPatient(tx, user, patientCode, permission);
  assertActivePatient(patient);
  const row = await readForm(tx, form, patient.id);
  if (!row) throw notFound(`The ${FORM_LABELS[form]} form has not been started.`);
  if (row.version !== version) {
    throw conflict(`The ${FORM_LABELS[form]} form changed since you opened it (now version ${row.version}, status ${row.status}). Reload the page.`, {
      currentVersion: row.version, currentStatus: row.status, changes: [],
    });
  }
  return { patient, row };
}

/**
 * Verifying (source data verified) and signing attest that the form is correct and final: refused
 * while a data query on the form is unresolved (open, or answered but not closed by the
 * coordinator) or a required field is empty. Checked again at signing, since a query can be raised
 * after verification. The patient row is locked by formAtVersion, so no query or save slips in between.
 */
export async function assertReadyToAttest(tx: Tx, patient: LockedPatient, form: FormKey, row: FormRow): Promise<void> {
  const unresolved = await tx.select({ field: dataQueries.field }).from(dataQueries)
    .where(and(eq(dataQueries.patientId, patient.id), eq(dataQueries.form, form), ne(dataQueries.status, 'closed')));
  if (unresolved.length) {
    const fieldErrors: Record<string, string[]> = {};
    for (const q of unresolved) (fieldErrors[q.field] ??= []).push('This field has an unresolved data query.');
    throw invalid(`Close the open data queries on this form first (${unresolved.length} open).`, fieldErrors);
  }
  const missing = missingRequiredFields(form, row);
  if (missing.length) {
    throw invalid(`Required fields are missing: ${missing.map((f) => fieldLabel(form, f)).join(', ')}.`,
      Object.fromEntries(missing.map((f) => [f, [`${fieldLabel(form, f)} is required.`]])));
  }
}
