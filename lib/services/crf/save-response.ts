import 'server-only';
import type { Db } from '@/db/client';
import { storedValues } from '@/lib/dictionary/form-values';
import type { SaveResponseInput } from '@/lib/validation/response';
import type { CrfUser } from './form-access';
import { saveForm, type SaveResult } from './save-form';

export async function saveResponse(db: Db, user: CrfUser, input: SaveResponseInput): Promise<SaveResult> {
  return saveForm(db, user, 'response', input, async () => {
    // The fields typed on the form, with their missing-data codes (lib/dictionary/fields.ts).
    const values = storedValues('response', input);
    return { values, overlay: (r) => ({ ...r, response: { assessedDate: input.assessedDate } }) };
  });
}
