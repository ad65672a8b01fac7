import { z } from 'zod';
import { findTerm, gradeDefinition, isOtherSpecify } from '@/lib/ctcae/terms';
import { MULTILINE } from './text';
import { issue, optionalText, pastDate, saveMeta, todayIso, isRealDate, type Ctx } from './common';

export const DISC_REASONS = ['adverse_event', 'progression', 'patient_decision', 'lost_to_follow_up', 'other'] as const;
export const DISC_REASON_LABELS: Record<(typeof DISC_REASONS)[number], string> = {
  adverse_event: 'Adverse event', progression: 'Progression', patient_decision: 'Patient decision',
  lost_to_follow_up: 'Lost to follow-up', other: 'Other',
};
export const PROGRESSION_TYPES = ['CLL', 'RT'] as const;
export const RT_HISTOLOGIES = ['DLBCL', 'Hodgkin'] as const;

const optionalDate = (label: string) => z.string().nullish().transform((v) => (v ? v : null))
  .refine((v) => v === null || isRealDate(v), `The ${label} is not a valid date (use YYYY-MM-DD).`)
  .refine((v) => v === null || v <= todayIso(), `The ${label} cannot be in the future.`);

export const discontinuationFields = {
  lastDoseDate: pastDate('date of last dose'),
  reason: z.enum(DISC_REASONS, { error: 'Choose the reason for discontinuation.' }),
  reasonOther: optionalText(500, MULTILINE),
  aeTerm: optionalText(300),
  aeTermSpecify: optionalText(200),
  aeVerbatim: optionalText(200),
  aeGrade: z.number({ error: 'Choose a grade from 1 to 5.' }).int().min(1, 'Grade is 1 to 5.').max(5, 'Grade is 1 to 5.')
    .nullish().transform((v) => v ?? null),
  aeOnsetDate: optionalDate('onset date'),
  aeEtiology: optionalText(200),
  progressionType: z.enum(PROGRESSION_TYPES, { error: 'Choose CLL or Richter transformation.' }).nullish().transform((v) => v ?? null),
  rtHistology: z.enum(RT_HISTOLOGIES, { error: 'Choose DLBCL or Hodgkin.' }).nullish().transform((v) => v ?? null),
  cnsInvolvement: z.boolean({ error: 'Answer yes or no.' }).nullish().transform((v) => v ?? null),
  resistanceMutations: optionalText(300),
};

type DiscData = { [K in keyof typeof discontinuationFields]: z.output<(typeof discontinuationFields)[K]> };

export interface AdverseEventInput { aeTerm: string | null; aeTermSpecify: string | null; aeGrade: number | null; aeEtiology: string | null }
export interface AdverseEventIssue { field: 'aeTerm' | 'aeTermSpecify' | 'aeGrade' | 'aeEtiology'; message: string }

/**
 * The CTCAE rules of an adverse event's values: a term of the CTCAE v4.03 dictionary, "Other,
 * specify" terms specified, a grade the dictionary defines for that term. The form and the import
 * (lib/exchange/rules.ts) both check an adverse event with this. The etiology is free for every
 * event: the published cohort gives one for a non-infection (suicide attempt: "severe depression"),
 * which the form used to refuse — and so could not save that patient again.
 */
export function adverseEventIssues(ae: AdverseEventInput): AdverseEventIssue[] {
  const out: AdverseEventIssue[] = [];
  const term = ae.aeTerm ? findTerm(ae.aeTerm) : undefined;
  if (ae.aeTerm && !term) out.push({ field: 'aeTerm', message: 'This is not a CTCAE v4.03 term: choose one from the list.' });
  if (term && isOtherSpecify(term.term) && !ae.aeTermSpecify) out.push({ field: 'aeTermSpecify', message: 'Specify the adverse event (e.g. "hyphema").' });
  if (term && ae.aeGrade !== null && gradeDefinition(term, ae.aeGrade) === null) {
    out.push({ field: 'aeGrade', message: `Grade ${ae.aeGrade} is not defined for "${term.term}" in CTCAE v4.03.` });
  }
  return out;
}

/** Rules within the form (the cross-form ones live in cross-form-rules.ts). */
export function discontinuationRules(d: DiscData, ctx: Ctx): void {
  if (d.reason === 'other' && !d.reasonOther) issue(ctx, 'reasonOther', 'Describe the other reason.');
  if (d.reason === 'adverse_event') {
    if (!d.aeTerm) issue(ctx, 'aeTerm', 'Choose the adverse event from the CTCAE v4.03 list.');
    if (d.aeGrade === null) issue(ctx, 'aeGrade', 'Choose a grade from 1 to 5.');
    if (!d.aeOnsetDate) issue(ctx, 'aeOnsetDate', 'Enter the onset date of the adverse event.');
    for (const i of adverseEventIssues(d)) issue(ctx, i.field, i.message);
  } else {
    for (const f of ['aeTerm', 'aeTermSpecify', 'aeVerbatim', 'aeGrade', 'aeOnsetDate', 'aeEtiology'] as const) {
      if (d[f] !== null) issue(ctx, f, 'Adverse event details apply only when the reason is an adverse event.');
    }
  }
  if (d.reason === 'progression') {
    if (!d.progressionType) issue(ctx, 'progressionType', 'Choose the type of progression (CLL or Richter transformation).');
  } else {
    for (const f of ['progressionType', 'cnsInvolvement', 'resistanceMutations'] as const) {
      if (d[f] !== null) issue(ctx, f, 'Progression details apply only when the reason is progression.');
    }
  }
  if (d.progressionType === 'RT' && !d.rtHistology) issue(ctx, 'rtHistology', 'Choose the histology of the Richter transformation.');
  if (d.progressionType !== 'RT' && d.rtHistology) issue(ctx, 'rtHistology', 'RT histology applies only to Richter transformation.');
  if (d.aeOnsetDate && d.aeOnsetDate > d.lastDoseDate) {
    issue(ctx, 'aeOnsetDate', 'The adverse event that stopped ibrutinib cannot start after the last dose.');
  }
}

export const discontinuationFormSchema = z.strictObject(discontinuationFields).superRefine(discontinuationRules);
export const saveDiscontinuationSchema = z.strictObject({ ...discontinuationFields, ...saveMeta }).superRefine(discontinuationRules);
export type DiscontinuationFormInput = z.input<typeof discontinuationFormSchema>;
export type DiscontinuationData = z.output<typeof discontinuationFormSchema>;
export type SaveDiscontinuationInput = z.output<typeof saveDiscontinuationSchema>;
