import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { auditLog, baselineForms, dataQueries, discontinuationForms, followUpForms, idempotencyKeys, patients, responseForms, subsequentTherapies } from '@/db/schema';
import { ServiceError } from '@/lib/services/errors';
import { registerPatient } from '@/lib/services/crf/register-patient';
import { saveBaseline } from '@/lib/services/crf/save-baseline';
import { saveResponse } from '@/lib/services/crf/save-response';
import { saveDiscontinuation } from '@/lib/services/crf/save-discontinuation';
import { saveTherapies } from '@/lib/services/crf/save-therapies';
import { saveFollowUp } from '@/lib/services/crf/save-follow-up';
import { setFormStatus } from '@/lib/services/crf/set-form-status';
import { signForm } from '@/lib/services/crf/sign-form';
import { unlockForm } from '@/lib/services/crf/unlock-form';
import { raiseQuery } from '@/lib/services/crf/raise-query';
import { answerQuery } from '@/lib/services/crf/answer-query';
import { closeQuery } from '@/lib/services/crf/close-query';
import { readPatientHistory } from '@/lib/services/crf/read-crf';
import { editCheckReport } from '@/lib/services/crf/edit-checks';
import { saveBaselineSchema } from '@/lib/validation/baseline';
import { saveDiscontinuationSchema } from '@/lib/validation/discontinuation';
import { saveFollowUpSchema } from '@/lib/validation/follow-up';
import type { CrfUser } from '@/lib/services/crf/form-access';
import { makeCentre, makeUser, principal } from './helpers/fixtures';
import { testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => { database = await factory.fresh(); });

let n = 0;
const key = () => `test-key-${++n}-${Math.random().toString(36).slice(2)}`;

async function world() {
  const { db } = database;
  const c1 = await makeCentre(db, 'PL-01');
  const c2 = await makeCentre(db, 'PL-02');
  const inv1 = await makeUser(db, { email: 'inv1@x.org', role: 'investigator', centreId: c1.id });
  const inv2 = await makeUser(db, { email: 'inv2@x.org', role: 'investigator', centreId: c2.id });
  const coord = await makeUser(db, { email: 'coord@x.org', role: 'coordinator', password: 'coordinator pass 1' });
  const u = (x: typeof inv1): CrfUser => ({ ...principal(x), email: x.email });
  return { db, c1, c2, inv1: u(inv1), inv2: u(inv2), coord: u(coord) };
}

const baseline = (code: string, over: Record<string, unknown> = {}) => saveBaselineSchema.parse({
  patientCode: code, version: null, idempotencyKey: key(), ibrutinibStart: '2018-03-10', ecog: 1, raiStage: 'II', binetStage: null,
  del17p: 'absent', ighv: 'unmutated', priorLines: 2, priorPurineAnalogue: true, priorAntiCd20: true, inclusionCriteria: ['a'], ...over,
});

async function expectError(p: Promise<unknown>, code: ServiceError['code']) {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ServiceError);
  expect((err as ServiceError).code).toBe(code);
  return err as ServiceError;
}

describe('register patient', () => {
  it('gives the next free sequence per centre, own centre only, audited; coordinator refused', async () => {
    const w = await world();
    const a = await registerPatient(w.db, w.inv1, { sex: 'female', birthYear: 1950, idempotencyKey: key() });
    const b = await registerPatient(w.db, w.inv1, { sex: 'male', birthYear: 1960, idempotencyKey: key() });
    const c = await registerPatient(w.db, w.inv2, { sex: 'male', birthYear: 1960, idempotencyKey: key() });
    expect([a.code, b.code, c.code]).toEqual(['PL-01-001', 'PL-01-002', 'PL-02-001']);
    await expectError(registerPatient(w.db, w.coord, { sex: 'male', birthYear: 1960, idempotencyKey: key() }), 'forbidden');
    const rows = await w.db.select().from(auditLog).where(and(eq(auditLog.tableName, 'patients'), eq(auditLog.field, 'birth_year')));
    expect(rows).toHaveLength(3);
    expect(rows[0]?.actorId).toBe(w.inv1.id);
  });

  it('a replayed submit (same idempotency key) creates one patient', async () => {
    const w = await world();
    const k = key();
    const results = await Promise.all(Array.from({ length: 5 }, () => registerPatient(w.db, w.inv1, { sex: 'female', birthYear: 1950, idempotencyKey: k })));
    expect(new Set(results.map((r) => r.code))).toEqual(new Set(['PL-01-001']));
    expect(await w.db.select().from(patients)).toHaveLength(1);
    expect(await w.db.select().from(idempotencyKeys)).toHaveLength(1);
  });
});

