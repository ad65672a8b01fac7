import { z } from 'zod';
import { pastDate, saveMeta } from './common';

export const RESPONSES = ['CR', 'PR', 'PR-L', 'SD', 'PD', 'NE'] as const;
export const RESPONSE_LABELS: Record<(typeof RESPONSES)[number], string> = {
  CR: 'CR — complete remission', PR: 'PR — partial remission', 'PR-L': 'PR-L — partial remission with lymphocytosis',
  SD: 'SD — stable disease', PD: 'PD — progressive disease', NE: 'NE — not evaluable',
};

export const responseFields = {
  bestResponse: z.enum(RESPONSES, { error: 'Choose the best response (iwCLL).' }),
  assessedDate: pastDate('date of assessment'),
};
export const responseFormSchema = z.strictObject(responseFields);
export const saveResponseSchema = z.strictObject({ ...responseFields, ...saveMeta });
export type ResponseFormInput = z.input<typeof responseFormSchema>;
export type ResponseData = z.output<typeof responseFormSchema>;
export type SaveResponseInput = z.output<typeof saveResponseSchema>;
