import 'server-only';
/**
 * A coordinator raises a data query on one field of one form, or of one instance of a repeating
 * record (data_queries.record_seq; audited by the data_queries trigger). The centre's
 * investigators are told by e-mail, queued in the same transaction (query-notices.ts).
 */
import type { Db, Tx } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { dataQueries } from '@/db/schema';
import { entryFieldsOf, valueKey, type RecordKind } from '@/lib/dictionary';
import { invalid, notFound } from '@/lib/services/errors';
import { FORM_FIELDS } from '@/lib/validation/forms';
import type { RaiseQueryInput } from '@/lib/validation/workflow';
import type { RaiseRecordQueryInput } from '@/lib/validation/course';
import { instanceName } from '@/lib/validation/course-rules';
import { assertNotEnteredInError, readInstance } from '@/lib/services/course/record-access';
import { actorOf, assertActivePatient, lockPatient, type CrfUser, type LockedPatient } from './form-access';
import { noticeQueryRaised } from './query-notices';

const FIELD_ERROR = 'Choose a field of this form.';

export async function raiseQuery(db: Db, user: CrfUser, input: RaiseQueryInput): Promise<{ id: number }> {
  // Own keys only: `in` would also accept 'constructor', 'toString', '__proto__'.
  if (!Object.hasOwn(FORM_FIELDS[input.form], input.field)) throw invalid(FIELD_ERROR, { field: [FIELD_ERROR] });
  return raise(db, user, input.patientCode, input.form, null, input.field, input.question, async () => undefined);
}

/** The fields a query on an instance can name: those typed on the record's form (not computed, not form-only helpers). */
export function queryableRecordFields(kind: RecordKind): string[] {
  return entryFieldsOf(kind).filter((f) => f.entry !== 'form-only').map(valueKey);
}

/** A query on one field of one instance (which must exist and not be entered in error). */
export async function raiseRecordQuery(db: Db, user: CrfUser, input: RaiseRecordQueryInput): Promise<{ id: number }> {
  if (!queryableRecordFields(input.kind).includes(input.field)) throw invalid(FIELD_ERROR, { field: [FIELD_ERROR] });
  return raise(db, user, input.patientCode, input.kind, input.seq, input.field, input.question, async (tx, patient) => {
    const row = await readInstance(tx, input.kind, patient.id, input.seq);
    if (!row) throw notFound(`${instanceName(input.kind, input.seq)} does not exist.`);
    assertNotEnteredInError(input.kind, row);
  });
}

async function raise(
  db: Db, user: CrfUser, patientCode: string, form: string, recordSeq: number | null, field: string, question: string,
  check: (tx: Tx, patient: LockedPatient) => Promise<void>,
): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const patient = await lockPatient(tx, user, patientCode, 'query.raise');
    assertActivePatient(patient);
    await check(tx, patient);
    await setAuditContext(tx, actorOf(user), null);
    const [q] = await tx.insert(dataQueries).values({
      patientId: patient.id, form, recordSeq, field, question, raisedBy: user.id,
    }).returning({ id: dataQueries.id });
    if (!q) throw new Error('query not inserted');
    await noticeQueryRaised(tx, patient.centreId, { patientCode: patient.code, form: recordSeq === null ? form : `${form} ${recordSeq}`, field });
    return q;
  });
}
