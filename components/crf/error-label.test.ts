import { describe, expect, it } from 'vitest';
import { errorFieldLabel } from './error-label';

describe('errorFieldLabel', () => {
  it('names dictionary fields, therapy rows and the reason for change, and nothing else', () => {
    expect(errorFieldLabel('aeVerbatim')).toBe('Verbatim term');
    expect(errorFieldLabel('aeEtiology')).toBe('Pathogen / etiology');
    expect(errorFieldLabel('rows.0.regimen')).toBe('Therapy 1, regimen');
    expect(errorFieldLabel('rows.2.bestResponse')).toBe('Therapy 3, best response');
    expect(errorFieldLabel('changeReason')).toBe('Reason for change');
    expect(errorFieldLabel('somethingElse')).toBeNull();
  });
});