describe('CRF saves', () => {
  it('scopes by role and centre: other centre → not_found, coordinator cannot write', async () => {
    const w = await world();
    const { code } = await registerPatient(w.db, w.inv1, { sex: 'female', birthYear: 1950, idempotencyKey: key() });
    await expectError(saveBaseline(w.db, w.inv2, baseline(code)), 'not_found');
    await expectError(saveBaseline(w.db, w.coord, baseline(code)), 'forbidden');
    const saved = await saveBaseline(w.db, w.inv1, baseline(code));
    expect(saved).toMatchObject({ version: 1, status: 'draft', changed: true });
    const [row] = await w.db.select().from(baselineForms);
    expect(row?.ageAtStart).toBe(67); // 2018 − 1950, minus one before 2 July
  });

  it('audits null→value, value→value and value→null with the reason, and returns a verified form to complete', async () => {
    const w = await world();
    const { code } = await registerPatient(w.db, w.inv1, { sex: 'female', birthYear: 1950, idempotencyKey: key() });
    const v1 = await saveBaseline(w.db, w.inv1, baseline(code, { markComplete: true }));
    expect(v1.status).toBe('complete');
    // complete → change needs a reason
    const noReason = await expectError(saveBaseline(w.db, w.inv1, baseline(code, { version: v1.version, binetStage: 'B' })), 'invalid');
    expect(noReason.fieldErrors?.changeReason?.[0]).toMatch(/reason/);
    const v2 = await saveBaseline(w.db, w.inv1, baseline(code, { version: v1.version, binetStage: 'B', ecog: 2, changeReason: 'Source document re-read' }));
    expect(v2.version).toBe(2);
    const st = await setFormStatus(w.db, w.coord, { patientCode: code, form: 'baseline', version: v2.version, status: 'verified' });
    expect(st.status).toBe('verified');
    const v3 = await saveBaseline(w.db, w.inv1, baseline(code, { version: st.version, binetStage: null, ecog: 2, changeReason: 'Binet not staged' }));
    expect(v3.status).toBe('complete');
    const audit = await w.db.select().from(auditLog).where(eq(auditLog.tableName, 'baseline_forms'));
    const binet = audit.filter((a) => a.field === 'binet_stage');
    expect(binet.map((a) => [a.oldValue, a.newValue, a.reason])).toEqual([[null, 'B', 'Source document re-read'], ['B', null, 'Binet not staged']]);
    expect(audit.find((a) => a.field === 'ecog' && a.action === 'update')).toMatchObject({ oldValue: '1', newValue: '2', actorId: w.inv1.id });
    expect(audit.filter((a) => a.field === 'status').map((a) => a.newValue)).toEqual(['complete', 'verified', 'complete']);
  });

  it('refuses a stale version with the current values next to the submitted ones', async () => {
    const w = await world();
    const { code } = await registerPatient(w.db, w.inv1, { sex: 'female', birthYear: 1950, idempotencyKey: key() });
    await saveBaseline(w.db, w.inv1, baseline(code));
    await saveBaseline(w.db, w.inv1, baseline(code, { version: 1, ecog: 3 }));
    const err = await expectError(saveBaseline(w.db, w.inv1, baseline(code, { version: 1, ecog: 0 })), 'conflict');
    expect(err.details?.currentVersion).toBe(2);
    expect(err.details?.changes).toEqual([{ field: 'ecog', label: 'ECOG performance status', current: '3', yours: '0' }]);
    const [row] = await w.db.select().from(baselineForms);
    expect(row?.ecog).toBe(3);
    // A second "new form" save also conflicts instead of creating a duplicate.
    await expectError(saveBaseline(w.db, w.inv1, baseline(code, { version: null })), 'conflict');
  });

  it('double submit with one idempotency key writes once', async () => {
    const w = await world();
    const { code } = await registerPatient(w.db, w.inv1, { sex: 'female', birthYear: 1950, idempotencyKey: key() });
    const input = baseline(code);
    const results = await Promise.all([saveBaseline(w.db, w.inv1, input), saveBaseline(w.db, w.inv1, input), saveBaseline(w.db, w.inv1, input)]);
    expect(results.map((r) => r.version)).toEqual([1, 1, 1]);
    expect(await w.db.select().from(baselineForms)).toHaveLength(1);
    expect((await w.db.select().from(auditLog).where(eq(auditLog.field, 'ecog')))).toHaveLength(1);
  });

  it('checks cross-form rules against the stored record and returns field errors', async () => {
    const w = await world();
    const { code } = await registerPatient(w.db, w.inv1, { sex: 'female', birthYear: 1950, idempotencyKey: key() });
    await saveBaseline(w.db, w.inv1, baseline(code));
    const disc = (over: Record<string, unknown>) => saveDiscontinuationSchema.parse({
      patientCode: code, version: null, idempotencyKey: key(), lastDoseDate: '2019-05-01', reason: 'adverse_event',
      aeTerm: 'Lung infection', aeGrade: 3, aeOnsetDate: '2019-04-20', aeEtiology: 'unknown', aeVerbatim: 'pneumonia', ...over,
    });
    const before = await expectError(saveDiscontinuation(w.db, w.inv1, disc({ lastDoseDate: '2018-01-01', aeOnsetDate: '2017-12-20' })), 'invalid');
    expect(before.fieldErrors?.lastDoseDate?.[0]).toMatch(/before the ibrutinib start/);
    const g5 = await expectError(saveDiscontinuation(w.db, w.inv1, disc({ aeGrade: 5 })), 'invalid');
    expect(g5.fieldErrors?.aeGrade?.[0]).toMatch(/record the death/);
    const ok = await saveDiscontinuation(w.db, w.inv1, disc({}));
    const [d] = await w.db.select().from(discontinuationForms);
    expect(d?.aeSoc).toBe('Infections and infestations');
    const fu = (over: Record<string, unknown>) => saveFollowUpSchema.parse({
      patientCode: code, version: null, idempotencyKey: key(), vitalStatus: 'dead', lastContactDate: '2019-06-01', deathDate: '2019-06-01',
      deathCause: 'progression of CLL', ...over,
    });
    const early = await expectError(saveFollowUp(w.db, w.inv1, fu({ deathDate: '2019-04-01', lastContactDate: '2019-04-01' })), 'invalid');
    expect(early.fieldErrors?.deathDate?.join(' ')).toMatch(/before the last dose/);
    await saveFollowUp(w.db, w.inv1, fu({}));
    // Grade 5 with a death from another cause is inconsistent; grade 3 is fine.
    const other = await expectError(saveDiscontinuation(w.db, w.inv1, disc({ version: ok.version, aeGrade: 5 })), 'invalid');
    expect(other.fieldErrors?.aeGrade?.[0]).toMatch(/cause of death/);
    expect((await w.db.select().from(followUpForms))[0]?.deathCause).toBe('progression of CLL');
    // The dates the import refuses, a form save refuses too (one rule set): response before the start,
    // a subsequent therapy before the last dose.
    const early2 = await expectError(saveResponse(w.db, w.inv1, { patientCode: code, version: null, idempotencyKey: key(), changeReason: null, bestResponse: 'PR', assessedDate: '2018-01-01' }), 'invalid');
    expect(early2.fieldErrors?.assessedDate).toEqual(['The response assessment (2018-01-01) cannot be before the ibrutinib start (2018-03-10).']);
    const th = await expectError(saveTherapies(w.db, w.inv1, { patientCode: code, version: null, idempotencyKey: key(), changeReason: null,
      rows: [{ id: null, regimen: 'venetoclax', startDate: '2019-04-01', bestResponse: null }] }), 'invalid');
    expect(th.fieldErrors?.['rows.0.startDate']).toEqual(['The start of subsequent therapy 1 (2019-04-01) cannot be before the ibrutinib discontinuation (last dose 2019-05-01).']);
    expect(await w.db.select().from(responseForms)).toHaveLength(0);
    expect(await w.db.select().from(subsequentTherapies)).toHaveLength(0);
  });

  it('therapies: add, edit and remove rows (remove sets deleted, audited)', async () => {
    const w = await world();
    const { code } = await registerPatient(w.db, w.inv1, { sex: 'female', birthYear: 1950, idempotencyKey: key() });
    const meta = { patientCode: code, idempotencyKey: key(), changeReason: null };
    const s1 = await saveTherapies(w.db, w.inv1, { ...meta, version: null, rows: [
      { id: null, regimen: 'venetoclax', startDate: '2019-07-01', bestResponse: 'PR' },
      { id: null, regimen: 'R-CHOP', startDate: null, bestResponse: null },
    ] });
    const rows = await w.db.select().from(subsequentTherapies);
    expect(rows).toHaveLength(2);
    const ven = rows.find((r) => r.regimen === 'venetoclax');
    if (!ven) throw new Error('missing row');
    await saveTherapies(w.db, w.inv1, { ...meta, idempotencyKey: key(), version: s1.version, rows: [{ id: ven.id, regimen: 'venetoclax + rituximab', startDate: '2019-07-01', bestResponse: 'CR' }] });
    const after = await w.db.select().from(subsequentTherapies);
    expect(after).toHaveLength(2);
    expect(after.find((r) => r.regimen === 'R-CHOP')?.deleted).toBe(true);
    expect(after.find((r) => r.id === ven.id)?.bestResponse).toBe('CR');
    // The stored (not deleted) therapy line counts in the cross-form rules of another form's save;
    // the deleted R-CHOP line (no date) does not.
    const death = await expectError(saveFollowUp(w.db, w.inv1, saveFollowUpSchema.parse({
      patientCode: code, version: null, idempotencyKey: key(), vitalStatus: 'dead', lastContactDate: '2019-06-01',
      deathDate: '2019-06-01', deathCause: 'progression of CLL',
    })), 'invalid');
    expect(death.fieldErrors?.deathDate?.join(' ')).toMatch(/before the start of subsequent therapy 1 \(2019-07-01\)/);
    const audit = await w.db.select().from(auditLog).where(and(eq(auditLog.tableName, 'subsequent_therapies'), eq(auditLog.field, 'deleted'), eq(auditLog.action, 'update')));
    expect(audit.map((a) => [a.oldValue, a.newValue])).toEqual([['false', 'true']]);
  });
});

