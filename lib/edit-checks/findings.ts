/**
 * The edit checks of one patient, as a pure function over the patient's stored forms, so the report
 * can run it batch by batch over the whole registry (lib/dal/edit-check-inputs.ts loads the batches)
 * and a unit test can run it on a literal record. No database, no server-only import.
 */
import { checkCrossFormRules, type PatientRecord } from '@/lib/validation/cross-form-rules';
import { FORM_KEYS, FORM_LABELS, type FormKey } from '@/lib/validation/forms';
import { fieldLabel, missingRequiredFields } from '@/lib/validation/required-fields';

/** The summary's columns, in this order (a patient's findings are listed form checks first, queries last). */
export const CHECK_KINDS = ['missing_form', 'missing_field', 'inconsistent', 'open_query', 'not_complete'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export const KIND_LABELS: Record<CheckKind, string> = {
  missing_form: 'Form missing', missing_field: 'Required field missing', inconsistent: 'Impossible / inconsistent',
  open_query: 'Open query', not_complete: 'Not complete',
};

export interface CheckRow { patientCode: string; form: FormKey; field: string | null; kind: CheckKind; message: string }

/** One patient's stored record: each form's data columns and status (undefined when not started). */
export interface CheckInput {
  code: string;
  birthYear: number;
  forms: Record<FormKey, Record<string, unknown> | undefined>;
  /** Start dates of the subsequent therapies not retired, in position order. */
  therapyStarts: (string | null)[];
  /** Queries not closed. */
  queries: { form: string; field: string; status: string; question: string }[];
}

/** The forms every patient needs (discontinuation and subsequent therapies only when they happened). */
const REQUIRED_FORMS = ['baseline', 'response', 'follow-up'] as const;

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

export function patientFindings(p: CheckInput, today: string): CheckRow[] {
  const rows: CheckRow[] = [];
  const add = (form: FormKey, field: string | null, kind: CheckKind, message: string) => rows.push({ patientCode: p.code, form, field, kind, message });
  const { forms } = p;
  for (const key of REQUIRED_FORMS) if (!forms[key]) add(key, null, 'missing_form', `${FORM_LABELS[key]} form not started.`);
  // The same definition verify and sign use (lib/validation/required-fields.ts).
  // A missing-data code ("unknown") answers a field: the stored rows carry the `<key>Missing` columns.
  const missing = new Set<string>();
  for (const key of FORM_KEYS) {
    const row = forms[key];
    if (!row) continue;
    for (const field of missingRequiredFields(key, row)) {
      missing.add(`${key}|${field}`);
      add(key, field, 'missing_field', `${fieldLabel(key, field)} is missing.`);
    }
  }
  for (const key of FORM_KEYS) if (forms[key]?.status === 'draft') add(key, null, 'not_complete', `${FORM_LABELS[key]} form is a draft.`);
  const { baseline: base, response, discontinuation: disc, 'follow-up': fu } = forms;
  const record: PatientRecord = {
    birthYear: p.birthYear,
    baseline: base ? { ibrutinibStart: str(base.ibrutinibStart) } : null,
    response: response ? { assessedDate: str(response.assessedDate) } : null,
    discontinuation: disc ? {
      lastDoseDate: str(disc.lastDoseDate), reason: str(disc.reason), aeTerm: str(disc.aeTerm),
      aeGrade: disc.aeGrade === null || disc.aeGrade === undefined ? null : Number(disc.aeGrade),
      aeOnsetDate: str(disc.aeOnsetDate), progressionType: str(disc.progressionType), rtHistology: str(disc.rtHistology),
    } : null,
    therapies: p.therapyStarts.map((startDate) => ({ startDate })),
    followUp: fu ? { vitalStatus: str(fu.vitalStatus), lastContactDate: str(fu.lastContactDate), deathDate: str(fu.deathDate), deathCause: str(fu.deathCause) } : null,
  };
  // An empty field is reported once, as missing (the cross-form rules also ask for the progression type).
  for (const i of checkCrossFormRules(record, today)) if (!missing.has(`${i.form}|${i.field}`)) add(i.form, i.field, 'inconsistent', i.message);
  for (const q of p.queries) add(q.form as FormKey, q.field, 'open_query', `Query ${q.status}: ${q.question}`);
  return rows;
}
