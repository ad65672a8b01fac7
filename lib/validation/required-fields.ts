/**
 * Which fields a stored form must have before it can be verified and signed, and which of them are
 * missing. One definition for the edit-check report ("Required field missing") and the workflow
 * (verify / sign refuse a form with missing fields).
 *
 * A form saved through the CRF always has them (its zod schema requires them); stored forms can
 * still lack them when they came from an import or the demo seed (e.g. the published cohort has no
 * response assessment dates). Fields the published data never had (IGHV, prior purine analogue,
 * prior anti-CD20) are not listed, so historical records remain verifiable.
 */
import { FORM_FIELDS, type FormKey } from './forms';

/** Always required, per form (subsequent therapies: none; each row's regimen is required by the database). */
export const REQUIRED_FIELDS: Record<FormKey, readonly string[]> = {
  baseline: ['ibrutinibStart', 'ecog', 'raiStage', 'del17p', 'priorLines'],
  response: ['bestResponse', 'assessedDate'],
  discontinuation: ['lastDoseDate', 'reason'],
  therapies: [],
  'follow-up': ['vitalStatus', 'lastContactDate'],
};

const blank = (v: unknown) => v === null || v === undefined || v === '';

/** Fields required by the answers given (the forms' conditional rules: reason → details, dead → date and cause). */
function conditionallyRequired(form: FormKey, row: Record<string, unknown>): string[] {
  if (form === 'discontinuation') {
    if (row.reason === 'adverse_event') return ['aeTerm', 'aeGrade', 'aeOnsetDate'];
    if (row.reason === 'other') return ['reasonOther'];
  }
  if (form === 'follow-up') {
    const out = row.vitalStatus === 'dead' ? ['deathDate', 'deathCause'] : [];
    if (row.deathCause === 'other') out.push('deathCauseOther');
    return out;
  }
  return [];
}

/** The required fields missing in a stored form row, in form order. */
export function missingRequiredFields(form: FormKey, row: Record<string, unknown>): string[] {
  return [...REQUIRED_FIELDS[form], ...conditionallyRequired(form, row)].filter((f) => blank(row[f]));
}

/** A field's label as shown on the form. */
export function fieldLabel(form: FormKey, field: string): string {
  return FORM_FIELDS[form][field] ?? field;
}
