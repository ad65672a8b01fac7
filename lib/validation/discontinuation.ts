import { z } from 'zod';
import { findTerm, gradeDefinition, isOtherSpecify } from '@/lib/ctcae/terms';
import { codeLabel, codesOf } from '@/lib/dictionary';
import { dictionaryRules, formShape, type FormValues } from '@/lib/dictionary/zod';
import { issue, saveMeta, type Ctx, type SaveInput } from './common';

export const DISC_REASONS = codesOf('discReason');
/** Reasons as the CRF and the summary name them: from the dictionary's text catalogue. */
export const DISC_REASON_LABELS = Object.fromEntries(DISC_REASONS.map((r) => [r, codeLabel('discReason', r)])) as Record<(typeof DISC_REASONS)[number], string>;
export const PROGRESSION_TYPES = codesOf('progressionType');
export const RT_HISTOLOGIES = codesOf('rtHistology');

/**
 * The discontinuation CRF's fields and the rules the dictionary states (required, required when,
 * only when: reason → adverse event / progression details, RT → histology): lib/dictionary/fields.ts.
 */
export const discontinuationFields = formShape('discontinuation');
const rules = dictionaryRules('discontinuation');

type DiscData = FormValues<'discontinuation'>;

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

/**
 * The form's rules that are logic rather than definitions (the dictionary's own rules run first;
 * the cross-form ones live in cross-form-rules.ts): the CTCAE term and grade, and an adverse event
 * that stopped ibrutinib cannot start after the last dose.
 */
export function discontinuationRules(d: DiscData, ctx: Ctx): void {
  if (d.reason === 'adverse_event') for (const i of adverseEventIssues(d)) issue(ctx, i.field, i.message);
  if (d.aeOnsetDate && d.aeOnsetDate > d.lastDoseDate) {
    issue(ctx, 'aeOnsetDate', 'The adverse event that stopped ibrutinib cannot start after the last dose.');
  }
}

export const discontinuationFormSchema = z.strictObject(discontinuationFields).superRefine(rules).superRefine(discontinuationRules);
export const saveDiscontinuationSchema = z.strictObject({ ...discontinuationFields, ...saveMeta }).superRefine(rules).superRefine(discontinuationRules);
export type DiscontinuationFormInput = z.input<typeof discontinuationFormSchema>;
export type DiscontinuationData = z.output<typeof discontinuationFormSchema>;
export type SaveDiscontinuationInput = SaveInput<z.output<typeof saveDiscontinuationSchema>>;
