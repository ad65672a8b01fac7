/**
 * Writes the planned course (course-plan.ts) of newly inserted patients: multi-row inserts through
 * the audit triggers, like every other write (call inside a transaction with setAuditContext).
 * First the course the snapshot forms imply (course_from_snapshot, migration 0014: follow-up → the
 * last visit, discontinuation AE → logged AE with the action "discontinued"); the planned records
 * come after it, so their seqs follow its (seq names an instance; the pages order by date).
 *
 * Used by the demo seed and the benchmark cohort (outside Next: relative imports only).
 */
import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from '../client';
import { adverseEvents, doseInterruptions, dosePeriods, molecularTests, visits } from '../schema';
import { planCourse, type CoursePatient, type CourseRates, type PlannedCourse, type SnapshotCourse } from './course-plan';

const CHUNK = 2000;

type Rows = { rows: Record<string, unknown>[] };

/** What course_from_snapshot gave each patient (its visit and logged adverse event, when any). */
async function snapshotCourses(tx: Tx, ids: readonly number[]): Promise<Map<number, SnapshotCourse>> {
  const res = (await tx.execute(sql`
    SELECT p.id,
      (SELECT max(v.seq) FROM visits v WHERE v.patient_id = p.id) AS max_visit,
      (SELECT v.seq FROM visits v WHERE v.patient_id = p.id AND NOT v.entered_in_error ORDER BY v.visit_date DESC NULLS LAST, v.seq DESC LIMIT 1) AS last_visit,
      (SELECT max(a.seq) FROM adverse_events a WHERE a.patient_id = p.id) AS max_ae,
      (SELECT min(a.seq) FROM adverse_events a WHERE a.patient_id = p.id AND a.action = 'discontinued' AND NOT a.entered_in_error) AS disc_ae
    FROM patients p WHERE p.id = ANY(${`{${ids.join(',')}}`}::int[])`)) as unknown as Rows;
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return new Map(res.rows.map((r) => [Number(r.id), {
    maxVisitSeq: num(r.max_visit) ?? 0, lastVisitSeq: num(r.last_visit), maxAdverseEventSeq: num(r.max_ae) ?? 0, discontinuationAeSeq: num(r.disc_ae),
  }]));
}

async function insertChunked<T extends { patient: string }>(tx: Tx, table: PgTable, rows: readonly T[], ids: ReadonlyMap<string, number>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const values = rows.slice(i, i + CHUNK).map(({ patient, ...rest }) => {
      const patientId = ids.get(patient);
      if (patientId === undefined) throw new Error(`course for unknown patient ${patient}`);
      return { ...rest, patientId };
    });
    // The row shapes are course-plan.ts's, named like the table's columns; the database checks the rest.
    await tx.insert(table).values(values as never);
  }
}

/**
 * The course of the given new patients (code → database id). Returns what was planned, so a caller
 * (a test, a benchmark) can count it.
 */
export async function insertCourse(
  tx: Tx, patients: readonly CoursePatient[], ids: ReadonlyMap<string, number>, seed?: number, rates?: CourseRates,
): Promise<PlannedCourse> {
  const idList = patients.map((p) => ids.get(p.id)).filter((id): id is number => id !== undefined);
  if (idList.length === 0) return planCourse([], new Map());
  // Harmless when the insert path already did it: the function skips patients with a course.
  await tx.execute(sql`SELECT public.course_from_snapshot(${`{${idList.join(',')}}`}::int[])`);
  const byId = await snapshotCourses(tx, idList);
  const snapshot = new Map<string, SnapshotCourse>();
  for (const p of patients) {
    const s = byId.get(ids.get(p.id) ?? -1);
    if (s) snapshot.set(p.id, s);
  }
  const plan = planCourse(patients, snapshot, seed, rates);
  // Adverse events first: dose periods and interruptions name theirs by (patient, seq).
  await insertChunked(tx, adverseEvents, plan.adverseEvents, ids);
  await insertChunked(tx, visits, plan.visits, ids);
  await insertChunked(tx, dosePeriods, plan.dosePeriods, ids);
  await insertChunked(tx, doseInterruptions, plan.interruptions, ids);
  await insertChunked(tx, molecularTests, plan.tests, ids);
  // The visit made from the follow-up gets the ECOG, response and dose the course has at that date
  // (only what differs is written, so the audit trail shows just those values).
  for (let i = 0; i < plan.lastVisits.length; i += CHUNK) {
    const rows = plan.lastVisits.slice(i, i + CHUNK).map((v) => ({ ...v, patient_id: ids.get(v.patient) }));
    await tx.execute(sql`
      UPDATE visits v SET ecog = x.ecog, response = x.response::iwcll_response, ibrutinib_status = x."ibrutinibStatus"::ibrutinib_status
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS x(patient_id int, seq smallint, ecog smallint, response text, "ibrutinibStatus" text)
      WHERE v.patient_id = x.patient_id AND v.seq = x.seq
        AND (v.ecog IS DISTINCT FROM x.ecog OR v.response::text IS DISTINCT FROM x.response OR v.ibrutinib_status::text IS DISTINCT FROM x."ibrutinibStatus")`);
  }
  return plan;
}
