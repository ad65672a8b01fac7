/**
 * Which forms of a registered patient an import changes: a form whose values in the file differ
 * from the stored ones (form-parts.ts decides what a form's values are). The writer updates
 * exactly these, and the import asks for a reason when one of them is complete or verified, as a
 * CRF save does.
 */
import { formParts } from './form-parts';
import type { ExchangePatient } from './patient';
import { STATE_FORMS, type StateForm } from './record-state';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function changedForms(before: ExchangePatient, after: ExchangePatient): StateForm[] {
  const now = formParts(after);
  const was = formParts(before);
  return STATE_FORMS.filter((form) => (form === 'therapies'
    ? !same(before.subsequentTherapies, after.subsequentTherapies)
    : now[form] !== null && !same(was[form]?.values, now[form].values)));
}
