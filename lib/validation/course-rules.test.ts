import { describe, expect, it } from 'vitest';
import { checkCrossFormRules, type PatientRecord } from './cross-form-rules';
import {
  checkCourseRules, emptyCourse, fieldErrorsForInstance, instanceIssues, type CourseContext, type CourseInstance, type CourseRecords,
} from './course-rules';

const TODAY = '2024-01-01';
const ctx = (over: Partial<CourseContext> = {}): CourseContext => ({
  ibrutinibStart: '2018-03-10', lastDoseDate: null, vitalStatus: 'alive', deathDate: null, deathCause: null, deathContributingCauses: null, ...over,
});
const visit = (seq: number, over: Partial<CourseInstance> = {}): CourseInstance => ({
  seq, visitDate: '2018-06-01', ecog: 1, response: 'PR', progression: false, progressionType: null, ibrutinibStatus: 'full_dose', vitalStatus: 'alive', ...over,
});
const ae = (seq: number, over: Partial<CourseInstance> = {}): CourseInstance => ({
  seq, term: 'Lung infection', grade: 3, onsetDate: '2018-07-01', resolutionDate: '2018-07-20', ongoing: false, outcome: 'recovered', action: 'interrupted', ...over,
});
const dose = (seq: number, over: Partial<CourseInstance> = {}): CourseInstance => ({ seq, startDate: '2018-03-10', dose: '420', reason: null, adverseEventSeq: null, ...over });
const stop = (seq: number, over: Partial<CourseInstance> = {}): CourseInstance => ({
  seq, startDate: '2018-07-02', endDate: '2018-07-21', reason: 'adverse_event', adverseEventSeq: 1, ...over,
});
const course = (over: Partial<CourseRecords> = {}): CourseRecords => ({
  ...emptyCourse(), visit: [visit(1)], 'adverse-event': [ae(1)], 'dose-period': [dose(1), dose(2, { startDate: '2018-08-01', dose: '280', reason: 'adverse_event', adverseEventSeq: 1 })],
  interruption: [stop(1)], 'molecular-test': [{ seq: 1, sampleDate: '2018-01-05', del17p: 'absent' }], ...over,
});
const where = (c: CourseRecords, x: Partial<CourseContext> = {}) => checkCourseRules(ctx(x), c, TODAY).map((i) => `${i.form}${i.seq ?? ''}.${i.field}`);

