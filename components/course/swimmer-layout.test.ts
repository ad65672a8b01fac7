import { describe, expect, it } from 'vitest';
import { deriveCourse, type CourseInput } from '@/lib/course/derive';
import { monthTicks, swimmerLayout, WIDTH } from './swimmer-layout';

const baseline = { ibrutinibStart: '2015-01-01', del17p: null, tp53: null, ighv: null, b2m: null, raiStage: null, binetStage: null, ageAtStart: null };
const empty: CourseInput = {
  baseline, discontinuation: null, followUp: null, therapies: [], visits: [], adverseEvents: [], dosePeriods: [], interruptions: [], molecularTests: [],
};
const ae = { soc: null, enteredInError: false, serious: false, outcome: null, resolutionDate: null, ongoing: false };

describe('monthTicks', () => {
  it('picks a step that gives at most ten intervals and covers the span', () => {
    expect(monthTicks(0.5)).toEqual([0, 1]);
    expect(monthTicks(7.2)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(monthTicks(29)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30]);
    expect(monthTicks(50)).toEqual([0, 6, 12, 18, 24, 30, 36, 42, 48, 54]);
  });
});

describe('swimmerLayout', () => {
  it('has nothing to draw without a start', () => {
    expect(swimmerLayout(deriveCourse({ ...empty, baseline: null }))).toBeNull();
  });

  it('draws the dose periods as segments up to the last dose, the interruption over them, events above and the ends below', () => {
    const c = deriveCourse({
      ...empty,
      dosePeriods: [
        { seq: 1, enteredInError: false, startDate: '2015-01-01', dose: '420', doseOtherMg: null, reason: null, adverseEventSeq: null },
        { seq: 2, enteredInError: false, startDate: '2015-04-01', dose: '280', doseOtherMg: null, reason: 'adverse_event', adverseEventSeq: 1 },
        { seq: 3, enteredInError: true, startDate: '2015-05-01', dose: '140', doseOtherMg: null, reason: null, adverseEventSeq: null },
      ],
      interruptions: [{ seq: 1, enteredInError: false, startDate: '2015-02-01', endDate: '2015-02-14', reason: 'procedure', adverseEventSeq: null }],
      adverseEvents: [
        { ...ae, seq: 1, term: 'Atrial fibrillation', grade: 3, onsetDate: '2015-03-25', action: 'dose_reduced' },
        { ...ae, seq: 2, term: 'Diarrhea', grade: 1, onsetDate: '2015-03-26', action: 'none' },
        { ...ae, seq: 3, term: 'Lung infection', grade: 4, onsetDate: '2015-07-01', action: 'discontinued' },
      ],
      discontinuation: { lastDoseDate: '2015-07-10', reason: 'adverse_event', progressionType: null },
      followUp: { lastContactDate: '2016-01-01', vitalStatus: 'dead', deathDate: '2016-01-01' },
    });
    const l = swimmerLayout(c);
    expect(l).not.toBeNull();
    if (!l) return;
    expect(l.start).toBe('2015-01-01');
    expect(l.end).toBe('2016-01-01');
    // The entered-in-error 140 mg period is not drawn; 280 mg runs to the last dose.
    expect(l.segments.map((s) => [s.band, s.from, s.to])).toEqual([['420', '2015-01-01', '2015-03-31'], ['280', '2015-04-01', '2015-07-10']]);
    const [a, b] = l.segments;
    expect(a && b && a.x0 < a.x1 && a.x1 <= b.x0 + 1).toBe(true);
    expect(l.interruptions).toHaveLength(1);
    expect(l.interruptions[0]?.days).toBe(14);
    // Off the drug after the last dose until the death.
    expect(l.offDrug?.x0).toBeCloseTo(b?.x1 ?? 0, 0);
    // Two events a day apart do not overlap: the second goes one row up.
    const [e1, e2, e3] = l.adverseEvents;
    expect(e1 && e2 && e1.y !== e2.y).toBe(true);
    expect(e3?.y).toBe(e1?.y);
    for (const e of l.adverseEvents) expect(e.y).toBeLessThan(l.bar.y);
    expect(l.markers.map((m) => m.kind)).toEqual(['discontinuation', 'death']);
    for (const m of l.markers) {
      expect(m.y).toBeGreaterThan(l.bar.y + l.bar.h);
      expect(m.y).toBeLessThan(l.axis.y);
    }
    // Everything inside the drawing.
    for (const x of [...l.segments.flatMap((s) => [s.x0, s.x1]), ...l.adverseEvents.map((e) => e.x), ...l.markers.map((m) => m.x)]) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(WIDTH);
    }
  });

  it('draws a course without dose periods as "dose not recorded" to the last contact, ending in a last-contact marker', () => {
    const l = swimmerLayout(deriveCourse({ ...empty, followUp: { lastContactDate: '2015-06-30', vitalStatus: 'alive', deathDate: null } }));
    expect(l?.segments.map((s) => [s.band, s.to])).toEqual([['unknown', '2015-06-30']]);
    expect(l?.markers.map((m) => m.kind)).toEqual(['last-contact']);
    expect(l?.offDrug).toBeNull();
  });

  it('keeps labels that would meet apart: progression and discontinuation on the same day get two rows', () => {
    const l = swimmerLayout(deriveCourse({
      ...empty,
      visits: [{ seq: 1, enteredInError: false, visitDate: '2015-09-01', response: 'PD', progression: true, progressionType: 'RT' }],
      discontinuation: { lastDoseDate: '2015-09-01', reason: 'progression', progressionType: 'RT' },
      followUp: { lastContactDate: '2015-10-01', vitalStatus: 'alive', deathDate: null },
    }));
    const [p, d, lc] = l?.markers ?? [];
    expect([p?.kind, d?.kind, lc?.kind]).toEqual(['progression', 'discontinuation', 'last-contact']);
    expect(p?.label).toBe('Richter transformation');
    expect(new Set(l?.markers.map((m) => m.y)).size).toBe(3);
  });
});
