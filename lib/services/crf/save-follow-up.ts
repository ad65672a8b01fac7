import 'server-only';
import type { Db } from '@/db/client';
import type { SaveFollowUpInput } from '@/lib/validation/follow-up';
import type { CrfUser } from './form-access';
import { saveForm, type SaveResult } from './save-form';

export async function saveFollowUp(db: Db, user: CrfUser, input: SaveFollowUpInput): Promise<SaveResult> {
  return saveForm(db, user, 'follow-up', input, async () => {
    const values = {
      vitalStatus: input.vitalStatus, lastContactDate: input.lastContactDate, deathDate: input.deathDate,
      deathCause: input.deathCause, deathCauseOther: input.deathCauseOther,
    };
    return { values, overlay: (r) => ({ ...r, followUp: values }) };
  });
}
