import 'server-only';
import type { Db } from '@/db/client';
import { storedValues } from '@/lib/dictionary/form-values';
import type { SaveFollowUpInput } from '@/lib/validation/follow-up';
import type { CrfUser } from './form-access';
import { saveForm, type SaveResult } from './save-form';

export async function saveFollowUp(db: Db, user: CrfUser, input: SaveFollowUpInput): Promise<SaveResult> {
  return saveForm(db, user, 'follow-up', input, async () => {
    // The fields typed on the form (lib/dictionary/fields.ts).
    const values = storedValues('follow-up', input);
    return {
      values,
      overlay: (r) => ({ ...r, followUp: {
        vitalStatus: input.vitalStatus, lastContactDate: input.lastContactDate, deathDate: input.deathDate, deathCause: input.deathCause,
        deathContributingCauses: input.deathContributingCauses,
      } }),
    };
  });
}
