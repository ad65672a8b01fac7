import 'server-only';
import type { Db } from '@/db/client';
import { findTerm, joinStoredTerm } from '@/lib/ctcae/terms';
import type { SaveDiscontinuationInput } from '@/lib/validation/discontinuation';
import type { CrfUser } from './form-access';
import { saveForm, type SaveResult } from './save-form';

export async function saveDiscontinuation(db: Db, user: CrfUser, input: SaveDiscontinuationInput): Promise<SaveResult> {
  return saveForm(db, user, 'discontinuation', input, async () => {
    const term = input.aeTerm ? findTerm(input.aeTerm) : undefined;
    const values = {
      lastDoseDate: input.lastDoseDate, reason: input.reason, reasonOther: input.reason === 'other' ? input.reasonOther : null,
      // The SOC comes from the dictionary, never from the client.
      aeTerm: term ? joinStoredTerm(term.term, input.aeTermSpecify) : null,
      aeSoc: term?.soc ?? null,
      aeVerbatim: input.aeVerbatim, aeGrade: input.aeGrade, aeOnsetDate: input.aeOnsetDate, aeEtiology: input.aeEtiology,
      progressionType: input.progressionType, rtHistology: input.rtHistology, cnsInvolvement: input.cnsInvolvement,
      resistanceMutations: input.resistanceMutations,
    };
    return {
      values,
      overlay: (r) => ({ ...r, discontinuation: {
        lastDoseDate: values.lastDoseDate, reason: values.reason, aeTerm: values.aeTerm, aeGrade: values.aeGrade,
        aeOnsetDate: values.aeOnsetDate, progressionType: values.progressionType, rtHistology: values.rtHistology,
      } }),
    };
  });
}
