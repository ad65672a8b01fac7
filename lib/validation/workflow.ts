/** Schemas of the workflow actions: status changes, e-signature, unlock, data queries. */
import { z } from 'zod';
import { patientCodeSchema, tooLong } from './common';
import { MULTILINE, refineText } from './text';
import { FORM_KEYS } from './forms';

const formKey = z.enum(FORM_KEYS, { error: 'Unknown form.' });
const version = z.number().int().min(1);

export const setFormStatusSchema = z.strictObject({
  patientCode: patientCodeSchema, form: formKey, version,
  status: z.enum(['complete', 'verified'], { error: 'Unknown status.' }),
});
export const SIGNATURE_MEANING = 'Reviewed and approved: source data verified; I lock this form.';
export const signFormSchema = z.strictObject({
  patientCode: patientCodeSchema, form: formKey, version,
  password: z.string().min(1, 'Enter your password to sign.').max(200),
});
export const unlockFormSchema = z.strictObject({
  patientCode: patientCodeSchema, form: formKey, version,
  reason: z.string().trim().min(3, 'Give the reason for unlocking.').max(500, tooLong(500))
    .superRefine(refineText(MULTILINE, 'The reason')),
});
export const raiseQuerySchema = z.strictObject({
  patientCode: patientCodeSchema, form: formKey,
  field: z.string().min(1, 'Choose a field.').max(60),
  question: z.string().trim().min(3, 'Write the question.').max(1000, tooLong(1000))
    .superRefine(refineText(MULTILINE, 'The question')),
});
export const answerQuerySchema = z.strictObject({
  queryId: z.number().int().positive(),
  answer: z.string().trim().min(2, 'Write the answer.').max(1000, tooLong(1000))
    .superRefine(refineText(MULTILINE, 'The answer')),
});
export const closeQuerySchema = z.strictObject({ queryId: z.number().int().positive() });
export type SetFormStatusInput = z.output<typeof setFormStatusSchema>;
export type SignFormInput = z.output<typeof signFormSchema>;
export type UnlockFormInput = z.output<typeof unlockFormSchema>;
export type RaiseQueryInput = z.output<typeof raiseQuerySchema>;
export type AnswerQueryInput = z.output<typeof answerQuerySchema>;
export type CloseQueryInput = z.output<typeof closeQuerySchema>;
