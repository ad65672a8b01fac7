import { describe, expect, it } from 'vitest';
import { centreTable, overview, overviewFacts } from './overview';

describe('overview of a scope without patients (issue 16, defect 9)', () => {
  const empty = overview([], []);
  it('says there is nothing analysed instead of "NR months" and "0 (–)"', () => {
    expect(overviewFacts(empty)).toEqual({ discontinued: '0', medianFollowUp: 'no patients analysed yet' });
    const { notes } = centreTable(empty);
    expect(notes[0]).toBe('No patients analysed yet.');
    expect(notes.join(' ')).not.toMatch(/NR|–\)/);
  });
  it('keeps the figures as before when there are patients', () => {
    const o = { ...empty, patients: 165, discontinued: 37, medianFollowUp: 26.04 };
    expect(overviewFacts(o)).toEqual({ discontinued: '37 (22.4%)', medianFollowUp: '26.0 months' });
    expect(overviewFacts({ ...o, medianFollowUp: null }).medianFollowUp).toBe('not estimable yet');
  });
});
