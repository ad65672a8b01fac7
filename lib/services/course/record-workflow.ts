import 'server-only';
/**
 * The workflow of one instance of a repeating record: the CRF's own verbs (status, e-signature,
 * unlock: lib/services/crf/*) acting on the instance's WorkflowTarget, and "entered in error": an
 * instance entered by mistake is kept (never deleted), flagged with the reason (audited), and left
 * out of every analysis and check. Not possible once locked (unlock it first), nor while a live
 * dose period or interruption names the adverse event as its cause (change that link first).
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { doseInterruptions, dosePeriods } from '@/db/schema';
import { invalid, ServiceError } from '@/lib/services/errors';
import { actorOf, type CrfUser, type FormStatus } from '@/lib/services/crf/form-access';
import { setTargetStatus } from '@/lib/services/crf/set-form-status';
import { signTarget } from '@/lib/services/crf/sign-form';
import { unlockTarget } from '@/lib/services/crf/unlock-form';
import { targetAtVersion } from '@/lib/services/crf/workflow-access';
import type {
  EnteredInErrorInput, SetRecordStatusInput, SignRecordInput, UnlockRecordInput,
} from '@/lib/validation/course';
import { recordTarget } from './record-access';

/** draft → complete (investigator; the course rules must hold) or complete → verified (coordinator; no open query on the instance, no required field missing). */
export function setRecordStatus(db: Db, user: CrfUser, input: SetRecordStatusInput): Promise<{ version: number; status: FormStatus }> {
  return setTargetStatus(db, user, recordTarget(input.kind, input.seq), input);
}

/** E-signature of a verified instance (password re-entry), which locks it. */
export function signRecord(db: Db, user: CrfUser, input: SignRecordInput): Promise<{ version: number; signedAt: string; signedByName: string }> {
  return signTarget(db, user, recordTarget(input.kind, input.seq), input);
}

/** Coordinator's unlock (reason required): voids the signature, back to verified. */
export function unlockRecord(db: Db, user: CrfUser, input: UnlockRecordInput): Promise<{ version: number; status: FormStatus }> {
  return unlockTarget(db, user, recordTarget(input.kind, input.seq), input);
}

export async function markEnteredInError(db: Db, user: CrfUser, input: EnteredInErrorInput): Promise<{ version: number; enteredInError: true }> {
  const target = recordTarget(input.kind, input.seq);
  return db.transaction(async (tx) => {
    // assertWorkable refuses an instance already entered in error.
    const { patient, row } = await targetAtVersion(tx, user, input.patientCode, target, input.version, 'crf.write');
    if (row.status === 'locked') {
      throw new ServiceError(`${target.name.subject} is locked (signed). A coordinator must unlock it before it can be marked entered in error.`, 'locked');
    }
    if (input.kind === 'adverse-event') {
      const linked = [
        ...(await tx.select({ seq: dosePeriods.seq }).from(dosePeriods).where(and(eq(dosePeriods.patientId, patient.id),
          eq(dosePeriods.adverseEventSeq, input.seq), eq(dosePeriods.enteredInError, false)))).map((r) => `ibrutinib dose ${r.seq}`),
        ...(await tx.select({ seq: doseInterruptions.seq }).from(doseInterruptions).where(and(eq(doseInterruptions.patientId, patient.id),
          eq(doseInterruptions.adverseEventSeq, input.seq), eq(doseInterruptions.enteredInError, false)))).map((r) => `interruption ${r.seq}`),
      ];
      if (linked.length) {
        throw invalid(`${target.name.subject} is named as the cause of ${linked.join(', ')}: change that first.`);
      }
    }
    await setAuditContext(tx, actorOf(user), input.reason);
    const updated = await target.update(tx, row, { enteredInError: true }, user.id);
    return { version: updated.version, enteredInError: true as const };
  });
}
