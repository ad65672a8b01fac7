import 'server-only';
/**
 * A coordinator raises a data query on one field of one form (audited by the data_queries trigger).
 * The centre's investigators are told by e-mail, queued in the same transaction (query-notices.ts).
 */
import type { Db } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { dataQueries } from '@/db/schema';
import { invalid } from '@/lib/services/errors';
import { FORM_FIELDS } from '@/lib/validation/forms';
import type { RaiseQueryInput } from '@/lib/validation/workflow';
import { actorOf, assertActivePatient, lockPatient, type CrfUser } from './form-access';
import { noticeQueryRaised } from './query-notices';

export async function raiseQuery(db: Db, user: CrfUser, input: RaiseQueryInput): Promise<{ id: number }> {
  // Own keys only: `in` would also accept 'constructor', 'toString', '__proto__'.
  if (!Object.hasOwn(FORM_FIELDS[input.form], input.field)) throw invalid('Choose a field of this form.', { field: ['Choose a field of this form.'] });
  return db.transaction(async (tx) => {
    const patient = await lockPatient(tx, user, input.patientCode, 'query.raise');
    assertActivePatient(patient);
    await setAuditContext(tx, actorOf(user), null);
    const [q] = await tx.insert(dataQueries).values({
      patientId: patient.id, form: input.form, field: input.field, question: input.question, raisedBy: user.id,
    }).returning({ id: dataQueries.id });
    if (!q) throw new Error('query not inserted');
    await noticeQueryRaised(tx, patient.centreId, { patientCode: patient.code, form: input.form, field: input.field });
    return q;
  });
}
