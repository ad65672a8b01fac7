import { describe, expect, it } from 'vitest';
import { deriveCourse, RESPONSE_ORDER } from './derive';
import type {
  AdverseEventInput, CourseInput, DosePeriodInput, InterruptionInput, MolecularTestInput, VisitInput,
} from './types';

const visit = (seq: number, visitDate: string, over: Partial<VisitInput> = {}): VisitInput => ({
  seq, enteredInError: false, visitDate, response: null, progression: false, progressionType: null, ...over,
});
const dose = (seq: number, startDate: string, d: DosePeriodInput['dose'], over: Partial<DosePeriodInput> = {}): DosePeriodInput => ({
  seq, enteredInError: false, startDate, dose: d, doseOtherMg: null, reason: null, adverseEventSeq: null, ...over,
});
const stop = (seq: number, startDate: string, endDate: string | null, over: Partial<InterruptionInput> = {}): InterruptionInput => ({
  seq, enteredInError: false, startDate, endDate, reason: 'adverse_event', adverseEventSeq: null, ...over,
});
const test = (seq: number, sampleDate: string, over: Partial<MolecularTestInput> = {}): MolecularTestInput => ({
  seq, enteredInError: false, sampleDate, del17p: null, tp53: null, ighv: null, del11q: null, complexKaryotype: null, ...over,
});
const ae = (seq: number, onsetDate: string | null, over: Partial<AdverseEventInput> = {}): AdverseEventInput => ({
  seq, enteredInError: false, term: 'Lung infection', soc: 'Infections and infestations', grade: 3, onsetDate, action: 'none', ...over,
});

function course(over: Partial<CourseInput> = {}): CourseInput {
  return {
    baseline: {
      ibrutinibStart: '2020-01-01', del17p: 'absent', tp53: 'unmutated', ighv: 'mutated', b2m: 2, raiStage: '0', binetStage: 'A', ageAtStart: 60,
    },
    discontinuation: null,
    followUp: { lastContactDate: '2020-06-01', vitalStatus: 'alive', deathDate: null },
    therapies: [], visits: [], adverseEvents: [], dosePeriods: [], interruptions: [], molecularTests: [],
    ...over,
  };
}

describe('last contact, best response, progression', () => {
  it('last contact is the latest of the visits and the follow-up, ignoring visits entered in error', () => {
    const c = deriveCourse(course({
      visits: [visit(1, '2020-03-01'), visit(2, '2020-09-01'), visit(3, '2021-01-01', { enteredInError: true })],
    }));
    expect(c.lastContact).toBe('2020-09-01');
    expect(deriveCourse(course({ visits: [visit(1, '2020-03-01')] })).lastContact).toBe('2020-06-01');
  });

  it('best response follows the iwCLL order and ignores NE; the first visit that reached it dates it', () => {
    expect(RESPONSE_ORDER).toEqual(['CR', 'CRi', 'nPR', 'PR', 'PR-L', 'SD', 'PD']);
    const c = deriveCourse(course({
      visits: [
        visit(1, '2020-02-01', { response: 'SD' }), visit(2, '2020-03-01', { response: 'nPR' }), visit(3, '2020-04-01', { response: 'NE' }),
        visit(4, '2020-05-01', { response: 'PR' }), visit(5, '2020-05-15', { response: 'nPR' }), visit(6, '2020-05-20', { response: 'CR', enteredInError: true }),
      ],
    }));
    expect(c.bestResponse).toEqual({ response: 'nPR', date: '2020-03-01', visitSeq: 2 });
    expect(deriveCourse(course({ visits: [visit(1, '2020-02-01', { response: 'NE' })] })).bestResponse).toBeNull();
  });

  it('progression: the first visit with progression or the discontinuation for progression, whichever first', () => {
    const visits = [visit(1, '2020-04-01', { progression: true, progressionType: 'RT' }), visit(2, '2020-03-01', { progression: true, progressionType: 'CLL' })];
    expect(deriveCourse(course({ visits })).progression).toEqual({ date: '2020-03-01', type: 'CLL', source: 'visit', visitSeq: 2 });
    const disc = { lastDoseDate: '2020-02-15', reason: 'progression' as const, progressionType: 'RT' as const };
    expect(deriveCourse(course({ visits, discontinuation: disc })).progression).toEqual({ date: '2020-02-15', type: 'RT', source: 'discontinuation', visitSeq: null });
    // A discontinuation for another reason is no progression.
    expect(deriveCourse(course({ discontinuation: { ...disc, reason: 'adverse_event' } })).progression).toBeNull();
  });

  it('next treatment is the earliest dated subsequent therapy', () => {
    const c = deriveCourse(course({ therapies: [{ startDate: '2021-05-01' }, { startDate: null }, { startDate: '2021-02-01' }] }));
    expect(c.nextTreatmentDate).toBe('2021-02-01');
    expect(deriveCourse(course()).nextTreatmentDate).toBeNull();
  });
});

