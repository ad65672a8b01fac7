import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { z } from 'zod';
import { deriveAgeAtStart, saveBaselineSchema } from './baseline';
import { isRealDate, todayIso } from './common';
import { saveDiscontinuationSchema } from './discontinuation';
import { saveFollowUpSchema } from './follow-up';
import { registerPatientSchema } from './patient';
import { saveResponseSchema } from './response';
import { saveTherapiesSchema } from './therapies';
import { answerQuerySchema, raiseQuerySchema, signFormSchema, unlockFormSchema } from './workflow';

const meta = { patientCode: 'PL-01-001', version: null, idempotencyKey: 'key-12345678' };
const baseline = { ...meta, ibrutinibStart: '2018-03-10', ecog: 1, raiStage: 'II', binetStage: null, del17p: 'absent', ighv: 'unmutated',
  priorLines: 2, priorPurineAnalogue: true, priorAntiCd20: false, inclusionCriteria: ['a', 'c'] };
const disc = { ...meta, lastDoseDate: '2019-05-01', reason: 'adverse_event', aeTerm: 'Lung infection', aeGrade: 3, aeOnsetDate: '2019-04-20', aeEtiology: 'unknown' };
const fu = { ...meta, vitalStatus: 'dead', lastContactDate: '2019-06-01', deathDate: '2019-06-01', deathCause: 'progression of CLL' };

