import 'server-only';
/**
 * Registers a patient at the investigator's own centre. The pseudonym id is the centre code + the
 * lowest number (001–999, lib/validation/patient-id.ts) no patient of the centre has: numbers are
 * never deleted, but an import may bring any valid number (PL-01-999), and one imported id must not
 * use up a centre's numbering. The number is chosen under a row lock (FOR UPDATE) on the centre, so
 * concurrent registrations take different numbers. An import inserting patients of the centre holds
 * the foreign key's KEY SHARE lock on the same centre row until it commits, which FOR UPDATE waits
 * for: registration then sees the imported numbers and takes the next free one (tested with an
 * uncommitted writer on PostgreSQL). The (centre, seq) unique index stays the last guard.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { centres, patients } from '@/db/schema';
import { can } from '@/lib/auth/permissions';
import { forbidden, invalid } from '@/lib/services/errors';
import { formatPatientCode, MAX_PATIENT_SEQ } from '@/lib/validation/patient-id';
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
    // The lowest unused number: 1 if free, else the smallest n + 1 not taken (patients_centre_seq_uq serves both lookups).
    const free = await tx.execute(sql`SELECT CASE
        WHEN NOT EXISTS (SELECT 1 FROM patients WHERE centre_id = ${centre.id} AND seq = 1) THEN 1
        ELSE (SELECT min(p.seq + 1) FROM patients p WHERE p.centre_id = ${centre.id} AND p.seq < ${MAX_PATIENT_SEQ}
              AND NOT EXISTS (SELECT 1 FROM patients q WHERE q.centre_id = ${centre.id} AND q.seq = p.seq + 1))
      END::int AS next`);
    const next = (free as unknown as { rows: { next: number | null }[] }).rows[0]?.next ?? null;
    if (next === null) throw invalid(`This centre has used all ${MAX_PATIENT_SEQ} patient numbers.`);
    const code = formatPatientCode(centre.code, next);
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
