/**
 * Words for the patient history instead of database names: "Baseline · changed · Ibrutinib start
 * date" rather than "update · baseline_forms · ibrutinib_start". Bookkeeping columns that only
 * repeat what the row already says (the patient's own id, the signer's or answerer's user id: the
 * "Who" column names the person) are hidden. A CRF column is named by its field's label in the data
 * dictionary (its missing-data code column as "<label>: if not available, why"); the workflow
 * columns every form shares, and the other audited tables, by the labels below.
 */
import {
  codeLabel, dictionaryText, fieldLabel as dictionaryFieldLabel, fieldsOf, isNumericCodeList, missingColumn, missingLabel, MISSING_CODES, RECORDS,
  type DictForm, type FieldDef, type MissingCode,
} from '@/lib/dictionary';
import { FORM_LABELS, type FormKey } from '@/lib/validation/forms';

const TABLE_FORM: Record<string, FormKey> = {
  baseline_forms: 'baseline', response_forms: 'response', discontinuation_forms: 'discontinuation',
  therapy_forms: 'therapies', subsequent_therapies: 'therapies', follow_up_forms: 'follow-up',
};
const TABLE_LABELS: Record<string, string> = { patients: 'Patient', data_queries: 'Data query', subsequent_therapies: 'Subsequent therapy line' };
/** The dictionary's form of each CRF table (registration columns keep their history labels below). */
const TABLE_DICT_FORM: Record<string, DictForm> = {
  baseline_forms: 'baseline', response_forms: 'response', discontinuation_forms: 'discontinuation',
  subsequent_therapies: 'therapies', follow_up_forms: 'follow-up',
  // The repeating records of the course (visits, adverse events, …): their tables and labels from lib/dictionary/records.ts.
  ...Object.fromEntries(RECORDS.map((r) => [r.table, r.kind])),
};
/** The course's tables by the name of one instance ("Adverse event"; which one is in the row's "Number"). */
const RECORD_TABLE_LABELS: Record<string, string> = Object.fromEntries(RECORDS.map((r) => [r.table, r.label]));

/** Column → label of each CRF table, from the dictionary. */
const COLUMN_LABELS: Record<string, Map<string, string>> = Object.fromEntries(Object.entries(TABLE_DICT_FORM).map(([table, form]) => {
  const labels = new Map<string, string>();
  for (const f of fieldsOf(form)) {
    if (f.column === null) continue;
    const label = dictionaryFieldLabel(f.name);
    labels.set(f.column, label);
    const missing = missingColumn(f);
    if (f.missingCodes && missing) labels.set(missing, `${label}: ${dictionaryText().common.missingLabel.toLowerCase()}`);
  }
  return [table, labels];
}));

/** Column → field of each CRF table, and its missing-code column → field, for showing values. */
const COLUMN_FIELDS: Record<string, Map<string, { f: FieldDef; missing: boolean }>> = Object.fromEntries(Object.entries(TABLE_DICT_FORM).map(([table, form]) => {
  const fields = new Map<string, { f: FieldDef; missing: boolean }>();
  for (const f of fieldsOf(form)) {
    if (f.column === null) continue;
    fields.set(f.column, { f, missing: false });
    const missing = missingColumn(f);
    if (f.missingCodes && missing) fields.set(missing, { f, missing: true });
  }
  return [table, fields];
}));
/** Yes/no columns outside the dictionary. */
const BOOLEAN_COLUMNS = new Set(['deleted', 'entered_in_error']);

