import { describe, expect, it } from 'vitest';
import { problemSentence, reportProblems } from './problem-sentence';

describe('import problems as sentences', () => {
  it('puts the column back as the subject of a predicate and ends with a full stop', () => {
    expect(problemSentence({ row: 3, column: 'raiStage', message: 'must be one of: 0, I, II, III, IV (Rai stage)' }))
      .toBe('raiStage must be one of: 0, I, II, III, IV (Rai stage).');
    expect(problemSentence({ row: 3, column: null, message: 'has 5 cells but the header has 6 columns' })).toBe('This row has 5 cells but the header has 6 columns.');
    expect(problemSentence({ row: null, column: null, message: 'is empty' })).toBe('The file is empty.');
  });
  it('keeps sentences and capitalises other messages', () => {
    expect(problemSentence({ row: 1, column: 'deathDate', message: 'The date of death (2015-01-01) cannot be before the last dose (2015-08-13).' }))
      .toBe('The date of death (2015-01-01) cannot be before the last dose (2015-08-13).');
    expect(problemSentence({ row: 1, column: 'centre', message: 'patient PL-01-001 is registered in another centre' })).toBe('Patient PL-01-001 is registered in another centre.');
  });
  it('reports each problem once', () => {
    const p = { row: 1, patientId: 'PL-01-001', column: 'ecog', message: 'is required' };
    expect(reportProblems([p, { ...p }, { ...p, row: 2 }])).toEqual([{ ...p, message: 'ecog is required.' }, { ...p, row: 2, message: 'ecog is required.' }]);
  });
});
