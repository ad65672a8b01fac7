import 'server-only';
/**
 * The analysis dataset: ONE query, one row per patient with the baseline, response, discontinuation
 * and follow-up fields a view needs, scoped by centre (`centreIds` from centreFilter: null = all
 * centres). Patients marked entered_in_error are not analysed.
 *
 * The query returns one JSON array per field (json_agg over the same scan, so the arrays line up)
 * instead of one result row per patient: the embedded PGlite parses result rows field by field in
 * JavaScript, which for 100,000 patients took ~9 s against ~0.3 s for the survival fields this way.
 * Dates come back as whole days since 1970-01-01 so the analyses never parse date strings.
 *
 * The columns are the data dictionary's (lib/analysis/dataset.ts): a field added to the dictionary
 * and db/schema.ts is selected here with no edit.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { ALL_FIELDS, DATASET_DEFS, datasetKey, emptyRow, RECORD_FIELDS, type DatasetField } from '@/lib/analysis/dataset';
import type { CohortRow, DatasetForm } from '@/lib/analysis/types';
import type { CourseRecords } from '@/lib/analysis/course';
import type { FieldDef } from '@/lib/dictionary';

const day = (col: string) => `(${col} - DATE '1970-01-01')`;

/** Table alias of each one-per-patient form in the query below. */
const ALIAS: Record<DatasetForm, string> = { patient: 'p', baseline: 'b', response: 'r', discontinuation: 'd', 'follow-up': 'f' };

/** The record columns: identity, centre, whether a discontinuation form exists, the CRF statuses. */
const RECORD_SQL: Record<(typeof RECORD_FIELDS)[number], string> = {
  patientId: 'p.id', code: 'p.code', centreCode: 'c.code', discontinued: '(d.id IS NOT NULL)',
  baselineStatus: 'b.status', responseStatus: 'r.status', discontinuationStatus: 'd.status', followUpStatus: 'f.status',
};

/**
 * A dictionary field's column: dates as epoch days; everything else as stored (json_agg gives
 * numbers for smallint and numeric such as β2-microglobulin, strings for enums, arrays for text[]).
 */
function columnSql(f: FieldDef): string {
  const col = `${ALIAS[f.form as DatasetForm]}.${f.column ?? ''}`;
  return f.type === 'date' ? day(col) : col;
}

/**
 * A baseline marker as lib/course/molecular.ts defines it: the latest test dated on or before the
 * ibrutinib start that reported it ("not tested" is no result), else the baseline form's value.
 * One DISTINCT ON join per marker, added only when the view asks for it: a correlated subquery per
 * patient cost 6× more on PGlite (20,000 patients: 1.2 s against 0.2 s).
 */
const MARKERS = ['del17p', 'tp53', 'ighv'] as const;
const markerJoin = (m: (typeof MARKERS)[number]) => `LEFT JOIN (
    SELECT DISTINCT ON (t.patient_id) t.patient_id, t.${m}::text AS v FROM molecular_tests t
    JOIN baseline_forms bt ON bt.patient_id = t.patient_id
    WHERE NOT t.entered_in_error AND t.sample_date <= bt.ibrutinib_start AND t.${m} IS NOT NULL AND t.${m} <> 'not_tested'
    ORDER BY t.patient_id, t.sample_date DESC, t.seq DESC) m_${m} ON m_${m}.patient_id = p.id`;
const FIELD_JOINS: Partial<Record<DatasetField, string>> = Object.fromEntries(MARKERS.map((m) => [m, markerJoin(m)]));

/** SQL expression per field (constants from the dictionary and this file only: never user input). */
const FIELD_SQL = {
  ...RECORD_SQL,
  ...Object.fromEntries(DATASET_DEFS.map((f) => [datasetKey(f), columnSql(f)])),
  // Last contact is the latest of the follow-up's and the visits' dates (lib/course/derive.ts has the
  // same rule): a visit is a contact. Migrated data has the follow-up's date as its one visit.
  lastContact: `(GREATEST(f.last_contact_date, (SELECT max(v.visit_date) FROM visits v WHERE v.patient_id = p.id AND NOT v.entered_in_error)) - DATE '1970-01-01')`,
  // The baseline del(17p), TP53 and IGHV follow the dated tests (Table 1, groupings, the CLL-IPI).
  ...Object.fromEntries(MARKERS.map((m) => [m, `COALESCE(m_${m}.v, b.${m}::text)`])),
} as Record<DatasetField, string>;