describe('course rules', () => {
  it('a consistent course has no issues; an empty one neither', () => {
    expect(checkCourseRules(ctx(), course(), TODAY)).toEqual([]);
    expect(checkCourseRules(ctx({ ibrutinibStart: null }), emptyCourse(), TODAY)).toEqual([]);
  });

  it('dates on ibrutinib not before its start (reported on the baseline too); a test may precede it', () => {
    const f = where(course({ visit: [visit(1, { visitDate: '2018-01-01' })] }));
    expect(f).toEqual(expect.arrayContaining(['visit1.visitDate', 'baseline.ibrutinibStart']));
    expect(where(course({ 'adverse-event': [ae(1, { onsetDate: '2018-03-01' })] }))).toContain('adverse-event1.onsetDate');
    expect(where(course({ interruption: [stop(1, { startDate: '2018-03-01', adverseEventSeq: null, reason: 'procedure' })] }))).toContain('interruption1.startDate');
    expect(where(course())).not.toContain('molecular-test1.sampleDate');
  });

  it('no date in the future', () => {
    expect(where(course({ 'molecular-test': [{ seq: 1, sampleDate: '2024-02-01' }] }))).toContain('molecular-test1.sampleDate');
  });

  it('AE resolution not before onset; interruption not resumed before it began', () => {
    expect(where(course({ 'adverse-event': [ae(1, { resolutionDate: '2018-06-30' })] }))).toContain('adverse-event1.resolutionDate');
    expect(where(course({ interruption: [stop(1, { endDate: '2018-07-01' })] }))).toContain('interruption1.endDate');
  });

  it('interruptions do not overlap (both ends are days without the drug; an ongoing one lasts to today)', () => {
    const overlapping = course({ interruption: [stop(1), stop(2, { startDate: '2018-07-10', endDate: '2018-08-01', reason: 'procedure', adverseEventSeq: null })] });
    expect(where(overlapping)).toEqual(expect.arrayContaining(['interruption1.startDate', 'interruption2.startDate']));
    const ongoing = course({ interruption: [stop(1, { endDate: null }), stop(2, { startDate: '2019-01-01', endDate: null, reason: 'procedure', adverseEventSeq: null })] });
    expect(where(ongoing)).toContain('interruption2.startDate');
    // Interruption 1's last day is 2018-07-21: a second one may begin the next day, not on that day.
    const sameDay = course({ interruption: [stop(1), stop(2, { startDate: '2018-07-21', endDate: '2018-08-01', reason: 'procedure', adverseEventSeq: null })] });
    expect(where(sameDay)).toContain('interruption2.startDate');
    const nextDay = course({ interruption: [stop(1), stop(2, { startDate: '2018-07-22', endDate: '2018-08-01', reason: 'procedure', adverseEventSeq: null })] });
    expect(checkCourseRules(ctx(), nextDay, TODAY)).toEqual([]);
  });

  it('one dose period per start date', () => {
    expect(where(course({ 'dose-period': [dose(1), dose(2, { dose: '280' })] }))).toEqual(expect.arrayContaining(['dose-period1.startDate', 'dose-period2.startDate']));
  });

  it('a linked adverse event exists, is not entered in error, and began on or before the change', () => {
    expect(where(course({ interruption: [stop(1, { adverseEventSeq: 7 })] }))).toContain('interruption1.adverseEventSeq');
    expect(where(course({ 'adverse-event': [ae(1, { enteredInError: true })] }))).toEqual(expect.arrayContaining(['interruption1.adverseEventSeq', 'dose-period2.adverseEventSeq']));
    const late = where(course({ 'adverse-event': [ae(1, { onsetDate: '2018-07-05', resolutionDate: '2018-07-25' })] }));
    expect(late).toEqual(expect.arrayContaining(['interruption1.adverseEventSeq', 'adverse-event1.onsetDate']));
  });

  it('an instance entered in error is neither checked nor seen', () => {
    const c = course({ visit: [visit(1), visit(2, { visitDate: '2017-01-01', enteredInError: true })] });
    expect(checkCourseRules(ctx(), c, TODAY)).toEqual([]);
  });

  it('a grade 5 event: fatal outcome, death recorded on or after its onset, of a cause it explains (primary or contributing)', () => {
    const fatal = course({ 'adverse-event': [ae(1, { grade: 5, outcome: 'fatal', resolutionDate: null, ongoing: false })], interruption: [stop(1)] });
    expect(where(fatal)).toEqual(expect.arrayContaining(['adverse-event1.grade', 'follow-up.vitalStatus']));
    const dead = { vitalStatus: 'dead', deathDate: '2018-08-25', deathCause: 'infection' };
    expect(checkCourseRules(ctx(dead), fatal, TODAY)).toEqual([]);
    expect(checkCourseRules(ctx({ ...dead, deathCause: 'progression of CLL', deathContributingCauses: ['infection'] }), fatal, TODAY)).toEqual([]);
    expect(where(fatal, { ...dead, deathCause: 'progression of CLL' })).toEqual(expect.arrayContaining(['adverse-event1.grade', 'follow-up.deathCause']));
    expect(where(fatal, { ...dead, deathDate: '2018-06-30' })).toEqual(expect.arrayContaining(['adverse-event1.onsetDate', 'follow-up.deathDate']));
    expect(where(course({ 'adverse-event': [ae(1, { grade: 5 })] }), dead)).toContain('adverse-event1.outcome');
    expect(where(course({ 'adverse-event': [ae(1, { outcome: 'fatal' })] }), dead)).toContain('adverse-event1.outcome');
  });

  it('nothing dated after the death (reported on the follow-up too)', () => {
    const f = where(course({ visit: [visit(1), visit(2, { visitDate: '2019-02-01' })] }), { vitalStatus: 'dead', deathDate: '2019-01-01', deathCause: 'infection' });
    expect(f).toEqual(expect.arrayContaining(['visit2.visitDate', 'follow-up.deathDate']));
  });

  it('a dose does not start after the last dose', () => {
    expect(where(course(), { lastDoseDate: '2018-07-15' })).toEqual(expect.arrayContaining(['dose-period2.startDate', 'discontinuation.lastDoseDate']));
  });

  it('field errors of one instance only', () => {
    const issues = checkCourseRules(ctx(), course({ interruption: [stop(1), stop(2, { startDate: '2018-07-10', endDate: '2018-08-01', reason: 'procedure', adverseEventSeq: null })] }), TODAY);
    expect(Object.keys(fieldErrorsForInstance('interruption', 2, issues))).toEqual(['startDate']);
    expect(fieldErrorsForInstance('visit', 1, issues)).toEqual({});
    expect(fieldErrorsForInstance('interruption', 2, issues).startDate?.[0]).toMatch(/overlaps interruption 1/);
  });

  it('an instance on its own: CTCAE term and grade, "Other, specify" needs its text (form values or stored)', () => {
    expect(instanceIssues('adverse-event', { term: 'Not a term', grade: 3 }).map((i) => i.field)).toEqual(['term']);
    expect(instanceIssues('adverse-event', { term: 'Eye disorders - Other, specify', termSpecify: null, grade: 2 }).map((i) => i.field)).toEqual(['termSpecify']);
    expect(instanceIssues('adverse-event', { term: 'Eye disorders - Other, specify: hyphema', grade: 2 })).toEqual([]);
    expect(instanceIssues('adverse-event', { term: 'Eye disorders - Other, specify', grade: 2 }).map((i) => i.field)).toEqual(['termSpecify']);
  });
});

describe('the snapshot forms see the course', () => {
  const base: PatientRecord = {
    birthYear: 1950, baseline: { ibrutinibStart: '2018-03-10' }, response: null, discontinuation: null, therapies: [],
    followUp: { vitalStatus: 'dead', lastContactDate: '2019-01-01', deathDate: '2019-01-01', deathCause: 'infection' },
  };
  it('a date of death before a visit is refused on the follow-up; without a course nothing changes', () => {
    const withCourse = { ...base, course: { ...emptyCourse(), visit: [visit(1, { visitDate: '2019-02-01' })] } };
    expect(checkCrossFormRules(withCourse, TODAY).map((i) => `${i.form}.${i.field}`)).toContain('follow-up.deathDate');
    expect(checkCrossFormRules(base, TODAY)).toEqual([]);
  });
  it('the course issues on instances are not the snapshot forms\' (a save of the baseline shows its own side only)', () => {
    const withCourse = { ...base, course: { ...emptyCourse(), visit: [visit(1, { visitDate: '2018-01-01' })] } };
    expect(checkCrossFormRules(withCourse, TODAY).map((i) => `${i.form}.${i.field}`)).toEqual(['baseline.ibrutinibStart']);
  });
});
