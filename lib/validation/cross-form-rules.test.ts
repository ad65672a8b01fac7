import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import cohort from '@/db/seed/demo-cohort.json';
import { checkCrossFormRules, deathCausesForAe, fieldErrorsFor, type PatientRecord } from './cross-form-rules';

const TODAY = '2024-01-01';
const empty: PatientRecord = { birthYear: 1950, baseline: null, response: null, discontinuation: null, therapies: [], followUp: null };
const disc = (over: Partial<NonNullable<PatientRecord['discontinuation']>> = {}): NonNullable<PatientRecord['discontinuation']> => ({
  lastDoseDate: '2019-05-01', reason: 'adverse_event', aeTerm: 'Lung infection', aeGrade: 3, aeOnsetDate: '2019-04-20',
  progressionType: null, rtHistology: null, ...over,
});
const record = (over: Partial<PatientRecord> = {}): PatientRecord => ({
  ...empty,
  baseline: { ibrutinibStart: '2018-03-10' },
  response: { assessedDate: '2018-09-01' },
  discontinuation: disc(),
  therapies: [{ startDate: '2019-06-01' }],
  followUp: { vitalStatus: 'dead', lastContactDate: '2019-08-01', deathDate: '2019-08-01', deathCause: 'progression of CLL' },
  ...over,
});
const fields = (r: PatientRecord) => checkCrossFormRules(r, TODAY).map((i) => `${i.form}.${i.field}`);

