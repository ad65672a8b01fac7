import 'server-only';
import type { Db } from '@/db/client';
import type { SaveResponseInput } from '@/lib/validation/response';
import type { CrfUser } from './form-access';
import { saveForm, type SaveResult } from './save-form';

export async function saveResponse(db: Db, user: CrfUser, input: SaveResponseInput): Promise<SaveResult> {
  return saveForm(db, user, 'response', input, async () => {
    const values = { bestResponse: input.bestResponse, assessedDate: input.assessedDate };
    return { values, overlay: (r) => ({ ...r, response: { assessedDate: values.assessedDate } }) };
  });
}
