import 'server-only';
import type { Db } from '@/db/client';
import { storedValues } from '@/lib/dictionary/form-values';
import { deriveAgeAtStart, type SaveBaselineInput } from '@/lib/validation/baseline';
import type { CrfUser } from './form-access';
import { saveForm, type SaveResult } from './save-form';

export async function saveBaseline(db: Db, user: CrfUser, input: SaveBaselineInput): Promise<SaveResult> {
  return saveForm(db, user, 'baseline', input, async (_tx, patient) => {
    const values = {
      // The fields typed on the form, with their missing-data codes (lib/dictionary/fields.ts).
      ...storedValues('baseline', input),
      // Derived, never typed: start year − birth year, minus one before 2 July.
      ageAtStart: deriveAgeAtStart(patient.birthYear, input.ibrutinibStart),
    };
    return { values, overlay: (r) => ({ ...r, baseline: { ibrutinibStart: input.ibrutinibStart, ageAtStart: values.ageAtStart } }) };
  });
}
