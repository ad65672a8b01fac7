import 'server-only';
/**
 * E-signature (21 CFR Part 11 §11.50/§11.200): a coordinator locks a verified form by entering
 * their password again; refused while a data query on the form is unresolved or a required field
 * is missing (workflow-access.ts). Name, user id, UTC time and meaning are stored on the form; the event is
 * audited, and so is a failed attempt (in the same transaction, which then writes nothing else).
 */
import { and, count, eq, gt, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { auditLog, users } from '@/db/schema';
import { env } from '@/lib/env';
import { verifyPassword } from '@/lib/auth/password';
import { invalid, ServiceError } from '@/lib/services/errors';
import { recordEvent } from '@/lib/services/audit/record-event';
import { SIGNATURE_MEANING, type SignFormInput } from '@/lib/validation/workflow';
import { signerPrintedName } from '@/lib/crf/signer';
import { actorOf, type CrfUser } from './form-access';
import { assertReadyToAttest, formTarget, targetAtVersion, type WorkflowTarget } from './workflow-access';

export async function signForm(db: Db, user: CrfUser, input: SignFormInput): Promise<{ version: number; signedAt: string; signedByName: string }> {
  return signTarget(db, user, formTarget(input.form), input);
}

/** Signs a CRF or an instance of a repeating record (its WorkflowTarget): the one e-signature path. */
export async function signTarget(
  db: Db, user: CrfUser, target: WorkflowTarget, input: { patientCode: string; version: number; password: string },
): Promise<{ version: number; signedAt: string; signedByName: string }> {
  const noun = target.seq === null ? 'form' : 'record';
  const outcome = await db.transaction(async (tx) => {
    const { patient, row } = await targetAtVersion(tx, user, input.patientCode, target, input.version, 'crf.lock');
    if (row.status === 'locked') throw new ServiceError(`${target.name.subject} is already locked.`, 'locked');
    if (row.status !== 'verified') throw invalid(`Only a verified ${noun} can be signed and locked. Verify it first.`);
    // Before the password check: a refusal here is not a failed signature attempt.
    await assertReadyToAttest(tx, patient, target, row);
    await refuseAfterRepeatedFailures(tx, user.id);
    const [me] = await tx.select({ hash: users.passwordHash, name: users.displayName, email: users.email, active: users.active })
      .from(users).where(eq(users.id, user.id));
    if (!me || !me.active || !(await verifyPassword(input.password, me.hash))) {
      // Recorded while the signer's lock is held, so the next waiting attempt counts it.
      await recordEvent(tx, {
        actor: actorOf(user), action: 'signature_failed', tableName: target.auditTable, patientId: patient.id,
        centreId: patient.centreId, details: target.details,
      });
      return { ok: false as const };
    }
    const actor = { id: user.id, label: me.email };
    await setAuditContext(tx, actor, SIGNATURE_MEANING);
    const signedAt = new Date();
    // Name and unique e-mail, as read now: two accounts can share a display name (signer.ts).
    const signedByName = signerPrintedName(me.name, me.email);
    const updated = await target.update(tx, row, {
      status: 'locked', signedByName, signedByUserId: user.id, signedAt, signatureMeaning: SIGNATURE_MEANING,
    }, user.id);
    await recordEvent(tx, {
      actor, action: 'form_signed', tableName: target.auditTable, recordId: row.id, patientId: patient.id, centreId: patient.centreId,
      reason: SIGNATURE_MEANING, details: { ...target.details, signedByName, signedByUserId: user.id, signedAt: signedAt.toISOString() },
    });
    return { ok: true as const, version: updated.version, signedAt: signedAt.toISOString(), signedByName };
  });
  if (!outcome.ok) {
    // The same sentence as field error and message: the panel shows it once, at the password field.
    const text = `The password is not correct: the ${noun} was not signed.`;
    throw invalid(text, { password: [text] });
  }
  return { version: outcome.version, signedAt: outcome.signedAt, signedByName: outcome.signedByName };
}

/**
 * The signature password is a password check like the login: after LOGIN_MAX_FAILURES wrong
 * signature passwords within LOGIN_WINDOW_MINUTES, signing is refused without checking, so the
 * signature dialog cannot be used to guess a coordinator's password. Counted from the audit trail.
 *
 * Counted and decided under a per-signer advisory lock held to the end of the signing transaction,
 * i.e. across the password check and the recording of its failure: parallel attempts (any form,
 * any instance) run one after another, and each one counts the failures of those before it. The
 * login throttle can release its lock before the check because it reserves a slot row first; an
 * audit row cannot be withdrawn after a right password, so here the lock is held instead. It only
 * serialises one person's own signatures (one bcrypt check each).
 */
async function refuseAfterRepeatedFailures(tx: Tx, userId: number): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`signature:${userId}`}))`);
  const { LOGIN_MAX_FAILURES, LOGIN_WINDOW_MINUTES } = env();
  const since = new Date(Date.now() - LOGIN_WINDOW_MINUTES * 60_000);
  const [row] = await tx.select({ n: count() }).from(auditLog)
    .where(and(eq(auditLog.actorId, userId), eq(auditLog.action, 'signature_failed'), gt(auditLog.at, since)));
  if (Number(row?.n ?? 0) >= LOGIN_MAX_FAILURES) {
    const text = `Too many wrong signature passwords. Try again in ${LOGIN_WINDOW_MINUTES} minutes.`;
    throw invalid(text, { password: [text] });
  }
}

export { tableOf } from './workflow-access';
