import 'server-only';
/**
 * draft → complete (investigator, own centre; the form must pass the cross-form rules) and
 * complete → verified (coordinator: source data verified; no unresolved data query on the form and
 * no required field missing). Locking is sign-form.ts.
 */
import type { Db } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { invalid, ServiceError } from '@/lib/services/errors';
import { checkCrossFormRules, fieldErrorsFor } from '@/lib/validation/cross-form-rules';
import { todayIso } from '@/lib/validation/common';
import { FORM_LABELS } from '@/lib/validation/forms';
import type { SetFormStatusInput } from '@/lib/validation/workflow';
import { actorOf, loadRecord, updateFormRow, type CrfUser, type FormStatus } from './form-access';
import { assertReadyToAttest, formAtVersion } from './workflow-access';

export async function setFormStatus(db: Db, user: CrfUser, input: SetFormStatusInput): Promise<{ version: number; status: FormStatus }> {
  const permission = input.status === 'complete' ? 'crf.write' : 'crf.verify';
  return db.transaction(async (tx) => {
    const { patient, row } = await formAtVersion(tx, user, input.patientCode, input.form, input.version, permission);
    const from: FormStatus = input.status === 'complete' ? 'draft' : 'complete';
    if (row.status === 'locked') throw new ServiceError(`The ${FORM_LABELS[input.form]} form is locked.`, 'locked');
    if (row.status !== from) throw invalid(`The form is ${row.status}; only a ${from} form can become ${input.status}.`);
    if (input.status === 'complete') {
      const issues = fieldErrorsFor(input.form, checkCrossFormRules(await loadRecord(tx, patient), todayIso()));
      if (Object.keys(issues).length) throw invalid('The form conflicts with other data of this patient: correct it first.', issues);
    } else {
      await assertReadyToAttest(tx, patient, input.form, row);
    }
    await setAuditContext(tx, actorOf(user), null);
    const updated = await updateFormRow(tx, input.form, row, { status: input.status }, user.id);
    return { version: updated.version, status: updated.status };
  });
}