function errorsOf(schema: z.ZodType, input: unknown): Record<string, string[]> {
  const r = schema.safeParse(input);
  if (r.success) return {};
  const out: Record<string, string[]> = {};
  for (const i of r.error.issues) (out[i.path.join('.')] ??= []).push(i.message);
  return out;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const futureDate = fc.integer({ min: 1, max: 20_000 }).map((days) => isoDay(new Date(Date.now() + days * 86_400_000)));
const pastDay = fc.integer({ min: 0, max: 30_000 }).map((days) => isoDay(new Date(Date.now() - days * 86_400_000))).filter((d) => d >= '1940-01-01');

describe('dates', () => {
  it('recognises real calendar dates only', () => {
    expect(isRealDate('2019-02-28')).toBe(true);
    expect(isRealDate('2019-02-29')).toBe(false);
    expect(isRealDate('2020-02-29')).toBe(true);
    expect(isRealDate('2019-13-01')).toBe(false);
    expect(isRealDate('01/02/2019')).toBe(false);
  });

  it('property: no CRF date may lie in the future', () => {
    fc.assert(fc.property(futureDate, (d) => {
      expect(errorsOf(saveBaselineSchema, { ...baseline, ibrutinibStart: d }).ibrutinibStart?.[0]).toMatch(/future/);
      expect(errorsOf(saveResponseSchema, { ...meta, bestResponse: 'PR', assessedDate: d }).assessedDate?.[0]).toMatch(/future/);
      expect(errorsOf(saveDiscontinuationSchema, { ...disc, lastDoseDate: d }).lastDoseDate?.[0]).toMatch(/future/);
      expect(errorsOf(saveFollowUpSchema, { ...fu, deathDate: d, lastContactDate: d }).deathDate?.[0]).toMatch(/future/);
      expect(errorsOf(saveTherapiesSchema, { ...meta, rows: [{ regimen: 'R-CHOP', startDate: d }] })['rows.0.startDate']?.[0]).toMatch(/future/);
    }), { numRuns: 50 });
  });

  it('property: past dates are accepted', () => {
    fc.assert(fc.property(pastDay, (d) => {
      expect(saveResponseSchema.safeParse({ ...meta, bestResponse: 'SD', assessedDate: d }).success).toBe(true);
    }), { numRuns: 50 });
    expect(todayIso(new Date('2020-05-06T23:59:00Z'))).toBe('2020-05-06');
  });
});

describe('baseline', () => {
  it('accepts a complete form and derives age at start (minus one before 2 July)', () => {
    expect(saveBaselineSchema.parse(baseline).ibrutinibStart).toBe('2018-03-10');
    expect(deriveAgeAtStart(1950, '2018-07-01')).toBe(67);
    expect(deriveAgeAtStart(1950, '2018-07-02')).toBe(68);
  });
  it('rejects unknown keys (mass assignment) and out-of-range values with plain messages', () => {
    expect(errorsOf(saveBaselineSchema, { ...baseline, centreId: 3 })['']?.[0]).toMatch(/centreId/);
    expect(errorsOf(saveBaselineSchema, { ...baseline, status: 'locked' })['']?.[0]).toMatch(/status/);
    expect(errorsOf(saveBaselineSchema, { ...baseline, ecog: 5 }).ecog?.[0]).toBe('ECOG is 0 to 4.');
    expect(errorsOf(saveBaselineSchema, { ...baseline, ecog: null }).ecog?.[0]).toMatch(/Choose the ECOG/);
    expect(errorsOf(saveBaselineSchema, { ...baseline, priorLines: 0 }).priorLines?.[0]).toMatch(/at least 1/);
    expect(errorsOf(saveBaselineSchema, { ...baseline, inclusionCriteria: ['g'] })['inclusionCriteria.0']).toBeDefined();
    expect(errorsOf(saveBaselineSchema, { ...baseline, ageAtStart: 70 })['']?.[0]).toMatch(/ageAtStart/);
  });
});

describe('discontinuation', () => {
  it('accepts an adverse event with a CTCAE term and fills nothing it was not given', () => {
    const d = saveDiscontinuationSchema.parse(disc);
    expect(d).toMatchObject({ aeTerm: 'Lung infection', aeGrade: 3, progressionType: null, rtHistology: null });
  });
  it('property: a grade outside 1–5 is always refused', () => {
    fc.assert(fc.property(fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 6 }), fc.double({ noInteger: true, noNaN: true })), (g) => {
      expect(errorsOf(saveDiscontinuationSchema, { ...disc, aeGrade: g }).aeGrade).toBeDefined();
    }), { numRuns: 100 });
  });
  it('property: every grade the term defines is accepted, undefined ones are refused', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), (g) => {
      const neut = errorsOf(saveDiscontinuationSchema, { ...disc, aeTerm: 'Neutrophil count decreased', aeEtiology: null, aeGrade: g });
      expect(Boolean(neut.aeGrade)).toBe(g === 5);
      // Lung infection has no grade 1 in CTCAE v4.03.
      expect(Boolean(errorsOf(saveDiscontinuationSchema, { ...disc, aeGrade: g }).aeGrade)).toBe(g === 1);
    }));
  });
  it('needs the adverse event details for an adverse event, and only then', () => {
    const e = errorsOf(saveDiscontinuationSchema, { ...meta, lastDoseDate: '2019-05-01', reason: 'adverse_event' });
    expect(Object.keys(e).sort()).toEqual(['aeGrade', 'aeOnsetDate', 'aeTerm']);
    expect(errorsOf(saveDiscontinuationSchema, { ...disc, aeTerm: 'Pneumonia' }).aeTerm?.[0]).toMatch(/not a CTCAE/);
    expect(errorsOf(saveDiscontinuationSchema, { ...disc, aeTerm: 'Eye disorders - Other, specify', aeEtiology: null }).aeTermSpecify).toBeDefined();
    // An etiology is allowed for every event (the published cohort has one for a suicide attempt).
    expect(errorsOf(saveDiscontinuationSchema, { ...disc, aeTerm: 'Suicide attempt', aeGrade: 3, aeEtiology: 'severe depression' }).aeEtiology).toBeUndefined();
    expect(errorsOf(saveDiscontinuationSchema, { ...disc, aeGrade: 1 }).aeGrade?.[0]).toMatch(/Grade 1 is not defined for "Lung infection"/);
    expect(errorsOf(saveDiscontinuationSchema, { ...disc, reason: 'patient_decision' }).aeTerm?.[0]).toMatch(/only when the reason is an adverse event/);
    expect(errorsOf(saveDiscontinuationSchema, { ...disc, aeOnsetDate: '2019-05-02' }).aeOnsetDate?.[0]).toMatch(/after the last dose/);
  });
  it('progression type required for progression; RT histology only for RT', () => {
    const prog = { ...meta, lastDoseDate: '2019-05-01', reason: 'progression' };
    expect(errorsOf(saveDiscontinuationSchema, prog).progressionType?.[0]).toMatch(/type of progression/);
    expect(errorsOf(saveDiscontinuationSchema, { ...prog, progressionType: 'RT' }).rtHistology?.[0]).toMatch(/histology/);
    expect(errorsOf(saveDiscontinuationSchema, { ...prog, progressionType: 'CLL', rtHistology: 'DLBCL' }).rtHistology?.[0]).toMatch(/only to Richter/);
    expect(saveDiscontinuationSchema.safeParse({ ...prog, progressionType: 'RT', rtHistology: 'Hodgkin', cnsInvolvement: true }).success).toBe(true);
    expect(errorsOf(saveDiscontinuationSchema, { ...meta, lastDoseDate: '2019-05-01', reason: 'other' }).reasonOther).toBeDefined();
  });
});

