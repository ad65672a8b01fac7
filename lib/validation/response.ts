import { z } from 'zod';
import { codeLabel, codesOf } from '@/lib/dictionary';
import { dictionaryRules, formShape } from '@/lib/dictionary/zod';
import { saveMeta, type SaveInput } from './common';

export const RESPONSES = codesOf('response');
/** The response's option texts (as on the CRF): from the dictionary's text catalogue. */
export const RESPONSE_LABELS = Object.fromEntries(RESPONSES.map((r) => [r, codeLabel('response', r, 'option')])) as Record<(typeof RESPONSES)[number], string>;

/** The response CRF's fields and rules: from the data dictionary (lib/dictionary/fields.ts). */
export const responseFields = formShape('response');
const rules = dictionaryRules('response');

export const responseFormSchema = z.strictObject(responseFields).superRefine(rules);
export const saveResponseSchema = z.strictObject({ ...responseFields, ...saveMeta }).superRefine(rules);
export type ResponseFormInput = z.input<typeof responseFormSchema>;
export type ResponseData = z.output<typeof responseFormSchema>;
export type SaveResponseInput = SaveInput<z.output<typeof saveResponseSchema>>;
