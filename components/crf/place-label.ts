/**
 * Where a query or an edit-check finding points, in the words of the forms: "Baseline · Number of
 * prior lines of therapy" rather than "baseline · priorLines" (issue 16, defect 7). Form labels from
 * lib/validation/forms.ts, field labels as the form shows them (lib/validation/required-fields.ts,
 * which reads the data dictionary).
 */
import { FORM_LABELS, isFormKey } from '@/lib/validation/forms';
import { fieldLabel } from '@/lib/validation/required-fields';

/** A field of a form by its label; unknown forms and fields are shown as given. */
export function formFieldLabel(form: string, field: string | null): string {
  if (field === null) return '—';
  return isFormKey(form) ? fieldLabel(form, field) : field;
}

export function placeLabel(form: string, field: string | null): string {
  const formLabel = isFormKey(form) ? FORM_LABELS[form] : form;
  return field === null ? formLabel : `${formLabel} · ${formFieldLabel(form, field)}`;
}
