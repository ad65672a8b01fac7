import 'server-only';
/**
 * draft → complete (investigator, own centre; the form must pass the cross-form rules) and
 * complete → verified (coordinator: source data verified; no unresolved data query on the form and
 * no required field missing). Locking is sign-form.ts. The same verb moves an instance of a
 * repeating record (setTargetStatus with its WorkflowTarget).
 */
import type { Db } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { invalid, ServiceError } from '@/lib/services/errors';
import type { SetFormStatusInput } from '@/lib/validation/workflow';
import { actorOf, type CrfUser, type FormStatus } from './form-access';
import { assertReadyToAttest, formTarget, targetAtVersion, type WorkflowTarget } from './workflow-access';

export async function setFormStatus(db: Db, user: CrfUser, input: SetFormStatusInput): Promise<{ version: number; status: FormStatus }> {
  return setTargetStatus(db, user, formTarget(input.form), input);
}

export async function setTargetStatus(
  db: Db, user: CrfUser, target: WorkflowTarget, input: { patientCode: string; version: number; status: 'complete' | 'verified' },
): Promise<{ version: number; status: FormStatus }> {
  const permission = input.status === 'complete' ? 'crf.write' : 'crf.verify';
  const noun = target.seq === null ? 'form' : 'record';
  return db.transaction(async (tx) => {
    const { patient, row } = await targetAtVersion(tx, user, input.patientCode, target, input.version, permission);
    const from: FormStatus = input.status === 'complete' ? 'draft' : 'complete';
    if (row.status === 'locked') throw new ServiceError(`${target.name.subject} is locked.`, 'locked');
    if (row.status !== from) throw invalid(`The ${noun} is ${row.status}; only a ${from} ${noun} can become ${input.status}.`);
    if (input.status === 'complete') {
      const issues = await target.ruleErrors(tx, patient);
      if (Object.keys(issues).length) throw invalid(`The ${noun} conflicts with other data of this patient: correct it first.`, issues);
    } else {
      await assertReadyToAttest(tx, patient, target, row);
    }
    await setAuditContext(tx, actorOf(user), null);
    const updated = await target.update(tx, row, { status: input.status }, user.id);
    return { version: updated.version, status: updated.status };
  });
}
