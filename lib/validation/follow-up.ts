import { z } from 'zod';
import { MULTILINE } from './text';
import { issue, optionalText, pastDate, saveMeta, todayIso, isRealDate, type Ctx } from './common';

export const VITAL_STATUSES = ['alive', 'dead', 'unknown'] as const;
export const DEATH_CAUSES = [
  'progression of CLL', 'infection', 'multi-organ failure', 'heart failure', 'gastrointestinal bleeding',
  'cerebellar ischemic stroke', 'exacerbation of COPD', 'suicide', 'bladder cancer', 'unknown', 'other',
] as const;
export type DeathCause = (typeof DEATH_CAUSES)[number];

export const followUpFields = {
  vitalStatus: z.enum(VITAL_STATUSES, { error: 'Choose the vital status.' }),
  lastContactDate: pastDate('date of last contact'),
  deathDate: z.string().nullish().transform((v) => (v ? v : null))
    .refine((v) => v === null || isRealDate(v), 'The date of death is not a valid date (use YYYY-MM-DD).')
    .refine((v) => v === null || v <= todayIso(), 'The date of death cannot be in the future.'),
  deathCause: z.enum(DEATH_CAUSES, { error: 'Choose the cause of death.' }).nullish().transform((v) => v ?? null),
  deathCauseOther: optionalText(300, MULTILINE),
};

type FollowUpShape = { [K in keyof typeof followUpFields]: z.output<(typeof followUpFields)[K]> };

export function followUpRules(d: FollowUpShape, ctx: Ctx): void {
  if (d.vitalStatus === 'dead') {
    if (!d.deathDate) issue(ctx, 'deathDate', 'Enter the date of death.');
    if (!d.deathCause) issue(ctx, 'deathCause', 'Choose the cause of death.');
    if (d.deathCause === 'other' && !d.deathCauseOther) issue(ctx, 'deathCauseOther', 'Describe the other cause of death.');
    if (d.deathDate && d.lastContactDate > d.deathDate) issue(ctx, 'lastContactDate', 'The last contact cannot be after the date of death.');
    if (d.deathDate && d.lastContactDate < d.deathDate) issue(ctx, 'lastContactDate', 'The last contact must be on or after every other date, including the date of death (use the date of death).');
  } else {
    if (d.deathDate) issue(ctx, 'deathDate', 'A date of death needs the vital status "dead".');
    if (d.deathCause) issue(ctx, 'deathCause', 'A cause of death needs the vital status "dead".');
  }
  if (d.deathCause !== 'other' && d.deathCauseOther) issue(ctx, 'deathCauseOther', 'Only for the cause "other".');
}

export const followUpFormSchema = z.strictObject(followUpFields).superRefine(followUpRules);
export const saveFollowUpSchema = z.strictObject({ ...followUpFields, ...saveMeta }).superRefine(followUpRules);
export type FollowUpFormInput = z.input<typeof followUpFormSchema>;
export type FollowUpData = z.output<typeof followUpFormSchema>;
export type SaveFollowUpInput = z.output<typeof saveFollowUpSchema>;
