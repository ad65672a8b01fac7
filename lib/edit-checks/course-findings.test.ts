import { describe, expect, it } from 'vitest';
import { emptyCourse, type CourseRecords } from '@/lib/validation/course-rules';
import { findingPlace, patientFindings, type CheckInput } from './findings';

const TODAY = '2024-01-01';
const forms = {
  baseline: { status: 'complete', ibrutinibStart: '2018-01-10', ageAtStart: 63, ecog: 1, raiStage: 'II', binetStage: null, del17p: 'absent', tp53: null, ighv: 'unmutated', priorLines: 2 },
  response: { status: 'complete', bestResponse: 'PR', assessedDate: '2018-06-01', assessedDateMissing: null },
  'follow-up': { status: 'complete', vitalStatus: 'alive', lastContactDate: '2020-01-01', deathDate: null, deathCause: null, deathCauseOther: null },
};
const visit = { seq: 1, enteredInError: false, status: 'complete', visitDate: '2018-06-01', ecog: 1, response: 'PR', progression: false, progressionType: null, ibrutinibStatus: 'full_dose', vitalStatus: 'alive' };
const ae = {
  seq: 1, enteredInError: false, status: 'complete', term: 'Lung infection', soc: 'Infections and infestations', grade: 3, onsetDate: '2018-07-01', onsetDateMissing: null,
  resolutionDate: '2018-07-20', ongoing: false, action: 'none', outcome: 'recovered',
};
const NO_FORMS: CheckInput['forms'] = { baseline: undefined, response: undefined, discontinuation: undefined, therapies: undefined, 'follow-up': undefined };
const input = (course: Partial<CourseRecords>, over: Partial<CheckInput['forms']> = {}, queries: CheckInput['queries'] = []): CheckInput => ({
  code: 'PL-01-001', birthYear: 1955, therapyStarts: [], queries,
  forms: { ...NO_FORMS, ...forms, ...over },
  course: { ...emptyCourse(), ...course },
});
const found = (i: CheckInput) => patientFindings(i, TODAY).map((r) => `${r.form}${r.seq ?? ''}.${r.field ?? ''}:${r.kind}`);

describe('edit checks of the course', () => {
  it('a consistent course adds nothing; an instance entered in error is not checked', () => {
    expect(patientFindings(input({ visit: [visit], 'adverse-event': [ae] }), TODAY)).toEqual([]);
    expect(patientFindings(input({ visit: [visit, { ...visit, seq: 2, visitDate: '2017-01-01', status: 'draft', vitalStatus: null, enteredInError: true }] }), TODAY)).toEqual([]);
  });

  it('names the instance: required fields missing, drafts, rule breaks, open queries', () => {
    const rows = patientFindings(input({ 'adverse-event': [{ ...ae, grade: null, status: 'draft' }], visit: [{ ...visit, visitDate: '2017-12-01' }] }, {},
      [{ form: 'adverse-event', recordSeq: 1, field: 'term', status: 'open', question: 'Which infection?' }]), TODAY);
    expect(rows).toEqual(expect.arrayContaining([
      { patientCode: 'PL-01-001', form: 'adverse-event', seq: 1, field: 'grade', kind: 'missing_field', message: 'Adverse event 1 · CTCAE grade is missing.' },
      { patientCode: 'PL-01-001', form: 'adverse-event', seq: 1, field: null, kind: 'not_complete', message: 'Adverse event 1 is a draft.' },
      expect.objectContaining({ form: 'visit', seq: 1, field: 'visitDate', kind: 'inconsistent', message: expect.stringMatching(/^Visit 1: .*before the ibrutinib start/) }),
      expect.objectContaining({ form: 'baseline', field: 'ibrutinibStart', kind: 'inconsistent' }),
      { patientCode: 'PL-01-001', form: 'adverse-event', seq: 1, field: 'term', kind: 'open_query', message: 'Query open: Which infection?' },
    ]));
    const missingGrade = rows.find((r) => r.kind === 'missing_field');
    if (!missingGrade) throw new Error('no missing-field finding');
    expect(findingPlace(missingGrade)).toEqual({
      formLabel: 'Adverse event 1', fieldLabel: 'CTCAE grade', href: '/patients/PL-01-001/adverse-events/1',
    });
    expect(findingPlace({ patientCode: 'PL-01-001', form: 'baseline', field: 'ecog' }).href).toBe('/patients/PL-01-001/baseline');
  });

  it('the entered best response against the visits (CRi counts as CR, nPR as PR)', () => {
    expect(found(input({ visit: [visit, { ...visit, seq: 2, visitDate: '2018-09-01', response: 'CRi' }] }))).toContain('response.bestResponse:inconsistent');
    expect(found(input({ visit: [visit, { ...visit, seq: 2, visitDate: '2018-09-01', response: 'nPR' }] }))).toEqual([]);
    // Visits without a response assessment (e.g. migrated from the follow-up) say nothing about it.
    expect(found(input({ visit: [{ ...visit, response: null }] }))).toEqual([]);
  });

  it('the baseline del(17p) / TP53 / IGHV against the latest test on or before the start', () => {
    const test = { seq: 1, enteredInError: false, status: 'complete', sampleDate: '2017-12-01', del17p: 'present', tp53: null, ighv: 'unmutated', del11q: null, complexKaryotype: null };
    expect(found(input({ 'molecular-test': [test] }))).toEqual(['baseline.del17p:inconsistent']);
    // A later test (after the start) is not the baseline one; a newer test before the start wins.
    expect(found(input({ 'molecular-test': [{ ...test, sampleDate: '2018-03-01' }] }))).toEqual([]);
    expect(found(input({ 'molecular-test': [test, { ...test, seq: 2, sampleDate: '2018-01-05', del17p: 'absent' }] }))).toEqual([]);
  });

  it('a discontinuation for an adverse event needs a logged event with the action "discontinued"; actions need their dose change', () => {
    const disc = { status: 'complete', lastDoseDate: '2019-01-01', reason: 'adverse_event', aeTerm: 'Lung infection', aeGrade: 3, aeOnsetDate: '2018-12-20', aeOnsetDateMissing: null };
    const lastVisit = { ...visit, seq: 2, visitDate: '2019-01-05', ibrutinibStatus: 'discontinued' };
    expect(found(input({ visit: [visit, lastVisit], 'adverse-event': [ae] }, { discontinuation: disc }))).toEqual(['discontinuation.reason:inconsistent']);
    expect(found(input({ visit: [visit, lastVisit], 'adverse-event': [ae, { ...ae, seq: 2, onsetDate: '2018-12-20', resolutionDate: null, ongoing: true, outcome: 'not_recovered', action: 'discontinued' }] }, { discontinuation: disc }))).toEqual([]);
    expect(found(input({ 'adverse-event': [{ ...ae, action: 'dose_reduced' }] }))).toEqual(['adverse-event1.action:inconsistent']);
    const period = { seq: 1, enteredInError: false, status: 'complete', startDate: '2018-07-05', dose: '280', doseOtherMg: null, reason: 'adverse_event', reasonOther: null, adverseEventSeq: 1 };
    expect(found(input({ 'adverse-event': [{ ...ae, action: 'dose_reduced' }], 'dose-period': [period] }))).toEqual([]);
    expect(found(input({ 'adverse-event': [{ ...ae, action: 'interrupted' }], 'dose-period': [period] }))).toEqual(['adverse-event1.action:inconsistent']);
  });
});
