/**
 * Plain cohort rows: what the analysis dataset query returns (lib/dal/analysis-dataset.ts) and what
 * the demo cohort file converts to (from-cohort-file.ts). Dates are whole days since 1970-01-01 (UTC),
 * so the analyses never parse dates. Everything here is serialisable and free of React, DB and Next.
 *
 * The clinical columns are computed from the data dictionary (lib/dictionary/fields.ts): every field
 * stored on a one-per-patient record (registration, baseline, response, discontinuation, follow-up)
 * is a column, keyed by `analysis.dataset ?? name`, so a new field is in the dataset with no edit
 * here. Subsequent therapies are not (many per patient). Missing-data codes are not carried: the
 * analyses treat a value given as "not done" / "unknown" like an empty one.
 */
import type { DictField, ValueOf } from '@/lib/dictionary';

export type FormStatus = 'draft' | 'complete' | 'verified' | 'locked';

/** The forms with one record per patient: their fields are the dataset's clinical columns. */
export const DATASET_FORMS = ['patient', 'baseline', 'response', 'discontinuation', 'follow-up'] as const;
export type DatasetForm = (typeof DATASET_FORMS)[number];

/** Dictionary entries with a dataset column: stored (not form-only helpers) on a one-per-patient form. */
type DatasetDef = Exclude<Extract<DictField, { form: DatasetForm }>, { column: null } | { entry: 'form-only' }>;

type DatasetKeyOf<D> = D extends { analysis: { dataset: infer K extends string } } ? K
  : D extends { name: infer N extends string } ? N : never;

/** Value in the dataset: dates as epoch days, numbers (ECOG, grades, β2-microglobulin) as JS numbers, codes as codes. */
type DatasetValue<D> = D extends { type: 'date' } ? number : ValueOf<D>;

/** The dictionary's columns of a cohort row (null = not recorded, or recorded as missing). */
export type DictionaryColumns = { [D in DatasetDef as DatasetKeyOf<D>]: DatasetValue<D> | null };

/** Columns every row has that are not captured fields: identity, centre, which forms exist and their status. */
export interface RecordColumns {
  patientId: number;
  code: string;
  centreCode: string;
  /** Discontinuation form present. */
  discontinued: boolean;
  /** CRF statuses (null = form missing), for data completeness. */
  baselineStatus: FormStatus | null;
  responseStatus: FormStatus | null;
  discontinuationStatus: FormStatus | null;
  followUpStatus: FormStatus | null;
}

export type CohortRow = RecordColumns & DictionaryColumns;

/** A patient as seen at the analysis cut-off: later events are not counted. */
export interface CutoffPatient {
  row: CohortRow;
  start: number;
  /** Discontinuation on or before the cut-off. */
  discAt: number | null;
  /** Death on or before the cut-off. */
  deathAt: number | null;
  /** End of follow-up: death, else last contact (or latest known date), never after the cut-off. */
  endAt: number;
}

/** A table as the pages render it and the CSV route serialises it. */
export interface ReportRow {
  cells: string[];
  /** 0 = heading row of a block, 1 = category under it, 2 = sub-category. */
  indent?: number;
  /** Stable key for tests and e2e (data-row attribute). */
  key?: string;
}

export interface ReportTable {
  id: string;
  title: string;
  columns: string[];
  /**
   * What each column holds: 'text' wraps between words and is left-aligned, 'num' stays on one line
   * and is right-aligned. Absent: the first column is text, the others numbers (the usual
   * "characteristic · n (%)" table).
   */
  columnKinds?: ('text' | 'num')[];
  rows: ReportRow[];
  notes: string[];
}
