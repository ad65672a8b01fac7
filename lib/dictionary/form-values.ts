/**
 * A CRF's stored row ↔ its form values, read from the dictionary: the drizzle property of a field's
 * column is its value key (db/schema.ts; lib/dictionary/schema-agreement.test.ts holds them to it),
 * and a field with missing-data codes has a `<key>Missing` companion under the same key in both.
 * So a new field reaches the form's defaults and the save without an edit here.
 *
 * The patient summary reads stored rows the same way (summaryItems).
 *
 * Not here: what is computed at the save (age at start, the AE's system organ class) and fields
 * typed on the form but stored inside another one (the "Other, specify" text inside the AE term),
 * which the CRF page and the save services handle.
 */
import {
  codeLabel, dictionaryText, entryFieldsOf, missingKey, missingLabel, MISSING_CODES, shortLabelOf, storedFieldsOf, valueKey,
  type DictForm, type FieldDef, type Lang, type MissingCode,
} from './index';
import type { FormInput } from './zod';

/** The empty value of a field: no choices for a multiple choice, null otherwise. */
function empty(f: FieldDef): unknown {
  return f.type === 'codes' ? [] : null;
}

/**
 * The form's default values from its stored row (null: the form has not been started). Fields
 * typed on the form and stored in their own column, with their missing-data codes.
 */
export function formDefaults<F extends DictForm>(form: F, row: Record<string, unknown> | null | undefined): FormInput<F> {
  const out: Record<string, unknown> = {};
  for (const f of entryFieldsOf(form)) {
    if (f.entry === 'form-only' || f.column === null) continue;
    const key = valueKey(f);
    out[key] = row ? row[key] ?? empty(f) : empty(f);
    if (f.missingCodes) out[missingKey(f)] = row ? row[missingKey(f)] ?? null : null;
  }
  return out as FormInput<F>;
}

/**
 * The stored columns of a parsed form (drizzle-keyed), with their missing-data codes: every stored
 * field typed on the form. Computed fields are the service's to add.
 */
export function storedValues(form: DictForm, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of storedFieldsOf(form)) {
    if (f.entry === 'computed') continue;
    const key = valueKey(f);
    out[key] = values[key] ?? empty(f);
    if (f.missingCodes) out[missingKey(f)] = values[missingKey(f)] ?? null;
  }
  return out;
}

/**
 * A stored value as the patient summary shows it: a code by its short label, several codes joined,
 * yes/no for a yes/no question, a missing-data code by its label ("Unknown"), and "—" for nothing.
 */
export function shownValue(f: FieldDef, row: Record<string, unknown>, lang: Lang = 'en'): string {
  const v = row[valueKey(f)];
  const missing = f.missingCodes ? row[missingKey(f)] : null;
  const blank = v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
  if (blank) return typeof missing === 'string' && isMissingCode(missing) ? missingLabel(missing, lang) : '—';
  const code = (c: unknown) => (f.codeList ? codeLabel(f.codeList, String(c), 'short', lang) : String(c));
  if (Array.isArray(v)) return v.map(code).join(', ');
  if (typeof v === 'boolean') return v ? dictionaryText(lang).common.yes : dictionaryText(lang).common.no;
  return code(v);
}

const isMissingCode = (s: string): s is MissingCode => (MISSING_CODES as readonly string[]).includes(s);

/** The patient summary's lines of a stored form: each stored field, in form order, by its short label. */
export function summaryItems(form: DictForm, row: Record<string, unknown>, lang: Lang = 'en'): { key: string; label: string; value: string }[] {
  return storedFieldsOf(form).map((f) => ({ key: valueKey(f), label: shortLabelOf(f, lang), value: shownValue(f, row, lang) }));
}
