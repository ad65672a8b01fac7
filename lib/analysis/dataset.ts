/**
 * The analysis dataset's columns: the record columns (identity, centre, which forms exist and their
 * status), named here, and one column per dictionary field stored on a one-per-patient record
 * (types.ts says which), derived from lib/dictionary. The dataset query (lib/dal/analysis-dataset.ts),
 * the cohort-file conversion, Table 1 and the groupings read these.
 */
import { FIELDS, type FieldDef } from '@/lib/dictionary';
import { DATASET_FORMS, type CohortRow, type RecordColumns } from './types';

export type DatasetField = keyof CohortRow;

/** The field's key in the analysis dataset (CohortRow). */
export function datasetKey(f: FieldDef): DatasetField {
  return (f.analysis?.dataset ?? f.name) as DatasetField;
}

/** Dictionary fields that are dataset columns, in dictionary order. */
export const DATASET_DEFS: readonly FieldDef[] = (FIELDS as readonly FieldDef[]).filter((f) =>
  (DATASET_FORMS as readonly string[]).includes(f.form) && f.column !== null && f.entry !== 'form-only');

export const RECORD_FIELDS = [
  'patientId', 'code', 'centreCode', 'discontinued', 'baselineStatus', 'responseStatus', 'discontinuationStatus', 'followUpStatus',
] as const satisfies readonly (keyof RecordColumns)[];

export const ALL_FIELDS: readonly DatasetField[] = [...RECORD_FIELDS, ...DATASET_DEFS.map(datasetKey)];

/** A row with every column empty (the query fills the columns a view asked for). */
export function emptyRow(): CohortRow {
  const row: Record<string, unknown> = {
    patientId: 0, code: '', centreCode: '', discontinued: false,
    baselineStatus: null, responseStatus: null, discontinuationStatus: null, followUpStatus: null,
  };
  for (const f of DATASET_DEFS) row[datasetKey(f)] = null;
  return row as unknown as CohortRow;
}
