import { z } from 'zod';
import { saveMeta, todayIso, isRealDate, tooLong } from './common';
import { RESPONSES } from './response';
import { refineText, SINGLE_LINE } from './text';

export const REGIMEN_SUGGESTIONS = [
  'R-CHOP', 'ABVD', 'CHOP', 'idelalisib', 'idelalisib + rituximab', 'venetoclax', 'venetoclax + rituximab', 'obinutuzumab',
  'chlorambucil + obinutuzumab', 'bendamustine + rituximab', 'FCR', 'R-GCD', 'allogeneic SCT', 'radiotherapy',
  'intrathecal methotrexate/cytarabine/dexamethasone',
];

export const REGIMEN_MAX = 200;

/**
 * A regimen's name. ; ( ) and \ are refused because the cohort CSV writes a patient's therapies in
 * one cell as "regimen (RESPONSE) from DATE; …" (docs/exchange.md): with them a regimen could not be
 * exported and read back as the same value; for the same reason a regimen cannot end in
 * " from <word>" (that is how the cell gives a start date). The import reads regimens with this
 * same schema.
 */
export const regimenSchema = z.string({ error: 'Enter the regimen.' }).trim().min(1, 'Enter the regimen.')
  .max(REGIMEN_MAX, tooLong(REGIMEN_MAX))
  .refine((s) => !/[;()\\]/.test(s), 'The regimen cannot contain ; ( ) or \\ (they separate therapies in the exported file): use "+" or "/" instead.')
  .refine((s) => !/ from \S+$/.test(s), 'A regimen cannot end in "from …" (the exported file uses that for the start date): enter the start date in its own field.')
  .superRefine(refineText(SINGLE_LINE, 'The regimen'));

export const therapyRowSchema = z.strictObject({
  /** Existing row id (null for a new row). */
  id: z.number().int().positive().nullish().transform((v) => v ?? null),
  regimen: regimenSchema,
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
