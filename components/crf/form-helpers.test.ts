import { describe, expect, it } from 'vitest';
import { flattenErrors } from './crf-form-shell';
import { controlProps, fieldId, toBoolOrNull, toNumberOrNull, toStringOrNull } from './field';

describe('CRF form helpers', () => {
  it('turn select/input strings into the schema types (empty → null)', () => {
    expect(toNumberOrNull('')).toBeNull();
    expect(toNumberOrNull('0')).toBe(0);
    expect(toNumberOrNull('3')).toBe(3);
    expect(toBoolOrNull('true')).toBe(true);
    expect(toBoolOrNull('false')).toBe(false);
    expect(toBoolOrNull('')).toBeNull();
    expect(toStringOrNull('')).toBeNull();
    expect(toStringOrNull('PR')).toBe('PR');
  });

  it('wire each control to its error and queries (aria-invalid, aria-describedby)', () => {
    expect(fieldId('rows.0.startDate')).toBe('f-rows-0-startDate');
    expect(controlProps('ecog', 'Choose the ECOG')).toEqual({
      id: 'f-ecog', 'aria-invalid': true, 'aria-describedby': 'f-ecog-error f-ecog-queries',
    });
    expect(controlProps('ecog', undefined, true)['aria-invalid']).toBeUndefined();
    expect(controlProps('ecog', undefined, true)['aria-describedby']).toBe('f-ecog-hint f-ecog-queries');
  });

  it('flatten nested react-hook-form errors for the summary (row fields included)', () => {
    const errors = {
      ecog: { type: 'custom', message: 'Choose the ECOG', ref: { name: 'ecog' } },
      rows: [undefined, { startDate: { type: 'custom', message: 'Start date in the future' } }],
    };
    expect(flattenErrors(errors)).toEqual([
      { name: 'ecog', message: 'Choose the ECOG' },
      { name: 'rows.1.startDate', message: 'Start date in the future' },
    ]);
  });
});
