import 'server-only';
/**
 * Shared by every verb on the repeating records (save, status, signature, unlock, entered in
 * error, queries): the tables, one instance by its number, the next number, what messages call an
 * instance ("Adverse event 3"), and the WorkflowTarget that lets the CRF's status, signature and
 * unlock verbs act on an instance (lib/services/crf/workflow-access.ts).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { adverseEvents, doseInterruptions, dosePeriods, molecularTests, visits } from '@/db/schema';
import { missingRequired, recordDef, type RecordKind } from '@/lib/dictionary';
import { recordFieldLabel } from '@/lib/edit-checks/record-labels';
import { invalid } from '@/lib/services/errors';
import type { AuditTable } from '@/lib/services/audit/audit-vocabulary';
import { courseContext } from '@/lib/validation/cross-form-rules';
import { checkCourseRules, emptyCourse, fieldErrorsForInstance, instanceName } from '@/lib/validation/course-rules';
import { todayIso } from '@/lib/validation/common';
import { loadRecord, updateVersionedRow, type FormRow, type VersionedTable, type WriteSubject } from '@/lib/services/crf/form-access';
import type { WorkflowTarget } from '@/lib/services/crf/workflow-access';

export const RECORD_TABLES = {
  visit: visits,
  'adverse-event': adverseEvents,
  'dose-period': dosePeriods,
  interruption: doseInterruptions,
  'molecular-test': molecularTests,
} as const;

/** An instance's row: the CRF workflow columns, its number, and whether it was entered in error. */
export interface RecordRow extends FormRow { seq: number; enteredInError: boolean }

export async function readInstance(tx: Tx, kind: RecordKind, patientId: number, seq: number): Promise<RecordRow | null> {
  const table = RECORD_TABLES[kind];
  const rows = await tx.select().from(table).where(and(eq(table.patientId, patientId), eq(table.seq, seq)));
  return (rows[0] as RecordRow | undefined) ?? null;
}

/** The next instance number (numbers are never reused: instances are never deleted). Call under the patient's row lock. */
export async function nextSeq(tx: Tx, kind: RecordKind, patientId: number): Promise<number> {
  const table = RECORD_TABLES[kind];
  const [row] = await tx.select({ n: sql<number>`coalesce(max(${table.seq}), 0)::int` }).from(table).where(eq(table.patientId, patientId));
  return Number(row?.n ?? 0) + 1;
}

export { recordFieldLabel };

export function recordSubject(kind: RecordKind, seq: number | null): WriteSubject {
  const name = seq === null ? `The new ${recordDef(kind).label.toLowerCase()}` : instanceName(kind, seq);
  return { subject: name, object: seq === null ? name.toLowerCase() : name.toLowerCase(), fieldLabel: (k) => recordFieldLabel(kind, k) };
}

export function auditTableOf(kind: RecordKind): AuditTable {
  return recordDef(kind).table as AuditTable;
}

/** An instance entered in error is kept as it was: no change, no workflow step, no query. */
export function assertNotEnteredInError(kind: RecordKind, row: { seq: number; enteredInError: boolean }): void {
  if (row.enteredInError) throw invalid(`${instanceName(kind, row.seq)} was entered in error: it is kept as it was and cannot be changed.`);
}

/** The course rules' errors on one instance, with the patient's stored record (and course). */
export async function instanceRuleErrors(tx: Tx, patient: { id: number; birthYear: number }, kind: RecordKind, seq: number) {
  const record = await loadRecord(tx, patient);
  return fieldErrorsForInstance(kind, seq, checkCourseRules(courseContext(record), record.course ?? emptyCourse(), todayIso()));
}

/** The instance as the CRF's status, signature and unlock verbs see it. */
export function recordTarget(kind: RecordKind, seq: number): WorkflowTarget {
  const table = RECORD_TABLES[kind] as unknown as VersionedTable;
  return {
    form: kind, seq, auditTable: auditTableOf(kind), name: recordSubject(kind, seq), details: { form: kind, seq },
    read: (tx, patientId) => readInstance(tx, kind, patientId, seq),
    update: (tx, row, set, userId) => updateVersionedRow(tx, table, row, set, userId),
    missing: (row) => missingRequired(kind, row),
    ruleErrors: (tx, patient) => instanceRuleErrors(tx, patient, kind, seq),
    assertWorkable: (row) => assertNotEnteredInError(kind, row as RecordRow),
  };
}