const ACTION_LABELS: Record<string, string> = {
  insert: 'created', update: 'changed', form_signed: 'signed', form_unlocked: 'unlocked', signature_failed: 'signature refused',
};
/** Shared columns of every form and of the other audited tables. */
const COMMON_FIELDS: Record<string, string> = {
  status: 'Status', signed_by_name: 'Signed by', signed_at: 'Signed at (UTC)', signature_meaning: 'Signature meaning',
  code: 'Patient id', sex: 'Sex', birth_year: 'Birth year', centre_id: 'Centre (id)', position: 'Line', regimen: 'Regimen',
  start_date: 'Start date', best_response: 'Best response', deleted: 'Removed', field: 'Field', form: 'Form',
  question: 'Question', answer: 'Answer', closed_at: 'Closed at (UTC)', answered_at: 'Answered at (UTC)',
  seq: 'Number', entered_in_error: 'Entered in error', record_seq: 'Record number',
};
/**
 * Ids that say nothing a reader can use: who did it is in "Who", the patient is this page. Also the
 * version, updated_at and updated_by rows every save writes (audited since issue 11, so that no
 * change of them is silent): they repeat "When" and "Who"; /audit shows them.
 */
const BOOKKEEPING = new Set(['patient_id', 'signed_by_user_id', 'answered_by', 'raised_by', 'closed_by', 'idempotency_key',
  'version', 'updated_at', 'updated_by', 'form_id']);

const sentence = (snake: string) => { const s = snake.replace(/_/g, ' '); return s.charAt(0).toUpperCase() + s.slice(1); };

export function isBookkeepingField(field: string | null): boolean {
  return field !== null && BOOKKEEPING.has(field);
}

export function tableLabel(table: string): string {
  const form = TABLE_FORM[table];
  if (table === 'subsequent_therapies') return TABLE_LABELS[table] ?? table;
  if (RECORD_TABLE_LABELS[table]) return RECORD_TABLE_LABELS[table];
  return form ? FORM_LABELS[form] : TABLE_LABELS[table] ?? sentence(table);
}

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action.replace(/_/g, ' ');
}

export function fieldLabel(table: string, field: string | null): string | null {
  if (field === null) return null;
  return COLUMN_LABELS[table]?.get(field) ?? COMMON_FIELDS[field] ?? sentence(field);
}

const yesNo = (v: string) => (v === 'true' || v === 't' ? 'Yes' : v === 'false' || v === 'f' ? 'No' : v);

/**
 * A value in the history as the form shows it: yes/no for a yes/no question (not "true"/"false"),
 * a code by its label, a missing-data code by its label ("Unknown"). Others as stored.
 */
export function valueLabel(table: string, field: string | null, value: string | null): string | null {
  if (value === null || field === null) return value;
  if (BOOLEAN_COLUMNS.has(field)) return yesNo(value);
  const entry = COLUMN_FIELDS[table]?.get(field);
  if (!entry) return value;
  if (entry.missing) return (MISSING_CODES as readonly string[]).includes(value) ? missingLabel(value as MissingCode) : value;
  const { f } = entry;
  if (f.type === 'boolean') return yesNo(value);
  // A multiple choice is audited as a JSON array: its codes by their labels, nothing chosen as empty.
  if (f.type === 'codes' && value.startsWith('[')) {
    try {
      const codes = JSON.parse(value) as string[];
      if (!codes.length) return null;
      return codes.map((c) => (f.codeList ? codeLabel(f.codeList, c) : c)).join(', ');
    } catch {
      return value;
    }
  }
  if (f.type === 'code' && f.codeList && !isNumericCodeList(f.codeList)) return codeLabel(f.codeList, value);
  return value;
}

/**
 * Rows that say nothing to a reader of the patient's history: bookkeeping columns, a new therapy
 * line's "Removed: No", a new record's "Entered in error: No" (every one is created so; the
 * change to yes is what is shown) and a new form's empty multiple choice ("[]": nothing was chosen).
 */
export function isHiddenHistoryRow(r: { action: string; field: string | null; newValue: string | null }): boolean {
  return isBookkeepingField(r.field)
    || (r.action === 'insert' && (r.field === 'deleted' || r.field === 'entered_in_error') && (r.newValue === 'false' || r.newValue === 'f'))
    || (r.action === 'insert' && (r.newValue === '[]' || r.newValue === '{}'));
}
