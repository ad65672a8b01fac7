import 'server-only';
/** Shared by the status, signature and unlock verbs: the locked patient, its form at the expected version. */
import type { Tx } from '@/db/client';
import type { Permission } from '@/lib/auth/permissions';
import { conflict, notFound } from '@/lib/services/errors';
import { FORM_LABELS, type FormKey } from '@/lib/validation/forms';
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
