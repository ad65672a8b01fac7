import { z } from 'zod';
import { saveMeta, todayIso, isRealDate } from './common';
import { RESPONSES } from './response';

export const REGIMEN_SUGGESTIONS = [
  'R-CHOP', 'ABVD', 'CHOP', 'idelalisib', 'idelalisib + rituximab', 'venetoclax', 'venetoclax + rituximab', 'obinutuzumab',
  'chlorambucil + obinutuzumab', 'bendamustine + rituximab', 'FCR', 'R-GCD', 'allogeneic SCT', 'radiotherapy',
  'intrathecal methotrexate/cytarabine/dexamethasone',
];

export const therapyRowSchema = z.strictObject({
  /** Existing row id (null for a new row). */
  id: z.number().int().positive().nullish().transform((v) => v ?? null),
  regimen: z.string({ error: 'Enter the regimen.' }).trim().min(1, 'Enter the regimen.').max(200, 'Keep the regimen under 200 characters.'),
  startDate: z.string().nullish().transform((v) => (v ? v : null))
    .refine((v) => v === null || isRealDate(v), 'The start date is not a valid date (use YYYY-MM-DD).')
    .refine((v) => v === null || v <= todayIso(), 'The start date cannot be in the future.'),
  bestResponse: z.enum(RESPONSES, { error: 'Choose a response or leave empty.' }).nullish().transform((v) => v ?? null),
});

export const therapiesFields = {
  /** The full list of current rows, in order. Existing rows left out are removed (marked deleted). */
  rows: z.array(therapyRowSchema).max(30, 'At most 30 therapies.')
    .refine((rows) => {
      const ids = rows.map((r) => r.id).filter((id) => id !== null);
      return new Set(ids).size === ids.length;
    }, 'A therapy row appears twice.'),
};
export const therapiesFormSchema = z.strictObject(therapiesFields);
export const saveTherapiesSchema = z.strictObject({ ...therapiesFields, ...saveMeta });
export type TherapiesFormInput = z.input<typeof therapiesFormSchema>;
export type TherapiesData = z.output<typeof therapiesFormSchema>;
export type SaveTherapiesInput = z.output<typeof saveTherapiesSchema>;
