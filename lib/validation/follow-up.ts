import { z } from 'zod';
import { codesOf, type CodeOf } from '@/lib/dictionary';
import { dictionaryRules, formShape, type FormValues } from '@/lib/dictionary/zod';
import { issue, saveMeta, type Ctx, type SaveInput } from './common';

export const VITAL_STATUSES = codesOf('vitalStatus');
export const DEATH_CAUSES = codesOf('deathCause');
export type DeathCause = CodeOf<'deathCause'>;

/**
 * The follow-up CRF's fields and the rules the dictionary states (dead → date and cause, cause
 * "other" → description, and none of them otherwise): lib/dictionary/fields.ts.
 */
export const followUpFields = formShape('follow-up');
const rules = dictionaryRules('follow-up');

/**
 * The form's rule that is logic rather than a definition: the registry records the date of death
 * as the last contact of a patient who died (the cross-form rules check it against stored forms too).
 */
export function followUpRules(d: FormValues<'follow-up'>, ctx: Ctx): void {
  if (d.vitalStatus !== 'dead' || !d.deathDate) return;
  if (d.lastContactDate > d.deathDate) issue(ctx, 'lastContactDate', 'The last contact cannot be after the date of death.');
  if (d.lastContactDate < d.deathDate) issue(ctx, 'lastContactDate', 'The last contact must be on or after every other date, including the date of death (use the date of death).');
}

export const followUpFormSchema = z.strictObject(followUpFields).superRefine(rules).superRefine(followUpRules);
export const saveFollowUpSchema = z.strictObject({ ...followUpFields, ...saveMeta }).superRefine(rules).superRefine(followUpRules);
export type FollowUpFormInput = z.input<typeof followUpFormSchema>;
export type FollowUpData = z.output<typeof followUpFormSchema>;
export type SaveFollowUpInput = SaveInput<z.output<typeof saveFollowUpSchema>>;
