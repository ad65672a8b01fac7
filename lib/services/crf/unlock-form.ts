import 'server-only';
/**
 * Authorised unlock (coordinator, reason required): voids the e-signature (clears its columns) and
 * returns the form to verified, so it can be corrected (which returns it to complete) and signed again.
 */
import type { Db } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { invalid } from '@/lib/services/errors';
import { recordEvent } from '@/lib/services/audit/record-event';
import type { UnlockFormInput } from '@/lib/validation/workflow';
import { actorOf, updateFormRow, type CrfUser, type FormStatus } from './form-access';
import { tableOf } from './sign-form';
import { formAtVersion } from './workflow-access';

export async function unlockForm(db: Db, user: CrfUser, input: UnlockFormInput): Promise<{ version: number; status: FormStatus }> {
  return db.transaction(async (tx) => {
    const { patient, row } = await formAtVersion(tx, user, input.patientCode, input.form, input.version, 'crf.unlock');
    if (row.status !== 'locked') throw invalid('The form is not locked.');
    const actor = actorOf(user);
    await setAuditContext(tx, actor, input.reason);
    const updated = await updateFormRow(tx, input.form, row, {
      status: 'verified', signedByName: null, signedByUserId: null, signedAt: null, signatureMeaning: null,
    }, user.id);
    await recordEvent(tx, {
      actor, action: 'form_unlocked', tableName: tableOf(input.form), recordId: row.id, patientId: patient.id, centreId: patient.centreId,
      reason: input.reason, details: { form: input.form, voidedSignature: { by: row.signedByName, at: row.signedAt?.toISOString() ?? null } },
    });
    return { version: updated.version, status: updated.status };
  });
}
