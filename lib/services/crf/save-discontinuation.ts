import 'server-only';
import type { Db } from '@/db/client';
import { findTerm, joinStoredTerm } from '@/lib/ctcae/terms';
import { storedValues } from '@/lib/dictionary/form-values';
import type { SaveDiscontinuationInput } from '@/lib/validation/discontinuation';
import type { CrfUser } from './form-access';
import { saveForm, type SaveResult } from './save-form';

export async function saveDiscontinuation(db: Db, user: CrfUser, input: SaveDiscontinuationInput): Promise<SaveResult> {
  return saveForm(db, user, 'discontinuation', input, async () => {
    const term = input.aeTerm ? findTerm(input.aeTerm) : undefined;
    const aeTerm = term ? joinStoredTerm(term.term, input.aeTermSpecify) : null;
    const values = {
      // The fields typed on the form, with their missing-data codes (lib/dictionary/fields.ts).
      ...storedValues('discontinuation', input),
      // Kept only for the reason it describes.
      reasonOther: input.reason === 'other' ? input.reasonOther : null,
      // "Other, specify" terms are stored with their specification; the SOC comes from the CTCAE dictionary, never from the client.
      aeTerm,
      aeSoc: term?.soc ?? null,
    };
    return {
      values,
      overlay: (r) => ({ ...r, discontinuation: {
        lastDoseDate: input.lastDoseDate, reason: input.reason, aeTerm, aeGrade: input.aeGrade,
        aeOnsetDate: input.aeOnsetDate, progressionType: input.progressionType, rtHistology: input.rtHistology,
      } }),
    };
  });
}
