/**
 * Which CRFs an exchange record holds, with which values and status. The record is flat (one CSV
 * row), but every form part is optional as a whole: a row with only the patient columns is a
 * registered patient with no forms. A part with at least one value is a stored form; it is
 * `complete` when it has every value the CRF requires (lib/validation/required-fields.ts, the one
 * definition the edit checks and the workflow use), otherwise `draft` — the status the CRF gives
 * an unfinished form. The form status itself is not exchanged, so it follows from the values: the
 * same file always writes the same forms with the same statuses (the export → import round trip).
 *
 * The values are the dictionary's: every field of the form with an `exchange` entry, read at its
 * path and keyed by its value key (the CRF's and the drizzle row's), with the `<key>Missing` code of
 * fields that may say why they are empty — so the writer and the required-field check read the
 * same object, and a new field needs no edit here.
 */
import { CODE_LIST_DEFS, fieldsOf, missingKey, valueKey, type DictForm, type FieldDef } from '@/lib/dictionary';
import { missingRequiredFields } from '@/lib/validation/required-fields';
import type { ExchangePatient, ExchangeTherapy } from './patient';
import { codeListOf, EXCHANGE_FIELDS, getPath, type ExchangeField } from './record-fields';
import type { StateForm } from './record-state';

export type FormPartStatus = 'draft' | 'complete';

export interface FormPart<V> { values: V; status: FormPartStatus; missing: string[] }

/**
 * A CRF's values as the writer stores them: keyed by value key (the drizzle property, db/schema.ts),
 * with the `<key>Missing` code of each field that has missing-data codes.
 */
export type FormValues = Record<string, unknown>;

/** The CRFs whose values an exchange record carries field by field (the therapies: a list of rows). */
export const VALUE_FORMS = [
  { part: 'baseline', form: 'baseline' }, { part: 'response', form: 'response' },
  { part: 'discontinuation', form: 'discontinuation' }, { part: 'followUp', form: 'follow-up' },
] as const satisfies readonly { part: StateForm; form: DictForm }[];
export type ValuePart = (typeof VALUE_FORMS)[number]['part'];

export interface FormParts {
  baseline: FormPart<FormValues> | null;
  response: FormPart<FormValues> | null;
  discontinuation: FormPart<FormValues> | null;
  /** The subsequent-therapies form: written when the record lists therapies (it has no required fields). */
  therapies: FormPart<ExchangeTherapy[]> | null;
  followUp: FormPart<FormValues> | null;
}

/** Fields of a CRF the exchange record carries, in form order. */
export function exchangedFieldsOf(form: DictForm): readonly ExchangeField[] {
  let fields = BY_FORM.get(form);
  if (!fields) BY_FORM.set(form, fields = EXCHANGE_FIELDS.filter((f) => f.form === form));
  return fields;
}
const BY_FORM = new Map<DictForm, readonly ExchangeField[]>();

const hasValue = (values: object) => Object.values(values).some((v) => v !== null && v !== undefined);

function part(form: DictForm, values: FormValues): FormPart<FormValues> | null {
  if (!hasValue(values)) return null;
  const missing = missingRequiredFields(form as Parameters<typeof missingRequiredFields>[0], values);
  return { values, status: missing.length ? 'draft' : 'complete', missing };
}

/** A CRF's values from the record: each exchanged field at its path, with its missing-data code. */
export function formValues(p: ExchangePatient, form: DictForm): FormValues {
  const out: FormValues = {};
  const codes = p.missing as Readonly<Record<string, string | undefined>> | undefined;
  for (const f of exchangedFieldsOf(form)) {
    out[valueKey(f)] = getPath(p, f.exchange.path);
    if (f.missingCodes) out[missingKey(f)] = codes?.[f.exchange.column] ?? null;
  }
  return out;
}

/** The forms this record writes (null = no form), each with its values and status. */
export function formParts(p: ExchangePatient): FormParts {
  const parts = Object.fromEntries(VALUE_FORMS.map(({ part: key, form }) => [key, part(form, formValues(p, form))])) as Record<ValuePart, FormPart<FormValues> | null>;
  return {
    baseline: parts.baseline, response: parts.response, discontinuation: parts.discontinuation,
    therapies: p.subsequentTherapies.length ? { values: p.subsequentTherapies, status: 'complete', missing: [] } : null,
    followUp: parts.followUp,
  };
}

type CrfForm = Parameters<typeof missingRequiredFields>[0];

/** The CRF form and field (value key) each form column of the cohort CSV carries. */
export const CRF_FIELD_OF_COLUMN: Readonly<Record<string, { form: CrfForm; field: string }>> = {
  ...Object.fromEntries(EXCHANGE_FIELDS.filter((f) => f.form !== 'patient').map((f) => [f.exchange.column, { form: f.form as CrfForm, field: valueKey(f) }])),
  subsequentTherapies: { form: 'therapies', field: 'rows' },
};

/** Answers that make further fields required: every condition a field of the form is required under. */
function conditionalProbes(form: DictForm): Record<string, unknown>[] {
  return fieldsOf(form).flatMap((f: FieldDef) => (f.requiredWhen ? f.requiredWhen.in.map((code) => ({ [f.requiredWhen?.field ?? '']: code })) : []));
}

/** Whether a column's cell must hold a value, for the data dictionary and docs/exchange.md. */
export function cellRule(column: { name: string; form: string }): string {
  if (column.form === 'derived') return 'derived: may be empty; checked when given';
  const field = EXCHANGE_FIELDS.find((f) => f.exchange.column === column.name);
  if (column.form === 'patient') {
    // A registration code left empty is its list's first code (patient.ts): the record status "active".
    return !field || field.required === 'always' ? 'required' : `may be empty (= ${CODE_LIST_DEFS[codeListOf(field)].codes[0]})`;
  }
  const f = CRF_FIELD_OF_COLUMN[column.name];
  if (!f) return 'may be empty';
  if (!missingRequiredFields(f.form, {}).includes(f.field)) {
    const form = f.form as DictForm;
    return conditionalProbes(form).some((row) => missingRequiredFields(f.form, row).includes(f.field))
      ? 'may be empty unless other answers require it (docs/exchange.md, "Empty cells")' : 'may be empty';
  }
  // A nested part is all or nothing on the values it cannot be without (its presence is what "discontinued" means).
  if (field && field.exchange.path.includes('.')) return `required when any ${f.form} cell is filled`;
  return `may be empty: the ${f.form} form is then a draft (no form when all its cells are empty)`;
}
