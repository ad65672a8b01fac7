import 'server-only';
import type { Db } from '@/db/client';
import { deriveAgeAtStart, type SaveBaselineInput } from '@/lib/validation/baseline';
import type { CrfUser } from './form-access';
import { saveForm, type SaveResult } from './save-form';

export async function saveBaseline(db: Db, user: CrfUser, input: SaveBaselineInput): Promise<SaveResult> {
  return saveForm(db, user, 'baseline', input, async (_tx, patient) => {
    const values = {
      ibrutinibStart: input.ibrutinibStart, ecog: input.ecog, raiStage: input.raiStage, binetStage: input.binetStage,
      del17p: input.del17p, ighv: input.ighv, priorLines: input.priorLines, priorPurineAnalogue: input.priorPurineAnalogue,
      priorAntiCd20: input.priorAntiCd20, inclusionCriteria: input.inclusionCriteria,
      // Derived, never typed: start year − birth year, minus one before 2 July.
      ageAtStart: deriveAgeAtStart(patient.birthYear, input.ibrutinibStart),
    };
    return { values, overlay: (r) => ({ ...r, baseline: { ibrutinibStart: values.ibrutinibStart, ageAtStart: values.ageAtStart } }) };
  });
}
