import 'server-only';
/**
 * The row lock a CRF save takes (form-access.ts lockPatient: SELECT … FOR UPDATE on the patient),
 * taken by the import for every registered patient of its file before it reads them. Saves,
 * status changes, signatures and unlocks of those patients then wait for the import to end, and
 * the import reads records nobody can change until it commits. Locked in id order, so two imports
 * with overlapping files queue instead of deadlocking (a CRF verb locks one patient only).
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';

export async function lockPatientsByCode(tx: Tx, codes: readonly string[]): Promise<void> {
  if (!codes.length) return;
  await tx.execute(sql`SELECT id FROM patients
    WHERE code IN (SELECT json_array_elements_text(${JSON.stringify(codes)}::json))
    ORDER BY id FOR UPDATE`);
}