describe('time on drug, interruptions, dose', () => {
  it('time on drug runs to the last dose, or to the last contact while on the drug', () => {
    expect(deriveCourse(course()).timeOnDrugDays).toBe(152); // 2020-01-01 → 2020-06-01
    const c = deriveCourse(course({ discontinuation: { lastDoseDate: '2020-03-01', reason: 'adverse_event', progressionType: null } }));
    expect(c.timeOnDrugDays).toBe(60);
    expect(c.onDrug).toBe(false);
    // A death before the last contact ends the treatment.
    const d = deriveCourse(course({ followUp: { lastContactDate: '2020-06-01', vitalStatus: 'dead', deathDate: '2020-02-01' } }));
    expect(d.treatmentEnd).toBe('2020-02-01');
    expect(d.death).toEqual({ date: '2020-02-01' });
  });

  it('interruptions count both ends, run to the end of treatment while open, and overlaps count once', () => {
    const c = deriveCourse(course({
      interruptions: [stop(1, '2020-02-01', '2020-02-10'), stop(2, '2020-02-05', '2020-02-12'), stop(3, '2020-05-27', null), stop(4, '2020-03-01', '2020-03-31', { enteredInError: true })],
    }));
    expect(c.interruptions.count).toBe(3);
    expect(c.interruptions.totalDays).toBe(12 + 6); // 1–12 Feb, 27 May – 1 Jun
    expect(c.interruptions.list.map((i) => i.days)).toEqual([10, 8, 6]);
  });

  it('dose periods end the day before the next; the last ends at the last dose, or is open on drug', () => {
    const periods = [dose(1, '2020-01-01', '420'), dose(2, '2020-03-01', '280', { reason: 'adverse_event', adverseEventSeq: 1 }), dose(3, '2020-04-01', 'other', { doseOtherMg: 350 })];
    const on = deriveCourse(course({ dosePeriods: periods }));
    expect(on.dosePeriods.map((p) => [p.startDate, p.endDate, p.mg])).toEqual([
      ['2020-01-01', '2020-02-29', 420], ['2020-03-01', '2020-03-31', 280], ['2020-04-01', null, 350],
    ]);
    expect(on.firstDoseReduction).toEqual({ date: '2020-03-01', seq: 2, fromMg: 420, toMg: 280 });
    const off = deriveCourse(course({ dosePeriods: periods, discontinuation: { lastDoseDate: '2020-04-10', reason: 'other', progressionType: null } }));
    expect(off.dosePeriods[2]?.endDate).toBe('2020-04-10');
    expect(deriveCourse(course({ dosePeriods: [dose(1, '2020-01-01', '280'), dose(2, '2020-02-01', '420')] })).firstDoseReduction).toBeNull();
  });

  it('relative dose intensity: delivered mg over 420 mg a day, interrupted days at 0 mg', () => {
    // 10 days: 5 at 420, 5 at 280 of which 2 interrupted → (5·420 + 3·280) / (10·420) = 0.7.
    const c = deriveCourse(course({
      followUp: { lastContactDate: '2020-01-10', vitalStatus: 'alive', deathDate: null },
      dosePeriods: [dose(1, '2020-01-01', '420'), dose(2, '2020-01-06', '280')],
      interruptions: [stop(1, '2020-01-08', '2020-01-09')],
    }));
    expect(c.relativeDoseIntensity).toBeCloseTo(0.7, 12);
    // Without dose periods the dose is unknown: no guess.
    expect(deriveCourse(course()).relativeDoseIntensity).toBeNull();
    // A period without a dose makes it unknown too.
    expect(deriveCourse(course({ dosePeriods: [dose(1, '2020-01-01', null)] })).relativeDoseIntensity).toBeNull();
  });
});

