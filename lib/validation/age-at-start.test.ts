import { describe, expect, it } from 'vitest';
import { ageAtStart } from './age-at-start';

describe('age at ibrutinib start (issue 16, defect 8)', () => {
  it('keeps an exact stored age while its start date is unchanged (PL-01-006: 68, not the derived 69)', () => {
    expect(ageAtStart(1945, '2014-10-09', { ibrutinibStart: '2014-10-09', ageAtStart: 68 })).toBe(68);
  });
  it('derives the age from the birth year when the start changes or nothing is stored', () => {
    expect(ageAtStart(1945, '2014-10-10', { ibrutinibStart: '2014-10-09', ageAtStart: 68 })).toBe(69);
    expect(ageAtStart(1945, '2014-06-30', null)).toBe(68);
    expect(ageAtStart(1945, '2014-10-09', { ibrutinibStart: '2014-10-09', ageAtStart: null })).toBe(69);
  });
});
