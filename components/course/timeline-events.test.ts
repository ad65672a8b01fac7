import { describe, expect, it } from 'vitest';
import { buildTimeline, type TimelineInput } from './timeline-events';

const base: TimelineInput = {
  ibrutinibStart: '2015-03-01', discontinuation: null, followUp: null, therapies: [],
  visits: [], adverseEvents: [], dosePeriods: [], interruptions: [], tests: [],
};
const ae = { serious: false, action: 'none', resolutionDate: null, ongoing: true, enteredInError: false };

describe('buildTimeline', () => {
  it('orders the course by date, same-day events in the course order, and links each to its record', () => {
    const { events, undated } = buildTimeline({
      ...base,
      dosePeriods: [
        { seq: 1, enteredInError: false, startDate: '2015-03-01', dose: '420', doseOtherMg: null, reason: null, adverseEventSeq: null },
        { seq: 2, enteredInError: false, startDate: '2015-06-10', dose: '280', doseOtherMg: null, reason: 'adverse_event', adverseEventSeq: 1 },
      ],
      adverseEvents: [{ ...ae, seq: 1, term: 'Atrial fibrillation', grade: 3, onsetDate: '2015-06-01', action: 'dose_reduced' }],
      visits: [{ seq: 1, enteredInError: false, visitDate: '2015-09-01', ecog: 1, response: 'PR', progression: true, progressionType: 'RT', ibrutinibStatus: 'reduced_dose', vitalStatus: 'alive' }],
      discontinuation: { lastDoseDate: '2015-09-01', reason: 'progression', progressionType: 'RT' },
      followUp: { vitalStatus: 'dead', lastContactDate: '2015-12-01', deathDate: '2015-12-01', deathCause: 'progression of CLL' },
    });
    expect(undated).toEqual([]);
    expect(events.map((e) => [e.date, e.kind])).toEqual([
      ['2015-03-01', 'start'], ['2015-03-01', 'dose'], ['2015-06-01', 'adverse-event'], ['2015-06-10', 'dose'],
      ['2015-09-01', 'visit'], ['2015-09-01', 'progression'], ['2015-09-01', 'discontinuation'], ['2015-12-01', 'death'],
    ]);
    const event = events[2];
    expect(event?.title).toBe('Adverse event 1: Atrial fibrillation, grade 3');
    expect(event?.details).toEqual(['action: dose reduced', 'ongoing']);
    expect(event?.href).toBe('adverse-events/1');
    expect(event?.emphasis).toBe(true);
    expect(events[3]?.title).toBe('Dose 280 mg/day');
    expect(events[3]?.details).toEqual(['reason: adverse event 1']);
    expect(events[4]?.details).toEqual(['response PR', 'ECOG 1', 'ibrutinib: taking a reduced dose']);
    expect(events[5]?.title).toBe('Progression: Richter transformation');
    expect(events[7]?.details).toEqual(['cause: progression of CLL']);
  });

  it('leaves out entered-in-error instances and lists undated ones apart', () => {
    const { events, undated } = buildTimeline({
      ...base,
      adverseEvents: [
        { ...ae, seq: 1, term: 'Fatigue', grade: 1, onsetDate: '2015-04-01', enteredInError: true },
        { ...ae, seq: 2, term: 'Fatigue', grade: 2, onsetDate: null },
      ],
      tests: [{ seq: 1, enteredInError: false, sampleDate: '2015-02-01', del17p: 'present', tp53: null, ighv: null, del11q: 'not_tested', complexKaryotype: 'complex' }],
    });
    expect(events.map((e) => e.kind)).toEqual(['test', 'start']);
    expect(events[0]?.details).toEqual(['del(17p) present, complex karyotype']);
    expect(undated).toEqual([{ kind: 'adverse-event', seq: 2, href: 'adverse-events/2', title: 'Adverse event 2: Fatigue, grade 2' }]);
  });

  it('shows the last contact of a living patient and an open interruption', () => {
    const { events } = buildTimeline({
      ...base,
      interruptions: [{ seq: 1, enteredInError: false, startDate: '2015-05-01', endDate: null, reason: 'procedure', adverseEventSeq: null }],
      followUp: { vitalStatus: 'alive', lastContactDate: '2016-01-01', deathDate: null, deathCause: null },
    });
    expect(events.map((e) => e.kind)).toEqual(['start', 'interruption', 'last-contact']);
    expect(events[1]?.details).toEqual(['still interrupted', 'reason: surgery or procedure']);
    expect(events[2]?.details).toEqual(['alive']);
  });
});
