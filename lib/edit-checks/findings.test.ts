import { describe, expect, it } from 'vitest';
import { patientFindings, type CheckInput } from './findings';

const complete = {
  baseline: { status: 'complete', ibrutinibStart: '2018-01-10', ageAtStart: 63, ecog: 1, raiStage: 'II', binetStage: null, del17p: 'absent', priorLines: 2 },
  response: { status: 'complete', bestResponse: 'PR', assessedDate: '2018-06-01', assessedDateMissing: null },
  'follow-up': { status: 'complete', vitalStatus: 'alive', lastContactDate: '2020-01-01', deathDate: null, deathCause: null, deathCauseOther: null },
};
const input = (forms: Partial<CheckInput['forms']>): CheckInput => ({
  code: 'PL-01-001', birthYear: 1955, therapyStarts: [], queries: [],
  forms: { baseline: undefined, response: undefined, discontinuation: undefined, therapies: undefined, 'follow-up': undefined, ...forms },
});

describe('edit checks of one patient: required fields from the data dictionary', () => {
  it('finds nothing in a complete record', () => {
    expect(patientFindings(input(complete), '2024-01-01')).toEqual([]);
  });

  it('reports an empty required field by its label, and counts a missing-data code as an answer', () => {
    const noDate = input({ ...complete, response: { ...complete.response, assessedDate: null } });
    expect(patientFindings(noDate, '2024-01-01')).toEqual([
      { patientCode: 'PL-01-001', form: 'response', field: 'assessedDate', kind: 'missing_field', message: 'Date assessed is missing.' },
    ]);
    const unknown = input({ ...complete, response: { ...complete.response, assessedDate: null, assessedDateMissing: 'unknown' } });
    expect(patientFindings(unknown, '2024-01-01')).toEqual([]);
  });

  it('asks a stored progression for its type, and an adverse event for its onset unless it is said to be unknown', () => {
    const disc = { status: 'complete', lastDoseDate: '2019-01-01', reason: 'progression', progressionType: null };
    expect(patientFindings(input({ ...complete, discontinuation: disc }), '2024-01-01').map((r) => [r.field, r.message]))
      .toEqual([['progressionType', 'Progression type is missing.']]);
    const ae = { status: 'complete', lastDoseDate: '2019-01-01', reason: 'adverse_event', aeTerm: 'Lung infection', aeGrade: 3, aeOnsetDate: null, aeOnsetDateMissing: null };
    expect(patientFindings(input({ ...complete, discontinuation: ae }), '2024-01-01').map((r) => r.field)).toEqual(['aeOnsetDate']);
    expect(patientFindings(input({ ...complete, discontinuation: { ...ae, aeOnsetDateMissing: 'unknown' } }), '2024-01-01')).toEqual([]);
  });
});
