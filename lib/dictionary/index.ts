/**
 * Reading the data dictionary: look-ups by form and name, the keys a field uses in form values and
 * in the database, its texts, and the one definition of "required" (always, on entry, or because
 * of another answer) that the CRF schemas, the edit checks, the workflow and the import share.
 */
import { CODE_LIST_DEFS, type CodeListKey, type CodeOf } from './code-lists';
import { FIELDS, type DictField, type FieldName } from './fields';
import { en, type CodeListText, type DictionaryText, type FieldText } from './text/en';
import type { Condition, DictForm, FieldDef, MissingCode } from './types';

export { FIELDS, type DictField, type FieldName } from './fields';
export { RECORDS, RECORD_KINDS, recordDef, recordBySlug, isRecordKind, type RecordDef } from './records';
export { CODE_LIST_DEFS, codesOf, type CodeListKey, type CodeOf } from './code-lists';
export { MISSING_CODES, type DictForm, type RecordKind, type FieldDef, type FieldType, type MissingCode, type Condition, type ValueOf } from './types';

/** Languages with a text catalogue. The product issue adds Polish as lib/dictionary/text/pl.ts. */
const TEXTS: Record<string, DictionaryText> = { en };
export type Lang = 'en';

export function dictionaryText(lang: Lang = 'en'): DictionaryText {
  return TEXTS[lang] ?? en;
}

const ALL: readonly FieldDef[] = FIELDS;
const BY_NAME = new Map<string, FieldDef>(ALL.map((f) => [f.name, f]));

// Per-form lists computed once: the import asks for them for every row (100,000 rows per file).
const BY_FORM = new Map<DictForm, readonly FieldDef[]>();
function ofForm(form: DictForm): readonly FieldDef[] {
  let list = BY_FORM.get(form);
  if (!list) BY_FORM.set(form, list = ALL.filter((f) => f.form === form));
  return list;
}

/** The fields of a form, in form order (a new array: callers may change it). */
export function fieldsOf(form: DictForm): FieldDef[] {
  return ofForm(form).slice();
}

export type FieldsOfForm<F extends DictForm> = Extract<DictField, { form: F }>;

export function fieldByName(name: string): FieldDef | undefined {
  return BY_NAME.get(name);
}

/** A field of a given form by its key in the form's values (valueKey or name). */
export function fieldOfForm(form: DictForm, key: string): FieldDef | undefined {
  return ALL.find((f) => f.form === form && valueKey(f) === key);
}

/** Key in the form's values and the exchange record. */
export function valueKey(f: FieldDef): string {
  return f.valueKey ?? f.name;
}

/** Form value key of the field's missing-data code (e.g. b2mMissing). */
export function missingKey(f: FieldDef): string {
  return `${valueKey(f)}Missing`;
}

/** Database column of the field's missing-data code (e.g. b2m_missing). */
export function missingColumn(f: FieldDef): string | null {
  return f.column === null ? null : `${f.column}_missing`;
}

/** Fields stored in the form's table (not form-only helpers). */
export function storedFieldsOf(form: DictForm): FieldDef[] {
  return fieldsOf(form).filter((f) => f.column !== null && f.entry !== 'form-only');
}

/** Fields typed on the CRF (not computed by the save). */
export function entryFieldsOf(form: DictForm): FieldDef[] {
  return fieldsOf(form).filter((f) => f.entry !== 'computed');
}

export function fieldText(f: FieldDef | FieldName, lang: Lang = 'en'): FieldText {
  const name = typeof f === 'string' ? f : f.name;
  return dictionaryText(lang).fields[name as FieldName];
}

/** The label a person reads for a field (queries, edit checks, history). Unknown names are returned as given. */
export function fieldLabel(name: string, lang: Lang = 'en'): string {
  return BY_NAME.has(name) ? fieldText(name as FieldName, lang).label : name;
}

export function formLabelOf(f: FieldDef, lang: Lang = 'en'): string {
  const t = fieldText(f, lang);
  return t.formLabel ?? t.label;
}

export function shortLabelOf(f: FieldDef, lang: Lang = 'en'): string {
  const t = fieldText(f, lang);
  return t.short ?? t.label;
}

export function exportLabelOf(f: FieldDef, lang: Lang = 'en'): string {
  const t = fieldText(f, lang);
  return t.exportLabel ?? t.label;
}

export function codeListText(key: CodeListKey, lang: Lang = 'en'): CodeListText {
  return dictionaryText(lang).codeLists[key];
}

/** A code's full label (exports, dictionary), its option text (CRF control) and its short label (tables). */
export function codeLabel(key: CodeListKey, code: string, kind: 'label' | 'option' | 'short' = 'label', lang: Lang = 'en'): string {
  const t = codeListText(key, lang);
  if (kind === 'option') return t.options?.[code] ?? t.labels[code] ?? code;
  // A list without short texts uses its codes where they read well ('II', 'CR', '0'); a snake_case
  // code ('not_tested') is never shown: its full label stands in.
  if (kind === 'short') return t.short?.[code] ?? (code.includes('_') ? t.labels[code] ?? code : code);
  return t.labels[code] ?? code;
}

export function missingLabel(code: MissingCode, lang: Lang = 'en'): string {
  return dictionaryText(lang).missing[code];
}

export function isNumericCodeList(key: CodeListKey | undefined): boolean {
  return key !== undefined && (CODE_LIST_DEFS[key] as { numeric?: boolean }).numeric === true;
}

export function codesOfField<K extends CodeListKey>(f: FieldDef & { codeList: K }): readonly CodeOf<K>[] {
  return CODE_LIST_DEFS[f.codeList].codes as readonly CodeOf<K>[];
}

// ---- Required-ness ----------------------------------------------------------------------------

const blank = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** Whether a condition holds for the given values (keyed by value key). */
export function conditionHolds(c: Condition, values: Record<string, unknown>): boolean {
  const v = values[c.field];
  return v !== null && v !== undefined && c.in.includes(String(v));
}

/**
 * Whether a stored value counts as answered: a value, or a missing-data code saying why there is
 * none (edit checks and completeness count it as answered; analyses treat it as missing).
 */
export function isAnswered(f: FieldDef, values: Record<string, unknown>): boolean {
  return !blank(values[valueKey(f)]) || (f.missingCodes !== undefined && !blank(values[missingKey(f)]));
}

/**
 * Fields a stored form needs before it is complete (verify and sign refuse it otherwise; an import
 * writes it as a draft): `always` fields, and fields another answer requires. `on-entry` fields are
 * asked by the CRF but not required of stored records (the published cohort never had them).
 */
export function requiredForCompletion(form: DictForm, values: Record<string, unknown>): FieldDef[] {
  return requirable(form).filter((f) => f.required === 'always' || (f.requiredWhen !== undefined && conditionHolds(f.requiredWhen, values)));
}

/** Fields of a form that may be required for completion (always, or when another answer says so), computed once. */
function requirable(form: DictForm): readonly FieldDef[] {
  let list = REQUIRABLE.get(form);
  if (!list) {
    REQUIRABLE.set(form, list = ofForm(form).filter((f) => f.entry !== 'form-only' && f.entry !== 'computed'
      && (f.required === 'always' || f.requiredWhen !== undefined)));
  }
  return list;
}
const REQUIRABLE = new Map<DictForm, readonly FieldDef[]>();

/** Required fields missing in a stored form's values (keyed by value key), in form order. */
export function missingRequired(form: DictForm, values: Record<string, unknown>): string[] {
  return requiredForCompletion(form, values).filter((f) => !isAnswered(f, values)).map(valueKey);
}
