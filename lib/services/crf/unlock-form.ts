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
import { actorOf, type CrfUser, type FormStatus } from './form-access';
import { formTarget, targetAtVersion, type WorkflowTarget } from './workflow-access';

export async function unlockForm(db: Db, user: CrfUser, input: UnlockFormInput): Promise<{ version: number; status: FormStatus }> {
  return unlockTarget(db, user, formTarget(input.form), input);
}

/** Unlocks a CRF or an instance of a repeating record (its WorkflowTarget). */
export async function unlockTarget(
  db: Db, user: CrfUser, target: WorkflowTarget, input: { patientCode: string; version: number; reason: string },
): Promise<{ version: number; status: FormStatus }> {
  return db.transaction(async (tx) => {
    const { patient, row } = await targetAtVersion(tx, user, input.patientCode, target, input.version, 'crf.unlock');
    if (row.status !== 'locked') throw invalid(`The ${target.seq === null ? 'form' : 'record'} is not locked.`);
    const actor = actorOf(user);
    await setAuditContext(tx, actor, input.reason);
    const updated = await target.update(tx, row, {
      status: 'verified', signedByName: null, signedByUserId: null, signedAt: null, signatureMeaning: null,
    }, user.id);
    await recordEvent(tx, {
      actor, action: 'form_unlocked', tableName: target.auditTable, recordId: row.id, patientId: patient.id, centreId: patient.centreId,
      reason: input.reason, details: { ...target.details, voidedSignature: { by: row.signedByName, at: row.signedAt?.toISOString() ?? null } },
    });
    return { version: updated.version, status: updated.status };
  });
}