describe('workflow: verify, sign, lock, unlock', () => {
  it('refuses every CRF verb on a withdrawn patient: save, status change, query', async () => {
    const w = await world();
    const { code } = await registerPatient(w.db, w.inv1, { sex: 'female', birthYear: 1950, idempotencyKey: key() });
    const r1 = await saveResponse(w.db, w.inv1, { patientCode: code, version: null, idempotencyKey: key(), changeReason: null, bestResponse: 'PR', assessedDate: '2018-09-01' });
    await w.db.transaction(async (tx) => {
      await setAuditContext(tx, { id: w.inv1.id, label: 'inv1' }, 'consent withdrawn');
      await tx.update(patients).set({ status: 'withdrawn' }).where(eq(patients.code, code));
    });
    const errs = await Promise.all([
      expectError(saveResponse(w.db, w.inv1, { patientCode: code, version: r1.version, idempotencyKey: key(), changeReason: null, bestResponse: 'CR', assessedDate: '2018-09-01' }), 'invalid'),
      expectError(setFormStatus(w.db, w.inv1, { patientCode: code, form: 'response', version: r1.version, status: 'complete' }), 'invalid'),
      expectError(raiseQuery(w.db, w.coord, { patientCode: code, form: 'response', field: 'bestResponse', question: 'Source?' }), 'invalid'),
    ]);
    for (const e of errs) expect(e.message).toContain('withdrawn');
    const [form] = await w.db.select().from(responseForms);
    expect(form).toMatchObject({ status: 'draft', bestResponse: 'PR' });
    expect(await w.db.select().from(dataQueries)).toHaveLength(0);
  });

  it('refuses signing after 5 wrong signature passwords, even with the right one', async () => {
    const w = await world();
    const { code } = await registerPatient(w.db, w.inv1, { sex: 'female', birthYear: 1950, idempotencyKey: key() });
    const r1 = await saveResponse(w.db, w.inv1, { patientCode: code, version: null, idempotencyKey: key(), changeReason: null, bestResponse: 'PR', assessedDate: '2018-09-01' });
    const c = await setFormStatus(w.db, w.inv1, { patientCode: code, form: 'response', version: r1.version, status: 'complete' });
    const v = await setFormStatus(w.db, w.coord, { patientCode: code, form: 'response', version: c.version, status: 'verified' });
    for (let i = 0; i < 5; i++) {
      const e = await expectError(signForm(w.db, w.coord, { patientCode: code, form: 'response', version: v.version, password: `wrong-${i}` }), 'invalid');
      expect(e.message).toContain('password is not correct');
    }
    const blocked = await expectError(signForm(w.db, w.coord, { patientCode: code, form: 'response', version: v.version, password: 'coordinator pass 1' }), 'invalid');
    expect(blocked.message).toContain('Too many wrong signature passwords');
    const [form] = await w.db.select().from(responseForms);
    expect(form?.status).toBe('verified');
  });

  it('locks with the password, refuses edits while locked, unlock voids the signature', async () => {
    const w = await world();
    const { code } = await registerPatient(w.db, w.inv1, { sex: 'female', birthYear: 1950, idempotencyKey: key() });
    const r1 = await saveResponse(w.db, w.inv1, { patientCode: code, version: null, idempotencyKey: key(), changeReason: null, bestResponse: 'PR', assessedDate: '2018-09-01' });
    await expectError(setFormStatus(w.db, w.inv1, { patientCode: code, form: 'response', version: r1.version, status: 'verified' }), 'forbidden');
    const c = await setFormStatus(w.db, w.inv1, { patientCode: code, form: 'response', version: r1.version, status: 'complete' });
    const v = await setFormStatus(w.db, w.coord, { patientCode: code, form: 'response', version: c.version, status: 'verified' });
    const bad = await expectError(signForm(w.db, w.coord, { patientCode: code, form: 'response', version: v.version, password: 'nope' }), 'invalid');
    expect(bad.fieldErrors?.password).toBeDefined();
    await expectError(signForm(w.db, w.inv1, { patientCode: code, form: 'response', version: v.version, password: 'correct horse battery' }), 'forbidden');
    const s = await signForm(w.db, w.coord, { patientCode: code, form: 'response', version: v.version, password: 'coordinator pass 1' });
    expect(s.signedByName).toBe('coord (coord@x.org)');
    await expectError(saveResponse(w.db, w.inv1, { patientCode: code, version: s.version, idempotencyKey: key(), changeReason: 'x', bestResponse: 'CR', assessedDate: '2018-09-01' }), 'locked');
    await expectError(unlockForm(w.db, w.inv1, { patientCode: code, form: 'response', version: s.version, reason: 'typo' }), 'forbidden');
    const u = await unlockForm(w.db, w.coord, { patientCode: code, form: 'response', version: s.version, reason: 'Response re-assessed by site' });
    expect(u.status).toBe('verified');
    const audit = await w.db.select().from(auditLog).where(eq(auditLog.patientId, (await w.db.select().from(patients))[0]?.id ?? -1));
    expect(audit.some((a) => a.action === 'form_signed')).toBe(true);
    expect(audit.some((a) => a.action === 'signature_failed')).toBe(true);
    const unlock = audit.filter((a) => a.field === 'signed_by_name' && a.action === 'update');
    expect(unlock.map((a) => [a.oldValue, a.newValue])).toEqual([[null, 'coord (coord@x.org)'], ['coord (coord@x.org)', null]]);
    expect(unlock[1]?.reason).toBe('Response re-assessed by site');
    const r2 = await saveResponse(w.db, w.inv1, { patientCode: code, version: u.version, idempotencyKey: key(), changeReason: 'Re-assessed', bestResponse: 'CR', assessedDate: '2018-09-01' });
    expect(r2.status).toBe('complete');
  });
});

