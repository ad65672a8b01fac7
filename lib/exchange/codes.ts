/**
 * The exchange vocabulary: every code list and every column of the cohort CSV, in file order. One
 * table drives the import parser, the CSV/JSON exports, the data dictionary file, the R and SPSS
 * syntax and the CDISC ODM metadata, so they cannot drift apart.
 *
 * Codes and labels are the data dictionary's (lib/dictionary: code-lists.ts, text/en.ts). A
 * captured column's type, label, unit, codes and whether an import must carry it come from the
 * field's dictionary entry (`exchange.column`). What stays here is the file's layout — an external
 * format: the 38 columns of the published demo cohort file in their order, then the registry's
 * 11 further columns in the order they were added — and the columns that are not captured fields:
 * the patient's id and centre, the subsequent-therapies cell and the derived analysis columns
 * (derived.ts). Every other dictionary field with an `exchange` entry is appended at the end in
 * dictionary order, so a new field reaches the file, the dictionary file and the syntax files by
 * its dictionary entry alone.
 */
import {
  CODE_LIST_DEFS, codeListText, dictionaryText, exportLabelOf, fieldText, type CodeListKey, type DictForm, type RecordKind, type MissingCode,
} from '@/lib/dictionary';
import { EXCHANGE_FIELDS, FIELD_OF_COLUMN, type ExchangeField } from './record-fields';

export type { CodeListKey } from '@/lib/dictionary';

export interface CodeList { name: string; codes: readonly string[]; labels: Readonly<Record<string, string>> }

/** Every code list: codes from the dictionary, full labels from the English text catalogue. */
export const CODE_LISTS = Object.fromEntries((Object.keys(CODE_LIST_DEFS) as CodeListKey[]).map((key) => [key, {
  name: CODE_LIST_DEFS[key].name, codes: CODE_LIST_DEFS[key].codes, labels: codeListText(key).labels,
}])) as unknown as Readonly<Record<CodeListKey, CodeList>>;

export type ColumnKind = 'text' | 'integer' | 'decimal' | 'date' | 'boolean' | 'code' | 'therapies' | 'letters';
/** Which CRF a column belongs to (ODM FormDef), or `derived` for computed analysis columns. */
export type FormKey = 'patient' | 'baseline' | 'response' | 'discontinuation' | 'therapy' | 'follow_up' | 'derived';

export interface ColumnDef {
  name: string;
  kind: ColumnKind;
  form: FormKey;
  label: string;
  codes?: CodeListKey;
  unit?: string;
  /** Must be present as a column in an imported CSV (optional columns may be left out). */
  requiredColumn: boolean;
  notes?: string;
  /** The dictionary field the column carries (absent: id, centre, the therapies cell, derived columns). */
  field?: ExchangeField;
  /** Path of the value in the JSON record (absent: derived columns). */
  path?: string;
  /** Missing-data codes the column may hold instead of a value, written "[code]". */
  missingCodes?: readonly MissingCode[];
}

/** The published file's layout: the demo cohort file's 38 columns, then the registry's 11 (external format). */
const PUBLISHED_LAYOUT = [
  'id', 'centre', 'centre_city', 'sex', 'birthYear', 'ibrutinibStart', 'ageAtStart', 'ecog', 'raiStage', 'del17p', 'priorLines',
  'bestResponse', 'discontinued', 'disc_date', 'disc_reason', 'disc_progressionType', 'disc_rtHistology', 'disc_cnsInvolvement',
  'ae_term', 'ae_soc', 'ae_grade', 'ae_etiology', 'ae_paperLabel', 'subsequentTherapies', 'n_subsequentTherapies', 'vitalStatus',
  'deathDate', 'deathCause', 'lastContactDate', 'os_days_from_discontinuation', 'os_months', 'os_event', 'treatment_days',
  'treatment_months', 'treatment_ongoing', 'fu_days_from_start', 'fu_months_from_start', 'fu_death',
  // The registry's further fields: optional columns (left out → empty).
  'binetStage', 'ighv', 'priorPurineAnalogue', 'priorAntiCd20', 'inclusionCriteria', 'response_assessedDate', 'disc_reasonOther',
  'disc_resistanceMutations', 'ae_onsetDate', 'deathCauseOther', 'patientStatus',
] as const;

const MONTHS = 'months (days / 30.4375)';