function scope(centreIds: number[] | null): SQL {
  if (centreIds === null) return sql`true`;
  if (centreIds.length === 0) return sql`false`;
  return sql`p.centre_id IN (${sql.join(centreIds.map((id) => sql`${id}`), sql`, `)})`;
}

/** Rows for the given centres with the given fields (the others keep their empty value). */
export async function loadAnalysisDataset(db: Db, centreIds: number[] | null, fields: readonly DatasetField[] = ALL_FIELDS): Promise<CohortRow[]> {
  const wanted = [...new Set<DatasetField>(['patientId', ...fields])];
  const selects = wanted.map((f, i) => `json_agg(${FIELD_SQL[f]})::text AS c${i}`).join(', ');
  const res = (await db.execute(sql`
    SELECT count(*)::int AS n, ${sql.raw(selects)}
    FROM patients p
    JOIN centres c ON c.id = p.centre_id
    LEFT JOIN baseline_forms b ON b.patient_id = p.id
    LEFT JOIN response_forms r ON r.patient_id = p.id
    LEFT JOIN discontinuation_forms d ON d.patient_id = p.id
    LEFT JOIN follow_up_forms f ON f.patient_id = p.id
    ${sql.raw(wanted.map((f) => FIELD_JOINS[f] ?? '').join('\n'))}
    WHERE p.status <> 'entered_in_error' AND ${scope(centreIds)}`)) as unknown as { rows: Record<string, unknown>[] };
  const row = res.rows[0];
  const n = Number(row?.n ?? 0);
  if (!row || n === 0) return [];
  const out: CohortRow[] = new Array<CohortRow>(n);
  for (let k = 0; k < n; k++) out[k] = emptyRow();
  wanted.forEach((f, i) => {
    const values = JSON.parse(String(row[`c${i}`])) as unknown[];
    for (let k = 0; k < n; k++) (out[k] as unknown as Record<string, unknown>)[f] = values[k] ?? (f === 'discontinued' ? false : null);
  });
  return out;
}

// ---- The course: repeating records and subsequent therapies, per patient ---------------------

type Json = string | number | boolean | null;

/** One query per record kind: the columns lib/course reads, as one JSON array of arrays (fast on PGlite too). */
const COURSE_SQL = {
  visits: ['visits', 'x.seq, x.visit_date, x.response, x.progression, x.progression_type'],
  adverseEvents: ['adverse_events', 'x.seq, x.term, x.soc, x.grade, x.onset_date, x.resolution_date, x.ongoing, x.action'],
  dosePeriods: ['dose_periods', 'x.seq, x.start_date, x.dose, x.dose_other_mg, x.reason, x.adverse_event_seq'],
  interruptions: ['dose_interruptions', 'x.seq, x.start_date, x.end_date, x.reason, x.adverse_event_seq'],
  molecularTests: ['molecular_tests', 'x.seq, x.sample_date, x.del17p, x.tp53, x.ighv, x.del11q, x.complex_karyotype'],
  therapies: ['subsequent_therapies', 'x.position, x.start_date'],
} as const satisfies Record<keyof CourseRecords, readonly [string, string]>;

async function courseRows(db: Db, kind: keyof CourseRecords, centreIds: number[] | null): Promise<Json[][]> {
  const [table, columns] = COURSE_SQL[kind];
  // Instances entered in error (therapies: deleted rows) are not analysed.
  const live = kind === 'therapies' ? 'NOT x.deleted' : 'NOT x.entered_in_error';
  const res = (await db.execute(sql`
    SELECT coalesce(json_agg(json_build_array(x.patient_id, ${sql.raw(columns)})), '[]')::text AS j
    FROM ${sql.raw(table)} x JOIN patients p ON p.id = x.patient_id
    WHERE ${sql.raw(live)} AND p.status <> 'entered_in_error' AND ${scope(centreIds)}`)) as unknown as { rows: { j: string }[] };
  return JSON.parse(res.rows[0]?.j ?? '[]') as Json[][];
}