describe('workflow: no verification or signature over open queries or missing fields', () => {
  it('verify and sign refuse while a query on the form is open or answered, until the coordinator closes it', async () => {
    const w = await world();
    const { code } = await registerPatient(w.db, w.inv1, { sex: 'female', birthYear: 1950, idempotencyKey: key() });
    const r1 = await saveResponse(w.db, w.inv1, { patientCode: code, version: null, idempotencyKey: key(), changeReason: null, bestResponse: 'PR', assessedDate: '2018-09-01' });
    const c = await setFormStatus(w.db, w.inv1, { patientCode: code, form: 'response', version: r1.version, status: 'complete' });
    const q1 = await raiseQuery(w.db, w.coord, { patientCode: code, form: 'response', field: 'bestResponse', question: 'PR or CR?' });
    const q2 = await raiseQuery(w.db, w.coord, { patientCode: code, form: 'response', field: 'assessedDate', question: 'Date from the CT report?' });
    // A query on another form does not hold this one.
    await raiseQuery(w.db, w.coord, { patientCode: code, form: 'baseline', field: 'ecog', question: 'ECOG?' });
    const open = await expectError(setFormStatus(w.db, w.coord, { patientCode: code, form: 'response', version: c.version, status: 'verified' }), 'invalid');
    expect(open.message).toBe('Close the open data queries on this form first (2 open).');
    expect(Object.keys(open.fieldErrors ?? {}).sort()).toEqual(['assessedDate', 'bestResponse']);
    await answerQuery(w.db, w.inv1, { queryId: q1.id, answer: 'PR confirmed' });
    await closeQuery(w.db, w.coord, { queryId: q2.id });
    const answered = await expectError(setFormStatus(w.db, w.coord, { patientCode: code, form: 'response', version: c.version, status: 'verified' }), 'invalid');
    expect(answered.message).toBe('Close the open data queries on this form first (1 open).');
    expect((await w.db.select().from(responseForms))[0]?.status).toBe('complete');
    await closeQuery(w.db, w.coord, { queryId: q1.id });
    const v = await setFormStatus(w.db, w.coord, { patientCode: code, form: 'response', version: c.version, status: 'verified' });
    // A query raised after verification holds the signature; the refusal is not a failed signature.
    const q3 = await raiseQuery(w.db, w.coord, { patientCode: code, form: 'response', field: 'bestResponse', question: 'Once more?' });
    const sign = await expectError(signForm(w.db, w.coord, { patientCode: code, form: 'response', version: v.version, password: 'coordinator pass 1' }), 'invalid');
    expect(sign.message).toBe('Close the open data queries on this form first (1 open).');
    const [form] = await w.db.select().from(responseForms);
    expect(form).toMatchObject({ status: 'verified', signedByName: null });
    expect((await w.db.select().from(auditLog)).some((a) => a.action === 'signature_failed')).toBe(false);
    await closeQuery(w.db, w.coord, { queryId: q3.id });
    const s = await signForm(w.db, w.coord, { patientCode: code, form: 'response', version: v.version, password: 'coordinator pass 1' });
    expect(s.signedByName).toBe('coord (coord@x.org)');
  });

  it('verify and sign refuse a stored form with required fields missing (e.g. imported), naming them', async () => {
    const w = await world();
    const { code, id } = await registerPatient(w.db, w.inv1, { sex: 'female', birthYear: 1950, idempotencyKey: key() });
    await w.db.transaction(async (tx) => {
      await setAuditContext(tx, { id: 'system', label: 'import' });
      await tx.insert(responseForms).values({ patientId: id, bestResponse: 'PR', assessedDate: null, status: 'complete' });
      await tx.insert(followUpForms).values({ patientId: id, vitalStatus: 'dead', lastContactDate: '2019-06-01', deathDate: null, status: 'verified' });
    });
    const verify = await expectError(setFormStatus(w.db, w.coord, { patientCode: code, form: 'response', version: 1, status: 'verified' }), 'invalid');
    expect(verify.message).toBe('Required fields are missing: Date assessed.');
    expect(verify.fieldErrors?.assessedDate).toEqual(['Date assessed is required.']);
    const sign = await expectError(signForm(w.db, w.coord, { patientCode: code, form: 'follow-up', version: 1, password: 'coordinator pass 1' }), 'invalid');
    expect(sign.message).toBe('Required fields are missing: Date of death, Cause of death.');
    expect((await w.db.select().from(responseForms))[0]?.status).toBe('complete');
    expect((await w.db.select().from(followUpForms))[0]?.status).toBe('verified');
    // The edit-check report names the same fields.
    const report = await editCheckReport(w.db, w.coord, 'PL-01');
    expect(report.rows.filter((r) => r.kind === 'missing_field').map((r) => `${r.form}.${r.field}`).sort())
      .toEqual(['follow-up.deathCause', 'follow-up.deathDate', 'response.assessedDate']);
  });
});

