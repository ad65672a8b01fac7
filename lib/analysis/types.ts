/**
 * Plain cohort rows: what the analysis dataset query returns (lib/dal/analysis-dataset.ts) and what
 * the demo cohort file converts to (from-cohort-file.ts). Dates are whole days since 1970-01-01 (UTC),
 * so the analyses never parse dates. Everything here is serialisable and free of React, DB and Next.
 */
export type FormStatus = 'draft' | 'complete' | 'verified' | 'locked';

export interface CohortRow {
  patientId: number;
  code: string;
  centreCode: string;
  sex: 'male' | 'female' | null;
  ageAtStart: number | null;
  ecog: number | null;
  raiStage: string | null;
  binetStage: string | null;
  del17p: string | null;
  ighv: string | null;
  priorLines: number | null;
  /** Ibrutinib start (epoch day). */
  start: number | null;
  bestResponse: string | null;
  /** Discontinuation form present. */
  discontinued: boolean;
  discDate: number | null;
  discReason: string | null;
  reasonOther: string | null;
  aeTerm: string | null;
  aeSoc: string | null;
  aeVerbatim: string | null;
  aeGrade: number | null;
  aeEtiology: string | null;
  progressionType: string | null;
  rtHistology: string | null;
  cnsInvolvement: boolean | null;
  vitalStatus: string | null;
  lastContact: number | null;
  deathDate: number | null;
  deathCause: string | null;
  deathCauseOther: string | null;
  /** CRF statuses (null = form missing), for data completeness. */
  baselineStatus: FormStatus | null;
  responseStatus: FormStatus | null;
  discontinuationStatus: FormStatus | null;
  followUpStatus: FormStatus | null;
}

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
  rows: ReportRow[];
  notes: string[];
}
