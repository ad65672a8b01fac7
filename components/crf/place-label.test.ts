import { describe, expect, it } from 'vitest';
import { formFieldLabel, placeLabel } from './place-label';

describe('labels of a query or finding place (issue 16, defect 7)', () => {
  it('names the form and field as the CRF does, never by internal names', () => {
    expect(placeLabel('baseline', 'priorLines')).not.toContain('priorLines');
    expect(placeLabel('baseline', 'priorLines')).toMatch(/^Baseline · .*prior lines/i);
    expect(formFieldLabel('response', 'assessedDate')).toBe('Date assessed');
    expect(formFieldLabel('response', 'assessedDateMissing')).toBe('Date assessed: if not available, why');
    expect(placeLabel('follow-up', null)).toBe('Follow-up / death');
    expect(formFieldLabel('response', null)).toBe('—');
  });
});