describe('data queries and history', () => {
  it('raise → answer → close, scoped by centre, audited, shown in the history newest first', async () => {
    const w = await world();
    const { code } = await registerPatient(w.db, w.inv1, { sex: 'female', birthYear: 1950, idempotencyKey: key() });
    await expectError(raiseQuery(w.db, w.inv1, { patientCode: code, form: 'baseline', field: 'ecog', question: 'Why?' }), 'forbidden');
    const q = await raiseQuery(w.db, w.coord, { patientCode: code, form: 'baseline', field: 'ecog', question: 'ECOG 1 or 2 at start?' });
    await expectError(answerQuery(w.db, w.inv2, { queryId: q.id, answer: 'ECOG 2' }), 'not_found');
    await answerQuery(w.db, w.inv1, { queryId: q.id, answer: 'ECOG 2 per clinic letter' });
    await expectError(closeQuery(w.db, w.inv1, { queryId: q.id }), 'forbidden');
    await closeQuery(w.db, w.coord, { queryId: q.id });
    const [row] = await w.db.select().from(dataQueries);
    expect(row).toMatchObject({ status: 'closed', answeredBy: w.inv1.id, closedBy: w.coord.id });
    const history = await readPatientHistory(w.db, w.coord, code, 1, 5);
    expect(history.total).toBeGreaterThan(5);
    expect(history.rows).toHaveLength(5);
    expect(history.rows[0]?.table).toBe('data_queries');
    // The close writes status, closed_by and (issue 11 item 15: bookkeeping is audited) updated_at.
    expect(history.rows.slice(0, 3)).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'status', oldValue: 'answered', newValue: 'closed' })]));
    const times = history.rows.map((r) => r.at);
    expect([...times].sort().reverse()).toEqual(times);
    await expectError(readPatientHistory(w.db, w.inv2, code, 1), 'not_found');
  });

  it('a query names a field of the form: unknown and inherited property names are refused', async () => {
    const w = await world();
    const { code } = await registerPatient(w.db, w.inv1, { sex: 'female', birthYear: 1950, idempotencyKey: key() });
    for (const field of ['nonsense', 'constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      await expectError(raiseQuery(w.db, w.coord, { patientCode: code, form: 'baseline', field, question: 'What is this?' }), 'invalid');
    }
    expect(await w.db.select().from(dataQueries)).toHaveLength(0);
  });

  it('edit-check report lists missing forms, drafts and open queries for the own centre only', async () => {
    const w = await world();
    const { code } = await registerPatient(w.db, w.inv1, { sex: 'female', birthYear: 1950, idempotencyKey: key() });
    await saveBaseline(w.db, w.inv1, baseline(code));
    await raiseQuery(w.db, w.coord, { patientCode: code, form: 'baseline', field: 'ecog', question: 'ECOG?' });
    const mine = await editCheckReport(w.db, w.inv1, null);
    expect(mine.centre?.code).toBe('PL-01');
    const kinds = mine.rows.map((r) => `${r.form}:${r.kind}`);
    expect(kinds).toEqual(expect.arrayContaining(['response:missing_form', 'follow-up:missing_form', 'baseline:not_complete', 'baseline:open_query']));
    await expectError(editCheckReport(w.db, w.inv2, 'PL-01'), 'not_found');
    const coord = await editCheckReport(w.db, w.coord, 'PL-01');
    expect(coord.rows.length).toBe(mine.rows.length);
  });
});