const str = (v: Json | undefined): string | null => (typeof v === 'string' ? v : null);
const int = (v: Json | undefined): number | null => (typeof v === 'number' ? v : null);
const bool = (v: Json | undefined): boolean | null => (typeof v === 'boolean' ? v : null);

/**
 * Every analysed patient's course records (visits, adverse events, dose periods, interruptions,
 * molecular tests, subsequent therapies) for the given centres, by patient id. Codes are the
 * database's enum values, which are the dictionary's codes.
 */
export async function loadCourseRecords(db: Db, centreIds: number[] | null): Promise<Map<number, CourseRecords>> {
  const out = new Map<number, CourseRecords>();
  const of = (id: number): CourseRecords => {
    let r = out.get(id);
    if (!r) { r = { therapies: [], visits: [], adverseEvents: [], dosePeriods: [], interruptions: [], molecularTests: [] }; out.set(id, r); }
    return r;
  };
  type R = CourseRecords;
  for (const [id, seq, visitDate, response, progression, progressionType] of await courseRows(db, 'visits', centreIds)) {
    (of(Number(id)).visits as R['visits'][number][]).push({
      seq: Number(seq), enteredInError: false, visitDate: str(visitDate), response: str(response) as R['visits'][number]['response'],
      progression: bool(progression), progressionType: str(progressionType) as R['visits'][number]['progressionType'],
    });
  }
  for (const [id, seq, term, soc, grade, onsetDate, resolutionDate, ongoing, action] of await courseRows(db, 'adverseEvents', centreIds)) {
    (of(Number(id)).adverseEvents as R['adverseEvents'][number][]).push({
      seq: Number(seq), enteredInError: false, term: str(term), soc: str(soc), grade: int(grade), onsetDate: str(onsetDate),
      resolutionDate: str(resolutionDate), ongoing: bool(ongoing), action: str(action) as R['adverseEvents'][number]['action'],
    });
  }
  for (const [id, seq, startDate, dose, doseOtherMg, reason, aeSeq] of await courseRows(db, 'dosePeriods', centreIds)) {
    (of(Number(id)).dosePeriods as R['dosePeriods'][number][]).push({
      seq: Number(seq), enteredInError: false, startDate: str(startDate), dose: str(dose) as R['dosePeriods'][number]['dose'],
      doseOtherMg: int(doseOtherMg), reason: str(reason) as R['dosePeriods'][number]['reason'], adverseEventSeq: int(aeSeq),
    });
  }
  for (const [id, seq, startDate, endDate, reason, aeSeq] of await courseRows(db, 'interruptions', centreIds)) {
    (of(Number(id)).interruptions as R['interruptions'][number][]).push({
      seq: Number(seq), enteredInError: false, startDate: str(startDate), endDate: str(endDate),
      reason: str(reason) as R['interruptions'][number]['reason'], adverseEventSeq: int(aeSeq),
    });
  }
  type T = R['molecularTests'][number];
  for (const [id, seq, sampleDate, del17p, tp53, ighv, del11q, karyotype] of await courseRows(db, 'molecularTests', centreIds)) {
    (of(Number(id)).molecularTests as T[]).push({
      seq: Number(seq), enteredInError: false, sampleDate: str(sampleDate), del17p: str(del17p) as T['del17p'], tp53: str(tp53) as T['tp53'],
      ighv: str(ighv) as T['ighv'], del11q: str(del11q) as T['del11q'], complexKaryotype: str(karyotype) as T['complexKaryotype'],
    });
  }
  for (const [id, , startDate] of await courseRows(db, 'therapies', centreIds)) {
    (of(Number(id)).therapies as R['therapies'][number][]).push({ startDate: str(startDate) });
  }
  return out;
}
