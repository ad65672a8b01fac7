import 'server-only';
import type { Db } from '@/db/client';
import { storedValues } from '@/lib/dictionary/form-values';
import { type SaveBaselineInput } from '@/lib/validation/baseline';
import { ageAtStart } from '@/lib/validation/age-at-start';
import type { CrfUser } from './form-access';
import { saveForm, type SaveResult } from './save-form';

export async function saveBaseline(db: Db, user: CrfUser, input: SaveBaselineInput): Promise<SaveResult> {
  return saveForm(db, user, 'baseline', input, async (_tx, patient, existing) => {
    const values = {
      // The fields typed on the form, with their missing-data codes (lib/dictionary/fields.ts).
      ...storedValues('baseline', input),
      // Never typed: the stored (possibly imported, exact) age while the start is unchanged, else
      // start year − birth year, minus one before 2 July (lib/validation/age-at-start.ts).
      ageAtStart: ageAtStart(patient.birthYear, input.ibrutinibStart, existing),
    };
    return { values, overlay: (r) => ({ ...r, baseline: { ibrutinibStart: input.ibrutinibStart, ageAtStart: values.ageAtStart } }) };
  });
}
