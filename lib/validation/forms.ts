import { entryFieldsOf, fieldLabel, valueKey, type DictForm } from '@/lib/dictionary';

/** The five CRFs: keys (URL slugs, data_queries.form), labels and their queryable fields. */
export const FORM_KEYS = ['baseline', 'response', 'discontinuation', 'therapies', 'follow-up'] as const;
export type FormKey = (typeof FORM_KEYS)[number];

export const FORM_LABELS: Record<FormKey, string> = {
  baseline: 'Baseline',
  response: 'Response',
  discontinuation: 'Discontinuation',
  therapies: 'Subsequent therapies',
  'follow-up': 'Follow-up / death',
};

/**
 * Fields a coordinator can raise a query on, with their labels: the fields typed on each CRF, in
 * form order, from the data dictionary (computed ones such as the age at start are not typed, so
 * not queried). Subsequent therapies are queried as one list.
 */
export const FORM_FIELDS: Record<FormKey, Record<string, string>> = {
  baseline: queryableFields('baseline'),
  response: queryableFields('response'),
  discontinuation: queryableFields('discontinuation'),
  therapies: { rows: 'Subsequent therapies' },
  'follow-up': queryableFields('follow-up'),
};

function queryableFields(form: DictForm): Record<string, string> {
  return Object.fromEntries(entryFieldsOf(form).map((f) => [valueKey(f), fieldLabel(f.name)]));
}

export function isFormKey(s: string): s is FormKey {
  return (FORM_KEYS as readonly string[]).includes(s);
}