describe('more guarantees', () => {
  it('every CRF save: another centre → not_found, coordinator → forbidden, nothing written', async () => {
    const w = await world();
    const { code } = await registerPatient(w.db, w.inv1, { sex: 'male', birthYear: 1948, idempotencyKey: key() });
    const before = (await w.db.select().from(auditLog)).length;
    const m = { patientCode: code, version: null, changeReason: null };
    const calls = (u: CrfUser) => [
      () => saveBaseline(w.db, u, baseline(code)),
      () => saveResponse(w.db, u, { ...m, idempotencyKey: key(), bestResponse: 'PR', assessedDate: '2018-09-01' }),
      () => saveDiscontinuation(w.db, u, saveDiscontinuationSchema.parse({ ...m, idempotencyKey: key(), lastDoseDate: '2019-01-01', reason: 'patient_decision' })),
      () => saveTherapies(w.db, u, { ...m, idempotencyKey: key(), rows: [] }),
      () => saveFollowUp(w.db, u, saveFollowUpSchema.parse({ ...m, idempotencyKey: key(), vitalStatus: 'alive', lastContactDate: '2019-02-01' })),
    ];
    for (const call of calls(w.inv2)) await expectError(call(), 'not_found');
    for (const call of calls(w.coord)) await expectError(call(), 'forbidden');
    expect((await w.db.select().from(auditLog)).length).toBe(before);
    expect(await w.db.select().from(idempotencyKeys)).toHaveLength(1); // the registration's only
  });

  it('two saves from the same version at once: one commits, the other gets a conflict', async () => {
    const w = await world();
    const { code } = await registerPatient(w.db, w.inv1, { sex: 'male', birthYear: 1948, idempotencyKey: key() });
    const first = await saveBaseline(w.db, w.inv1, baseline(code));
    const results = await Promise.allSettled([
      saveBaseline(w.db, w.inv1, baseline(code, { version: first.version, ecog: 2 })),
      saveBaseline(w.db, w.inv1, baseline(code, { version: first.version, ecog: 3 })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.status === 'rejected' && (rejected.reason as ServiceError).code).toBe('conflict');
    const [row] = await w.db.select().from(baselineForms);
    expect(row?.version).toBe(2);
  });

  it('edit checks report inconsistent stored data (e.g. an import) and missing required fields', async () => {
    const w = await world();
    const { code, id } = await registerPatient(w.db, w.inv1, { sex: 'male', birthYear: 1948, idempotencyKey: key() });
    await w.db.transaction(async (tx) => {
      await setAuditContext(tx, { id: 'system', label: 'import' });
      await tx.insert(baselineForms).values({ patientId: id, ibrutinibStart: '2018-05-01', status: 'complete' });
      await tx.insert(discontinuationForms).values({ patientId: id, lastDoseDate: '2018-04-01', reason: 'progression', status: 'complete' });
    });
    const report = await editCheckReport(w.db, w.coord, 'PL-01');
    const mine = report.rows.filter((r) => r.patientCode === code);
    expect(mine).toEqual(expect.arrayContaining([
      expect.objectContaining({ form: 'discontinuation', field: 'lastDoseDate', kind: 'inconsistent' }),
      // Required by the dictionary when the reason is progression: reported once, as missing (issue 14).
      expect.objectContaining({ form: 'discontinuation', field: 'progressionType', kind: 'missing_field' }),
      expect.objectContaining({ form: 'baseline', field: 'ecog', kind: 'missing_field' }),
    ]));
    expect(mine.filter((r) => r.field === 'progressionType')).toHaveLength(1);
  });
});

describe('therapies conflict', () => {
  it('reports the stored rows next to the submitted ones', async () => {
    const w = await world();
    const { code } = await registerPatient(w.db, w.inv1, { sex: 'male', birthYear: 1948, idempotencyKey: key() });
    const meta = { patientCode: code, changeReason: null };
    const s1 = await saveTherapies(w.db, w.inv1, { ...meta, idempotencyKey: key(), version: null, rows: [{ id: null, regimen: 'ABVD', startDate: null, bestResponse: null }] });
    await saveTherapies(w.db, w.inv1, { ...meta, idempotencyKey: key(), version: s1.version, rows: [] });
    const err = await expectError(saveTherapies(w.db, w.inv1, { ...meta, idempotencyKey: key(), version: s1.version, rows: [{ id: null, regimen: 'CHOP', startDate: null, bestResponse: null }] }), 'conflict');
    expect(err.details?.changes).toEqual([{ field: 'rows', label: 'Subsequent therapies', current: null, yours: '1. CHOP' }]);
  });
});