describe('cross-form rules', () => {
  it('a consistent record has no issues (grade 3 AE with death from another cause is fine)', () => {
    expect(checkCrossFormRules(record(), TODAY)).toEqual([]);
    expect(checkCrossFormRules(empty, TODAY)).toEqual([]);
  });

  it('no date after today', () => {
    expect(fields(record({ response: { assessedDate: '2024-01-02' } }))).toContain('response.assessedDate');
  });

  it('discontinuation on or after start (reported on both forms)', () => {
    const f = fields(record({ baseline: { ibrutinibStart: '2019-06-01' }, therapies: [] }));
    expect(f).toEqual(expect.arrayContaining(['discontinuation.lastDoseDate', 'baseline.ibrutinibStart']));
  });

  it('death on or after discontinuation and start; nothing after death', () => {
    const f = fields(record({ followUp: { vitalStatus: 'dead', lastContactDate: '2019-04-01', deathDate: '2019-04-01', deathCause: 'infection' } }));
    expect(f).toEqual(expect.arrayContaining(['follow-up.deathDate', 'discontinuation.lastDoseDate', 'therapies.rows.0.startDate', 'follow-up.lastContactDate']));
  });

  it('last contact on or after every other date', () => {
    const r = record({ followUp: { vitalStatus: 'alive', lastContactDate: '2019-05-15', deathDate: null, deathCause: null } });
    const errs = fieldErrorsFor('follow-up', checkCrossFormRules(r, TODAY));
    expect(errs.lastContactDate?.[0]).toMatch(/cannot be before the start of subsequent therapy 1/);
    expect(fieldErrorsFor('therapies', checkCrossFormRules(r, TODAY))['rows.0.startDate']).toBeDefined();
  });

  it('response assessed on or after the ibrutinib start (reported on both forms, as the import does)', () => {
    const r = record({ baseline: { ibrutinibStart: '2018-03-01' }, response: { assessedDate: '2017-01-01' } });
    const issues = checkCrossFormRules(r, TODAY);
    expect(fieldErrorsFor('response', issues)).toEqual({
      assessedDate: ['The response assessment (2017-01-01) cannot be before the ibrutinib start (2018-03-01).'],
    });
    expect(fieldErrorsFor('baseline', issues).ibrutinibStart).toContain('The ibrutinib start (2018-03-01) cannot be after the response assessment (2017-01-01).');
    expect(fields(record({ baseline: { ibrutinibStart: '2018-03-01' }, response: { assessedDate: '2018-03-01' } }))).toEqual([]);
  });

  it('a subsequent therapy starts on or after the ibrutinib start and the last dose', () => {
    const beforeStart = checkCrossFormRules(record({ therapies: [{ startDate: '2019-06-01' }, { startDate: '2017-01-01' }] }), TODAY);
    expect(fieldErrorsFor('therapies', beforeStart)['rows.1.startDate']).toEqual(expect.arrayContaining([
      'The start of subsequent therapy 2 (2017-01-01) cannot be before the ibrutinib start (2018-03-10).',
      'The start of subsequent therapy 2 (2017-01-01) cannot be before the ibrutinib discontinuation (last dose 2019-05-01).',
    ]));
    expect(fieldErrorsFor('therapies', beforeStart)['rows.0.startDate']).toBeUndefined();
    expect(fieldErrorsFor('baseline', beforeStart).ibrutinibStart?.[0]).toMatch(/cannot be after the start of subsequent therapy 2/);
    const beforeLastDose = checkCrossFormRules(record({ therapies: [{ startDate: '2019-04-30' }] }), TODAY);
    expect(beforeLastDose.map((i) => `${i.form}.${i.field}`)).toEqual(['therapies.rows.0.startDate', 'discontinuation.lastDoseDate']);
    expect(fieldErrorsFor('discontinuation', beforeLastDose).lastDoseDate).toEqual(['The last dose (2019-05-01) cannot be after the start of subsequent therapy 1 (2019-04-30).']);
    // Same day as the last dose is fine; a therapy without a start date is not checked.
    expect(fields(record({ therapies: [{ startDate: '2019-05-01' }, { startDate: null }] }))).toEqual([]);
  });

  it('adverse event onset on or before the last dose; last contact of a dead patient is the date of death', () => {
    expect(fields(record({ discontinuation: disc({ aeOnsetDate: '2019-05-02' }) }))).toEqual(['discontinuation.aeOnsetDate']);
    const late = record({ followUp: { vitalStatus: 'dead', lastContactDate: '2019-08-02', deathDate: '2019-08-01', deathCause: 'infection' } });
    expect(fieldErrorsFor('follow-up', checkCrossFormRules(late, TODAY)).lastContactDate).toEqual(['The last contact (2019-08-02) cannot be after the date of death (2019-08-01).']);
    const early = record({ followUp: { vitalStatus: 'dead', lastContactDate: '2019-07-01', deathDate: '2019-08-01', deathCause: 'infection' } });
    expect(fieldErrorsFor('follow-up', checkCrossFormRules(early, TODAY)).lastContactDate?.[0]).toMatch(/cannot be before the date of death/);
  });

  it('grade 5 ⇔ death recorded with that cause', () => {
    expect(fields(record({ discontinuation: disc({ aeGrade: 5 }), followUp: null }))).toEqual(['discontinuation.aeGrade']);
    const alive = fields(record({ discontinuation: disc({ aeGrade: 5 }), followUp: { vitalStatus: 'alive', lastContactDate: '2019-08-01', deathDate: null, deathCause: null } }));
    expect(alive).toEqual(expect.arrayContaining(['discontinuation.aeGrade', 'follow-up.vitalStatus']));
    expect(fields(record({ discontinuation: disc({ aeGrade: 5 }) }))).toEqual(expect.arrayContaining(['discontinuation.aeGrade', 'follow-up.deathCause']));
    const ok = record({ discontinuation: disc({ aeGrade: 5 }), followUp: { vitalStatus: 'dead', lastContactDate: '2019-08-01', deathDate: '2019-08-01', deathCause: 'infection' } });
    expect(checkCrossFormRules(ok, TODAY)).toEqual([]);
    expect(deathCausesForAe('Suicide attempt')).toEqual(['suicide']);
    expect(deathCausesForAe('Neoplasms benign, malignant and unspecified (incl cysts and polyps) - Other, specify: bladder cancer')).toEqual(['bladder cancer']);
    expect(deathCausesForAe('Stroke')).toContain('cerebellar ischemic stroke');
  });

  it('progression type for progression; RT histology only for RT; age at start 18–110', () => {
    expect(fields(record({ discontinuation: disc({ reason: 'progression', aeTerm: null, aeGrade: null, aeOnsetDate: null }) }))).toEqual(['discontinuation.progressionType']);
    expect(fields(record({ discontinuation: disc({ reason: 'progression', aeTerm: null, aeGrade: null, aeOnsetDate: null, progressionType: 'CLL', rtHistology: 'DLBCL' }) }))).toEqual(['discontinuation.rtHistology']);
    expect(fields({ ...empty, birthYear: 2005, baseline: { ibrutinibStart: '2018-01-01' } })).toEqual(['baseline.ibrutinibStart']);
    expect(fields({ ...empty, birthYear: 1900, baseline: { ibrutinibStart: '2018-08-01' } })).toEqual(['baseline.ibrutinibStart']);
  });

  const day = (n: number) => new Date(Date.UTC(2010, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

  it('property: dates in clinical order never raise a date issue', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 4000 }), { minLength: 5, maxLength: 5 }), (xs) => {
      const [start, assessed, onset, last, death] = [...xs].sort((a, b) => a - b).map(day) as [string, string, string, string, string];
      const r = record({
        baseline: { ibrutinibStart: start }, response: { assessedDate: assessed },
        discontinuation: disc({ aeOnsetDate: onset, lastDoseDate: last }), therapies: [{ startDate: death }],
        followUp: { vitalStatus: 'dead', lastContactDate: death, deathDate: death, deathCause: 'infection' },
      });
      expect(checkCrossFormRules(r, TODAY)).toEqual([]);
    }));
  });

  it('property: a death before the last dose is always reported on both forms', () => {
    fc.assert(fc.property(fc.integer({ min: 100, max: 4000 }), fc.integer({ min: 1, max: 99 }), (last, gap) => {
      const r = record({
        baseline: { ibrutinibStart: day(0) }, response: null, therapies: [],
        discontinuation: disc({ lastDoseDate: day(last), aeOnsetDate: day(last) }),
        followUp: { vitalStatus: 'dead', lastContactDate: day(last - gap), deathDate: day(last - gap), deathCause: 'unknown' },
      });
      const f = fields(r);
      expect(f).toContain('follow-up.deathDate');
      expect(f).toContain('discontinuation.lastDoseDate');
    }));
  });

  it('property: grade 5 passes exactly when the death is recorded with a matching cause', () => {
    const causes = ['progression of CLL', 'infection', 'multi-organ failure', 'heart failure', 'unknown', 'other', null] as const;
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.constantFrom(...causes), fc.boolean(), (grade, cause, dead) => {
      const r = record({
        discontinuation: disc({ aeGrade: grade }),
        followUp: dead ? { vitalStatus: 'dead', lastContactDate: '2019-08-01', deathDate: '2019-08-01', deathCause: cause }
          : { vitalStatus: 'alive', lastContactDate: '2019-08-01', deathDate: null, deathCause: null },
      });
      const gradeIssue = fields(r).includes('discontinuation.aeGrade');
      const consistent = grade < 5 || (dead && (cause === 'infection' || cause === 'multi-organ failure'));
      expect(gradeIssue).toBe(!consistent);
    }));
  });

  it('the demo cohort passes every rule', () => {
    for (const p of cohort.patients) {
      const d = p.discontinuation;
      const r: PatientRecord = {
        birthYear: p.birthYear, baseline: { ibrutinibStart: p.ibrutinibStart }, response: null,
        discontinuation: d ? { lastDoseDate: d.date, reason: d.reason, aeTerm: d.adverseEvent?.term ?? null, aeGrade: d.adverseEvent?.grade ?? null,
          aeOnsetDate: null, progressionType: d.progressionType, rtHistology: d.rtHistology } : null,
        therapies: p.subsequentTherapies.map(() => ({ startDate: null })),
        followUp: { vitalStatus: p.vitalStatus, lastContactDate: p.lastContactDate, deathDate: p.deathDate, deathCause: p.deathCause },
      };
      expect(checkCrossFormRules(r, TODAY), p.id).toEqual([]);
    }
  });
});
