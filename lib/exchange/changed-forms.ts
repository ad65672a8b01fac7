/**
 * Which forms of a registered patient an import changes: a form whose values in the file differ
 * from the stored ones (form-parts.ts decides what a form's values are). The writer updates
 * exactly these, and the import asks for a reason when one of them is complete or verified, as a
 * CRF save does.
 */
import { formParts } from './form-parts';
import type { ExchangePatient } from './patient';
import type { StateForm } from './record-state';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function changedForms(before: ExchangePatient, after: ExchangePatient): StateForm[] {
  const now = formParts(after);
  const was = formParts(before);
  const out: StateForm[] = [];
  if (now.baseline && !same(was.baseline?.values, now.baseline.values)) out.push('baseline');
  if (now.response && !same(was.response?.values, now.response.values)) out.push('response');
  if (now.discontinuation && !same(was.discontinuation?.values, now.discontinuation.values)) out.push('discontinuation');
  if (!same(before.subsequentTherapies, after.subsequentTherapies)) out.push('therapies');
  if (now.followUp && !same(was.followUp?.values, now.followUp.values)) out.push('followUp');
  return out;
}
