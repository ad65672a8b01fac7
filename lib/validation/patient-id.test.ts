import { describe, expect, it } from 'vitest';
import { exchangePatientSchema } from '@/lib/exchange/patient';
import { patientCodeSchema } from './common';
import { formatPatientCode, isPatientCode, parsePatientCode } from './patient-id';

describe('one definition of a patient id', () => {
  it.each(['PL-01-001', 'PL-03-017', 'DE-99-999'])('accepts %s', (id) => {
    expect(isPatientCode(id)).toBe(true);
  });
  it.each(['PL-01-000', 'PL-01-0001', 'PL-01-1234', 'PL-01-12', 'pl-01-001', 'PL-1-001', 'PL-01-001 ', 'PL-01-00a'])('refuses %s', (id) => {
    expect(isPatientCode(id)).toBe(false);
  });
  it('the CRF actions and the import accept exactly the same ids', () => {
    for (const id of ['PL-01-001', 'PL-01-999', 'PL-01-000', 'PL-01-0001', 'PL-01-1234', 'PL-01-123456']) {
      const crf = patientCodeSchema.safeParse(id).success;
      const imported = !exchangePatientSchema.safeParse({ id, centre: 'PL-01', sex: 'male', birthYear: 1950 }).error?.issues.some((i) => i.path[0] === 'id');
      expect(imported).toBe(crf);
    }
  });
  it('formats and parses', () => {
    expect(formatPatientCode('PL-01', 7)).toBe('PL-01-007');
    expect(parsePatientCode('PL-01-007')).toEqual({ centreCode: 'PL-01', seq: 7 });
    expect(() => formatPatientCode('PL-01', 1000)).toThrow(RangeError);
  });
});
