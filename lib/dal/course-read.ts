import 'server-only';
/**
 * Read-only queries of a patient's course (the repeating records) for the record home, the record
 * pages and the discontinuation form. The caller has already resolved the patient inside the user's
 * centre scope (getPatientForUser: another centre's patient is "not found"), so these take the
 * patient's id and never a code or a centre from the request.
 */
import { and, asc, desc, eq, isNotNull, ne, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { adverseEvents, auditLog, dataQueries, doseInterruptions, dosePeriods, molecularTests, visits } from '@/db/schema';
import type { RecordKind } from '@/lib/dictionary';

export type VisitRow = typeof visits.$inferSelect;
export type AdverseEventRow = typeof adverseEvents.$inferSelect;
export type DosePeriodRow = typeof dosePeriods.$inferSelect;
export type InterruptionRow = typeof doseInterruptions.$inferSelect;
export type MolecularTestRow = typeof molecularTests.$inferSelect;

export interface CourseRows {
  visit: VisitRow[];
  'adverse-event': AdverseEventRow[];
  'dose-period': DosePeriodRow[];
  interruption: InterruptionRow[];
  'molecular-test': MolecularTestRow[];
}
export type CourseRow = CourseRows[RecordKind][number];

const TABLES = {
  visit: visits, 'adverse-event': adverseEvents, 'dose-period': dosePeriods, interruption: doseInterruptions, 'molecular-test': molecularTests,
} as const;

/** Every instance of every record kind of one patient (entered-in-error ones included), by seq. */
export async function loadCourse(db: Db, patientId: number): Promise<CourseRows> {
  const [v, ae, dp, di, mt] = await Promise.all([
    db.select().from(visits).where(eq(visits.patientId, patientId)).orderBy(asc(visits.seq)),
    db.select().from(adverseEvents).where(eq(adverseEvents.patientId, patientId)).orderBy(asc(adverseEvents.seq)),
    db.select().from(dosePeriods).where(eq(dosePeriods.patientId, patientId)).orderBy(asc(dosePeriods.seq)),
    db.select().from(doseInterruptions).where(eq(doseInterruptions.patientId, patientId)).orderBy(asc(doseInterruptions.seq)),
    db.select().from(molecularTests).where(eq(molecularTests.patientId, patientId)).orderBy(asc(molecularTests.seq)),
  ]);
  return { visit: v, 'adverse-event': ae, 'dose-period': dp, interruption: di, 'molecular-test': mt };
}

/** One instance of a kind (null when the patient has no instance with this seq). */
export async function loadRecord<K extends RecordKind>(db: Db, patientId: number, kind: K, seq: number): Promise<CourseRows[K][number] | null> {
  const t = TABLES[kind as RecordKind];
  const [row] = await db.select().from(t).where(and(eq(t.patientId, patientId), eq(t.seq, seq))).limit(1);
  return (row as CourseRows[K][number] | undefined) ?? null;
}

/** The patient's logged adverse events, for a select that links a dose change or interruption to one. */
export async function listAdverseEventChoices(db: Db, patientId: number) {
  return db.select({
    seq: adverseEvents.seq, term: adverseEvents.term, grade: adverseEvents.grade, onsetDate: adverseEvents.onsetDate,
    action: adverseEvents.action, enteredInError: adverseEvents.enteredInError,
  }).from(adverseEvents).where(eq(adverseEvents.patientId, patientId)).orderBy(asc(adverseEvents.seq));
}
export type AdverseEventChoice = Awaited<ReturnType<typeof listAdverseEventChoices>>[number];

/**
 * Open (not closed) data queries per form and instance: `form` is a CRF key or a record kind,
 * `recordSeq` null for the five snapshot CRFs.
 */
export async function countOpenQueries(db: Db, patientId: number): Promise<{ form: string; recordSeq: number | null; open: number }[]> {
  return db.select({ form: dataQueries.form, recordSeq: dataQueries.recordSeq, open: sql<number>`count(*)::int` })
    .from(dataQueries)
    .where(and(eq(dataQueries.patientId, patientId), ne(dataQueries.status, 'closed')))
    .groupBy(dataQueries.form, dataQueries.recordSeq);
}

/** The instance each query of the patient is on (id → seq), for links from the record home. */
export async function queryRecordSeqs(db: Db, patientId: number): Promise<Map<number, number>> {
  const rows = await db.select({ id: dataQueries.id, seq: dataQueries.recordSeq }).from(dataQueries)
    .where(and(eq(dataQueries.patientId, patientId), isNotNull(dataQueries.recordSeq)));
  return new Map(rows.flatMap((r) => (r.seq === null ? [] : [[r.id, r.seq] as const])));
}

/** The audit trail of one instance (its table and row id), newest first. */
export async function loadInstanceHistory(db: Db, patientId: number, table: string, recordId: number, limit = 200) {
  return db.select().from(auditLog)
    .where(and(eq(auditLog.patientId, patientId), eq(auditLog.tableName, table), eq(auditLog.recordId, String(recordId)), ne(auditLog.action, 'access_denied')))
    .orderBy(desc(auditLog.at), desc(auditLog.id)).limit(limit);
}