describe('baseline molecular values and the CLL-IPI', () => {
  it('takes the latest test on or before the start per marker, then the baseline form', () => {
    const c = deriveCourse(course({
      molecularTests: [
        test(1, '2019-01-01', { del17p: 'present', ighv: 'unmutated' }),
        test(2, '2019-12-01', { del17p: 'absent', ighv: 'not_tested' }),
        test(3, '2020-02-01', { del17p: 'present' }), // after the start: not baseline
        test(4, '2019-12-15', { tp53: 'mutated', enteredInError: true }),
      ],
    }));
    expect(c.baselineMolecular.del17p).toEqual({ value: 'absent', source: 'test', testSeq: 2, sampleDate: '2019-12-01' });
    expect(c.baselineMolecular.ighv).toEqual({ value: 'unmutated', source: 'test', testSeq: 1, sampleDate: '2019-01-01' });
    expect(c.baselineMolecular.tp53).toEqual({ value: 'unmutated', source: 'baseline', testSeq: null, sampleDate: null });
    expect(c.baselineMolecular.del11q.value).toBeNull();
    // IGHV unmutated from the test: 2 points, low → intermediate.
    expect(c.cllIpi).toMatchObject({ computable: true, score: 2, group: 'intermediate' });
    expect(deriveCourse(course()).cllIpi).toMatchObject({ computable: true, score: 0, group: 'low' });
  });

  it('logged adverse events leave out those entered in error and sort by onset', () => {
    const c = deriveCourse(course({ adverseEvents: [ae(1, '2020-05-01'), ae(2, null), ae(3, '2020-02-01'), ae(4, '2020-01-02', { enteredInError: true })] }));
    expect(c.adverseEvents.map((e) => e.seq)).toEqual([3, 1, 2]);
  });
});

describe('the course at a cut-off', () => {
  it('drops what happened after the cut-off and follows a later death to the cut-off', async () => {
    const { courseAtCutoff } = await import('./cutoff');
    const full = course({
      discontinuation: { lastDoseDate: '2020-08-01', reason: 'progression', progressionType: 'CLL' },
      followUp: { lastContactDate: '2020-12-01', vitalStatus: 'dead', deathDate: '2020-12-01' },
      therapies: [{ startDate: '2020-09-01' }],
      visits: [visit(1, '2020-03-01', { response: 'PR' }), visit(2, '2020-07-15', { response: 'CR' })],
      dosePeriods: [dose(1, '2020-01-01', '420'), dose(2, '2020-06-15', '280')],
      interruptions: [stop(1, '2020-05-25', '2020-06-10')],
    });
    const c = deriveCourse(courseAtCutoff(full, '2020-06-01'));
    expect(c.lastContact).toBe('2020-06-01');
    expect(c.death).toBeNull();
    expect(c.discontinuationDate).toBeNull();
    expect(c.progression).toBeNull();
    expect(c.nextTreatmentDate).toBeNull();
    expect(c.bestResponse?.response).toBe('PR');
    expect(c.dosePeriods).toHaveLength(1);
    expect(c.firstDoseReduction).toBeNull();
    expect(c.interruptions.totalDays).toBe(8); // 25 May – 1 Jun, still open at the cut-off
    expect(deriveCourse(courseAtCutoff(full, '2021-01-01'))).toEqual(deriveCourse(full));
  });
});
