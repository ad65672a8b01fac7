import { z } from 'zod';
import { pastDate, saveMeta } from './common';

export const RAI_STAGES = ['0', 'I', 'II', 'III', 'IV'] as const;
export const BINET_STAGES = ['A', 'B', 'C'] as const;
export const DEL17P = ['present', 'absent', 'not_tested'] as const;
export const IGHV = ['mutated', 'unmutated', 'not_tested'] as const;
export const INCLUSION_CRITERIA = ['a', 'b', 'c', 'd', 'e', 'f'] as const;

const yesNo = z.boolean({ error: 'Answer yes or no.' });

export const baselineFields = {
  ibrutinibStart: pastDate('date of ibrutinib start'),
  ecog: z.number({ error: 'Choose the ECOG performance status (0–4).' }).int().min(0, 'ECOG is 0 to 4.').max(4, 'ECOG is 0 to 4.'),
  raiStage: z.enum(RAI_STAGES, { error: 'Choose the Rai stage.' }),
  binetStage: z.enum(BINET_STAGES, { error: 'Choose A, B or C, or leave empty.' }).nullish().transform((v) => v ?? null),
  del17p: z.enum(DEL17P, { error: 'Choose the del(17p) FISH result.' }),
  ighv: z.enum(IGHV, { error: 'Choose the IGHV status.' }),
  priorLines: z.number({ error: 'Enter the number of prior lines of therapy.' })
    .int('Enter a whole number.').min(1, 'Patients in the programme had at least 1 prior line.').max(20, 'More than 20 prior lines is not plausible.'),
  priorPurineAnalogue: yesNo,
  priorAntiCd20: yesNo,
  inclusionCriteria: z.array(z.enum(INCLUSION_CRITERIA)).max(6)
    .refine((a) => new Set(a).size === a.length, 'Each criterion once.').nullish().transform((v) => v ?? []),
};

export const baselineFormSchema = z.strictObject(baselineFields);
export const saveBaselineSchema = z.strictObject({ ...baselineFields, ...saveMeta });
export type BaselineFormInput = z.input<typeof baselineFormSchema>;
export type BaselineData = z.output<typeof baselineFormSchema>;
export type SaveBaselineInput = z.output<typeof saveBaselineSchema>;

/** Age in whole years at ibrutinib start from the birth year only: minus one before 2 July (mid-year). */
export function deriveAgeAtStart(birthYear: number, startIso: string): number {
  const year = Number(startIso.slice(0, 4));
  return year - birthYear - (startIso.slice(5) < '07-02' ? 1 : 0);
}