/** Columns that are not captured fields: the record's identity, the therapies cell, derived analysis columns. */
const OTHER_COLUMNS: Readonly<Record<string, ColumnDef>> = Object.fromEntries(([
  { name: 'id', kind: 'text', form: 'patient', label: 'Patient pseudonym id (centre code + sequence, e.g. PL-03-017)', requiredColumn: true, path: 'id' },
  { name: 'centre', kind: 'text', form: 'patient', label: 'Centre code (e.g. PL-03)', requiredColumn: true, path: 'centre' },
  { name: 'centre_city', kind: 'text', form: 'derived', label: 'City of the centre (from the registry)' },
  { name: 'discontinued', kind: 'boolean', form: 'derived', label: 'Ibrutinib discontinued (TRUE when disc_date is given)' },
  {
    name: 'subsequentTherapies', kind: 'therapies', form: 'therapy', label: 'Subsequent therapies: "regimen (response); …"', requiredColumn: true,
    notes: 'see docs/exchange.md', path: 'subsequentTherapies',
  },
  { name: 'n_subsequentTherapies', kind: 'integer', form: 'derived', label: 'Number of subsequent therapies' },
  { name: 'os_days_from_discontinuation', kind: 'integer', form: 'derived', label: 'Overall survival after discontinuation', unit: 'days' },
  { name: 'os_months', kind: 'decimal', form: 'derived', label: 'Overall survival after discontinuation', unit: MONTHS },
  { name: 'os_event', kind: 'integer', form: 'derived', label: 'Death after discontinuation (1 = died, 0 = censored)' },
  { name: 'treatment_days', kind: 'integer', form: 'derived', label: 'Time on ibrutinib', unit: 'days' },
  { name: 'treatment_months', kind: 'decimal', form: 'derived', label: 'Time on ibrutinib', unit: MONTHS },
  { name: 'treatment_ongoing', kind: 'boolean', form: 'derived', label: 'Still on ibrutinib at last contact' },
  { name: 'fu_days_from_start', kind: 'integer', form: 'derived', label: 'Follow-up from ibrutinib start', unit: 'days' },
  { name: 'fu_months_from_start', kind: 'decimal', form: 'derived', label: 'Follow-up from ibrutinib start', unit: MONTHS },
  { name: 'fu_death', kind: 'integer', form: 'derived', label: 'Death during follow-up (1 = died, 0 = censored)' },
] as (Omit<ColumnDef, 'requiredColumn'> & { requiredColumn?: boolean })[])
  .map((c) => [c.name, { ...c, requiredColumn: c.requiredColumn ?? false }]));

// The cohort file carries the snapshot forms only; the repeating records travel in the long format.
const FORM_OF: Record<Exclude<DictForm, RecordKind>, FormKey> = {
  patient: 'patient', baseline: 'baseline', response: 'response', discontinuation: 'discontinuation', therapies: 'therapy', 'follow-up': 'follow_up',
};

function kindOf(f: ExchangeField): ColumnKind {
  if (f.codeList !== undefined) return f.type === 'codes' ? 'letters' : 'code';
  return f.type === 'codes' || f.type === 'code' ? 'text' : f.type;
}

/** A captured field's column, from its dictionary entry. */
function fieldColumn(f: ExchangeField): ColumnDef {
  const col: ColumnDef = {
    name: f.exchange.column, kind: kindOf(f), form: FORM_OF[f.form as Exclude<DictForm, RecordKind>], label: exportLabelOf(f), requiredColumn: f.exchange.requiredColumn ?? false,
    field: f, path: f.exchange.path,
  };
  if (f.codeList !== undefined) col.codes = f.codeList;
  if (f.unit !== undefined) col.unit = f.unit;
  const notes = fieldText(f).notes;
  if (notes !== undefined) col.notes = notes;
  if (f.missingCodes !== undefined) col.missingCodes = f.missingCodes;
  return col;
}

function layoutColumn(name: string): ColumnDef {
  const f = FIELD_OF_COLUMN.get(name);
  const col = f ? fieldColumn(f) : OTHER_COLUMNS[name];
  if (!col) throw new Error(`cohort file layout: column "${name}" is neither a dictionary field's exchange column nor a known column`);
  return col;
}

/** Columns of the cohort CSV in file order: the published layout, then new dictionary fields. */
export const COLUMNS: readonly ColumnDef[] = [
  ...PUBLISHED_LAYOUT.map(layoutColumn),
  ...EXCHANGE_FIELDS.filter((f) => !(PUBLISHED_LAYOUT as readonly string[]).includes(f.exchange.column)).map(fieldColumn),
];

/** How many columns the published layout has (the demo file's 38 and the registry's 11). */
export const PUBLISHED_COLUMN_COUNT = PUBLISHED_LAYOUT.length;

export const COLUMN_NAMES = COLUMNS.map((col) => col.name);
export const COLUMN_BY_NAME: ReadonlyMap<string, ColumnDef> = new Map(COLUMNS.map((col) => [col.name, col]));
export const DERIVED_COLUMNS = COLUMNS.filter((col) => col.form === 'derived').map((col) => col.name);

/** Label of the companion variable that holds a column's missing-data code (R, SPSS, ODM). */
export function missingVariableLabel(label: string): string {
  return `${label}: ${dictionaryText().common.missingLabel.toLowerCase()}`;
}

export function codeList(key: CodeListKey): CodeList {
  return CODE_LISTS[key];
}
