import 'server-only';
/**
 * Registers a patient at the investigator's own centre. The pseudonym id is the centre code + the
 * next free 3-digit sequence, computed under a row lock on the centre so two registrations at once
 * cannot take the same number.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { centres, patients } from '@/db/schema';
import { can } from '@/lib/auth/permissions';
import { forbidden, invalid } from '@/lib/services/errors';
import type { RegisterPatientInput } from '@/lib/validation/patient';
import { actorOf, claimIdempotencyKey, storeIdempotentResult, type CrfUser } from './form-access';

export interface RegisterResult { code: string; id: number }

export async function registerPatient(db: Db, user: CrfUser, input: RegisterPatientInput): Promise<RegisterResult> {
  if (!can(user, 'patient.create') || user.centreId === null) throw forbidden('Only investigators register patients, at their own centre.');
  const centreId = user.centreId;
  return db.transaction(async (tx) => {
    const replay = await claimIdempotencyKey(tx, user.id, input.idempotencyKey);
    if (replay) return replay.replay as RegisterResult;
    const [centre] = await tx.select({ id: centres.id, code: centres.code, active: centres.active })
      .from(centres).where(eq(centres.id, centreId)).for('update');
    if (!centre || !centre.active) throw forbidden('Your centre is not active.');
    const [{ next } = { next: 1 }] = await tx.select({ next: sql<number>`coalesce(max(${patients.seq}), 0)::int + 1` })
      .from(patients).where(eq(patients.centreId, centre.id));
    if (next > 999) throw invalid('This centre has used all 999 patient numbers.');
    const code = `${centre.code}-${String(next).padStart(3, '0')}`;
    await setAuditContext(tx, actorOf(user), null);
    const [p] = await tx.insert(patients).values({
      code, centreId: centre.id, seq: next, sex: input.sex, birthYear: input.birthYear, createdBy: user.id, updatedBy: user.id,
    }).returning({ id: patients.id, code: patients.code });
    if (!p) throw new Error('patient not inserted');
    const result = { code: p.code, id: p.id };
    await storeIdempotentResult(tx, user.id, input.idempotencyKey, result);
    return result;
  });
}
