import 'server-only';
/**
 * A data query with its patient, row-locked and centre-scoped (another centre's query reads as not
 * found). The patient row is locked too, as a CRF save locks it, and a withdrawn or entered-in-error
 * record refuses its queries as it refuses every other change (assertActivePatient).
 */
import { eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { dataQueries, patients } from '@/db/schema';
import { can, type Permission } from '@/lib/auth/permissions';
import { deniedAsNotFound, forbidden, notFound } from '@/lib/services/errors';
import { assertActivePatient, type CrfUser } from './form-access';

export async function lockQuery(tx: Tx, user: CrfUser, queryId: number, permission: Permission) {
  if (!can(user, permission)) throw forbidden();
  const [row] = await tx.select({ q: dataQueries, centreId: patients.centreId, code: patients.code, status: patients.status })
    .from(dataQueries).innerJoin(patients, eq(patients.id, dataQueries.patientId))
    .where(eq(dataQueries.id, queryId)).for('update', { of: [dataQueries, patients] });
  if (!row) throw notFound('Query not found.');
  // Another centre's query reads as missing, but the attempt is logged (security check 2).
  if (!can(user, permission, { centreId: row.centreId })) {
    throw deniedAsNotFound('Query not found.', { table: 'data_queries', recordId: row.q.id, patientId: row.q.patientId, centreId: row.centreId, action: permission });
  }
  assertActivePatient(row);
  return row.q;
}
