/**
 * Over-length text says one thing everywhere (issue 16, defect 5): the CRF's free text, a therapy
 * regimen, the reason for a change or an unlock, a query's question and its answer all refuse with
 * "Use at most N characters." — and nothing else for that problem.
 */
import { describe, expect, it } from 'vitest';
import { fieldSchema } from '@/lib/dictionary/zod';
import { FIELDS } from '@/lib/dictionary/fields';
import { saveMeta, tooLong } from './common';
import { regimenSchema } from './therapies';
import { answerQuerySchema, raiseQuerySchema, unlockFormSchema } from './workflow';

function messages(r: { success: boolean; error?: { issues: { message: string }[] } }): string[] {
  return r.success ? [] : (r.error?.issues ?? []).map((i) => i.message);
}

describe('text over its limit', () => {
  it('reads "Use at most N characters."', () => {
    expect(tooLong(200)).toBe('Use at most 200 characters.');
  });

  it('every CRF text field of the dictionary refuses with that one message', () => {
    const texts = FIELDS.filter((f) => f.type === 'text');
    expect(texts.length).toBeGreaterThan(0);
    for (const f of texts) {
      const max = f.maxLength ?? 500;
      expect(messages(fieldSchema(f).safeParse('x'.repeat(max + 1))), f.name).toEqual([tooLong(max)]);
      expect(fieldSchema(f).safeParse('x'.repeat(max)).success, f.name).toBe(true);
    }
  });

  it('a regimen, a change or unlock reason, a query question and answer: the same message, once', () => {
    expect(messages(regimenSchema.safeParse('r'.repeat(201)))).toEqual([tooLong(200)]);
    expect(messages(saveMeta.changeReason.safeParse('c'.repeat(501)))).toEqual([tooLong(500)]);
    const base = { patientCode: 'PL-01-001', form: 'response' as const };
    expect(messages(unlockFormSchema.safeParse({ ...base, version: 1, reason: 'u'.repeat(501) }))).toEqual([tooLong(500)]);
    expect(messages(raiseQuerySchema.safeParse({ ...base, field: 'assessedDate', question: 'q'.repeat(1001) }))).toEqual([tooLong(1000)]);
    expect(messages(answerQuerySchema.safeParse({ queryId: 1, answer: 'a'.repeat(1001) }))).toEqual([tooLong(1000)]);
  });
});