describe('follow-up', () => {
  it('needs date and cause of death for a dead patient and the last contact on the death date', () => {
    expect(saveFollowUpSchema.safeParse(fu).success).toBe(true);
    const e = errorsOf(saveFollowUpSchema, { ...meta, vitalStatus: 'dead', lastContactDate: '2019-06-01' });
    expect(Object.keys(e).sort()).toEqual(['deathCause', 'deathDate']);
    expect(errorsOf(saveFollowUpSchema, { ...fu, lastContactDate: '2019-06-02' }).lastContactDate?.[0]).toMatch(/after the date of death/);
    expect(errorsOf(saveFollowUpSchema, { ...fu, vitalStatus: 'alive' }).deathDate).toBeDefined();
    expect(errorsOf(saveFollowUpSchema, { ...fu, deathCause: 'other' }).deathCauseOther).toBeDefined();
    expect(errorsOf(saveFollowUpSchema, { ...fu, deathCause: 'boredom' }).deathCause).toBeDefined();
  });
});

describe('therapies, registration and workflow', () => {
  it('validates therapy rows', () => {
    expect(saveTherapiesSchema.safeParse({ ...meta, rows: [] }).success).toBe(true);
    expect(errorsOf(saveTherapiesSchema, { ...meta, rows: [{ regimen: ' ' }] })['rows.0.regimen']?.[0]).toBe('Enter the regimen.');
    expect(errorsOf(saveTherapiesSchema, { ...meta, rows: [{ id: 1, regimen: 'A' }, { id: 1, regimen: 'B' }] }).rows).toBeDefined();
    expect(errorsOf(saveTherapiesSchema, { ...meta, rows: [{ regimen: 'A', deleted: true }] })['rows.0']).toBeDefined();
  });
  it('validates registration', () => {
    expect(registerPatientSchema.safeParse({ sex: 'female', birthYear: 1950, idempotencyKey: 'abcdefgh12' }).success).toBe(true);
    expect(errorsOf(registerPatientSchema, { sex: 'x', birthYear: 1850, idempotencyKey: 'abcdefgh12' })).toHaveProperty('birthYear');
    expect(errorsOf(registerPatientSchema, { sex: 'male', birthYear: new Date().getUTCFullYear() - 5, idempotencyKey: 'abcdefgh12' }).birthYear?.[0]).toMatch(/adults/);
    expect(errorsOf(registerPatientSchema, { sex: 'male', birthYear: new Date().getUTCFullYear() + 1, idempotencyKey: 'abcdefgh12' }).birthYear)
      .toEqual(['The year of birth cannot be in the future.']);
    expect(errorsOf(registerPatientSchema, { sex: 'male', birthYear: 1950, idempotencyKey: 'abcdefgh12', centreId: 2 })['']).toBeDefined();
  });
  it('validates workflow inputs', () => {
    const base = { patientCode: 'PL-01-001', form: 'baseline', version: 1 };
    expect(errorsOf(signFormSchema, { ...base, password: '' }).password?.[0]).toMatch(/password/);
    expect(errorsOf(unlockFormSchema, { ...base, reason: '' }).reason?.[0]).toMatch(/reason/);
    expect(errorsOf(raiseQuerySchema, { patientCode: 'PL-01-001', form: 'nope', field: 'ecog', question: 'Why?' }).form).toBeDefined();
    expect(errorsOf(answerQuerySchema, { queryId: 1, answer: '' }).answer).toBeDefined();
    expect(errorsOf(signFormSchema, { ...base, patientCode: "PL-01-001' OR 1=1", password: 'x' }).patientCode).toBeDefined();
  });
});
