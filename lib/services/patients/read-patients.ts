import 'server-only';
/** Read verbs for patients: permission and centre scope checked here, for every call. */
import { asc } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { centres } from '@/db/schema';
import { can, centreFilter, type Principal } from '@/lib/auth/permissions';
import type { PatientListQuery } from '@/lib/patients/list-params';
import { countPatients, findPatientByCode, listPatients, loadPatientForms, type PatientListRow } from '@/lib/dal/patients';
import { recordDenial } from '@/lib/services/audit/record-event';
import { forbidden, notFound } from '@/lib/services/errors';

export const PATIENT_PAGE_SIZE = 100;

/** Filters and sort from the query string; the centre scope is never among them (added below, from the user). */
export type PatientListRequest = Partial<PatientListQuery>;

/** One page (1-based) of the caller's patients, and how many match in all. */
export async function listPatientsForUser(
  db: Db, user: Principal, filter: PatientListRequest, page = 1,
): Promise<PatientListRow[]> {
  if (!can(user, 'patient.read')) throw forbidden();
  const offset = (Math.max(1, Math.floor(page)) - 1) * PATIENT_PAGE_SIZE;
  return listPatients(db, { ...filter, centreIds: centreFilter(user) }, { limit: PATIENT_PAGE_SIZE, offset });
}

export async function countPatientsForUser(db: Db, user: Principal, filter: PatientListRequest): Promise<number> {
  if (!can(user, 'patient.read')) throw forbidden();
  return countPatients(db, { ...filter, centreIds: centreFilter(user) });
}

export async function getPatientForUser(db: Db, user: Principal & { email?: string }, code: string) {
  if (!can(user, 'patient.read')) throw forbidden();
  const patient = await findPatientByCode(db, centreFilter(user), code);
  // Outside the caller's centre reads exactly like a missing record, but the attempt is logged.
  if (!patient || !can(user, 'patient.read', { centreId: patient.centreId })) {
    const other = patient ?? await findPatientByCode(db, null, code);
    if (other) await recordDenial(db, user, { table: 'patients', recordId: other.id, patientId: other.id, centreId: other.centreId, action: 'patient.read' });
    throw notFound('Patient not found.');
  }
  const forms = await loadPatientForms(db, patient.id);
  return { patient, forms };
}

export async function listCentreOptions(db: Db, user: Principal) {
  const all = await db.select({ id: centres.id, code: centres.code, name: centres.name, active: centres.active })
    .from(centres).orderBy(asc(centres.code));
  const scope = centreFilter(user);
  return scope === null ? all : all.filter((c) => scope.includes(c.id));
}
