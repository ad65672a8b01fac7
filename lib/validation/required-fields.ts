/**
 * Which fields a stored form must have before it can be verified and signed, and which of them are
 * missing. One definition for the edit-check report ("Required field missing"), the workflow
 * (verify / sign refuse a form with missing fields) and the import: the data dictionary's
 * (lib/dictionary requiredForCompletion / missingRequired).
 *
 * A form saved through the CRF always has them (its zod schema requires them); stored forms can
 * still lack them when they came from an import or the demo seed (e.g. the published cohort has no
 * response assessment dates). Fields the published data never had (IGHV, prior purine analogue,
 * prior anti-CD20) are required on entry only, so historical records remain verifiable. A field
 * whose missing-data code says why it is empty (e.g. assessment date "unknown") counts as answered.
 */
import {
  dictionaryText, fieldLabel as dictionaryFieldLabel, fieldOfForm, missingRequired, requiredForCompletion, valueKey, type DictForm,
} from '@/lib/dictionary';
import { FORM_FIELDS, FORM_KEYS, type FormKey } from './forms';

/** Always required, per form (subsequent therapies: none; each row's regimen is required by the database). */
export const REQUIRED_FIELDS = Object.fromEntries(FORM_KEYS.map((form) => [form, form === 'therapies' ? []
  // With no answers given, only the always-required fields are required.
  : requiredForCompletion(form, {}).map(valueKey)])) as unknown as Record<FormKey, readonly string[]>;

/**
 * The required fields missing in a stored form row (drizzle-keyed: the value keys, with the
 * `<key>Missing` codes), in form order. Subsequent therapies: the rows are checked by the database.
 */
export function missingRequiredFields(form: FormKey, row: Record<string, unknown>): string[] {
  return form === 'therapies' ? [] : missingRequired(form satisfies DictForm, row);
}

/**
 * A field's label as shown on the form, for a value key of the form (or of its stored row: a
 * computed field such as the age at start, a missing-data code "IGHV status: if not available, why").
 */
export function fieldLabel(form: FormKey, field: string): string {
  const shown = FORM_FIELDS[form][field];
  if (shown !== undefined) return shown;
  const f = form === 'therapies' ? undefined : fieldOfForm(form, field);
  if (f) return dictionaryFieldLabel(f.name);
  const base = field.endsWith('Missing') && form !== 'therapies' ? fieldOfForm(form, field.slice(0, -'Missing'.length)) : undefined;
  if (base?.missingCodes) return `${dictionaryFieldLabel(base.name)}: ${dictionaryText().common.missingLabel.toLowerCase()}`;
  return field;
}
