import { z } from 'zod';
import { codesOf } from '@/lib/dictionary';
import { dictionaryRules, formShape } from '@/lib/dictionary/zod';
import { saveMeta, type SaveInput } from './common';

export const RAI_STAGES = codesOf('raiStage');
export const BINET_STAGES = codesOf('binetStage');
export const DEL17P = codesOf('del17p');
export const IGHV = codesOf('ighv');
export const INCLUSION_CRITERIA = codesOf('inclusion');

/** The baseline CRF's fields: from the data dictionary (lib/dictionary/fields.ts). */
export const baselineFields = formShape('baseline');
const rules = dictionaryRules('baseline');

export const baselineFormSchema = z.strictObject(baselineFields).superRefine(rules);
export const saveBaselineSchema = z.strictObject({ ...baselineFields, ...saveMeta }).superRefine(rules);
export type BaselineFormInput = z.input<typeof baselineFormSchema>;
export type BaselineData = z.output<typeof baselineFormSchema>;
export type SaveBaselineInput = SaveInput<z.output<typeof saveBaselineSchema>>;

/** Age in whole years at ibrutinib start from the birth year only: minus one before 2 July (mid-year). */
export function deriveAgeAtStart(birthYear: number, startIso: string): number {
  const year = Number(startIso.slice(0, 4));
  return year - birthYear - (startIso.slice(5) < '07-02' ? 1 : 0);
}
