/**
 * Security checks 3, 5, 12, 19, 20 and 21 against the CRF services (docs/reliability.md): strict
 * schemas, locked forms and e-signatures, fuzzed input, concurrent saves through two "instances"
 * (two pools on PostgreSQL) and idempotent replays.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import fc from 'fast-check';
import type { Database, Db } from '@/db/client';
import { auditLog, baselineForms, discontinuationForms, idempotencyKeys, responseForms } from '@/db/schema';
import { ServiceError } from '@/lib/services/errors';
import { saveBaseline } from '@/lib/services/crf/save-baseline';
import { saveDiscontinuation } from '@/lib/services/crf/save-discontinuation';
import { saveResponse } from '@/lib/services/crf/save-response';
import { setFormStatus } from '@/lib/services/crf/set-form-status';
import { signForm } from '@/lib/services/crf/sign-form';
import { unlockForm } from '@/lib/services/crf/unlock-form';
import { saveBaselineSchema } from '@/lib/validation/baseline';
import { saveDiscontinuationSchema } from '@/lib/validation/discontinuation';
import { saveFollowUpSchema } from '@/lib/validation/follow-up';
import { saveResponseSchema } from '@/lib/validation/response';
import { makeCentre, makePatient, makeUser } from './helpers/fixtures';
import { secondInstance, testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;
let other: { db: Db; close: () => Promise<void> };
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => {
  database = await factory.fresh();
  other = secondInstance(database, 10);
  return () => other.close();
});

let keyN = 0;
const key = () => `key-${Date.now()}-${keyN++}`;
const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

async function setup(db: Db) {
  const c = await makeCentre(db, 'PL-01');
  const inv = await makeUser(db, { email: 'inv@x.org', role: 'investigator', centreId: c.id });
  const coord = await makeUser(db, { email: 'coord@x.org', role: 'coordinator' });
  const p = await makePatient(db, c, 1, inv.id);
  const investigator = { id: inv.id, role: inv.role, centreId: inv.centreId, email: inv.email };
  const coordinator = { id: coord.id, role: coord.role, centreId: null, email: coord.email };
  await saveBaseline(db, investigator, saveBaselineSchema.parse({
    patientCode: p.code, version: null, idempotencyKey: key(), ibrutinibStart: '2015-03-01', ecog: 1, raiStage: 'II',
    del17p: 'absent', ighv: 'unmutated', priorLines: 2, priorPurineAnalogue: true, priorAntiCd20: true,
  }));
  const first = await saveResponse(db, investigator, saveResponseSchema.parse({
    patientCode: p.code, version: null, idempotencyKey: key(), bestResponse: 'PR', assessedDate: '2015-09-01',
  }));
  return { c, p, investigator, coordinator, responseVersion: first.version };
}

async function auditCount(db: Db) {
  return Number((await db.select({ n: count() }).from(auditLog))[0]?.n ?? 0);
}

describe('check 20: two users save the same CRF from the same version through two instances', () => {
  it('one commits, the other gets a conflict naming the stored values; nothing silently lost', async () => {
    const { db } = database;
    const { p, investigator, responseVersion } = await setup(db);
    const inv2 = await makeUser(db, { email: 'inv2@x.org', role: 'investigator', centreId: investigator.centreId });
    const second = { id: inv2.id, role: inv2.role, centreId: inv2.centreId, email: inv2.email };
    for (let round = 0; round < 5; round++) {
      const [row] = await db.select().from(responseForms).where(eq(responseForms.patientId, p.id));
      const version = row?.version ?? responseVersion;
      const results = await Promise.allSettled([
        saveResponse(db, investigator, saveResponseSchema.parse({ patientCode: p.code, version, idempotencyKey: key(), bestResponse: 'CR', assessedDate: `2016-0${round + 1}-01`, changeReason: 'A' })),
        saveResponse(other.db, second, saveResponseSchema.parse({ patientCode: p.code, version, idempotencyKey: key(), bestResponse: 'SD', assessedDate: `2016-0${round + 1}-02`, changeReason: 'B' })),
      ]);
      const ok = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(ok).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]?.reason).toBeInstanceOf(ServiceError);
      expect((refused[0]?.reason as ServiceError).code).toBe('conflict');
      const [after] = await db.select().from(responseForms).where(eq(responseForms.patientId, p.id));
      expect(after?.version).toBe(version + 1);
      // The stored value is the winner's, and the audit trail has exactly the winner's change.
      const winner = (ok[0] as PromiseFulfilledResult<{ version: number }>).value;
      expect(winner.version).toBe(version + 1);
      const audit = await db.select().from(auditLog)
        .where(and(eq(auditLog.tableName, 'response_forms'), eq(auditLog.field, 'assessed_date'), eq(auditLog.newValue, after?.assessedDate ?? '')));
      expect(audit).toHaveLength(1);
    }
  });
});

describe('check 21: the same submit replayed 20 times concurrently', () => {
  it('writes one change and one set of audit rows; every replay gets the first result', async () => {
    const { db } = database;
    const { p, investigator, responseVersion } = await setup(db);
    const before = await auditCount(db);
    const input = saveResponseSchema.parse({ patientCode: p.code, version: responseVersion, idempotencyKey: 'replayed-submit-1', bestResponse: 'CR', assessedDate: '2016-02-01', changeReason: 'x' });
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => saveResponse(i % 2 ? other.db : db, investigator, input)));
    const values = results.map((r) => (r.status === 'fulfilled' ? r.value : `error ${(r.reason as Error).message}`));
    for (const v of values) expect(v).toEqual(values[0]);
    expect(values[0]).toMatchObject({ changed: true, version: responseVersion + 1 });
    const [row] = await db.select().from(responseForms).where(eq(responseForms.patientId, p.id));
    expect(row?.version).toBe(responseVersion + 1);
    // best_response, assessed_date, and the bookkeeping audited since issue 11 item 15: version, updated_at
    // (updated_by is unchanged: the same investigator saved the form last).
    expect(await auditCount(db) - before).toBe(4);
    expect(await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, `${investigator.id}:replayed-submit-1`))).toHaveLength(1);
  });
});

describe('checks 5 and 19: locked forms and e-signatures', () => {
  it('a signed form refuses changes; signing needs the password; an authorised unlock is audited and voids the signature', async () => {
    const { db } = database;
    const { p, investigator, coordinator, responseVersion } = await setup(db);
    const s1 = await setFormStatus(db, investigator, { patientCode: p.code, form: 'response', version: responseVersion, status: 'complete' });
    const s2 = await setFormStatus(db, coordinator, { patientCode: p.code, form: 'response', version: s1.version, status: 'verified' });
    const wrong = await failure(signForm(db, coordinator, { patientCode: p.code, form: 'response', version: s2.version, password: 'not my password' }));
    expect((wrong as ServiceError).code).toBe('invalid');
    expect(await db.select().from(auditLog).where(eq(auditLog.action, 'signature_failed'))).toHaveLength(1);
    const t0 = Date.now();
    const signed = await signForm(db, coordinator, { patientCode: p.code, form: 'response', version: s2.version, password: 'correct horse battery' });
    const [locked] = await db.select().from(responseForms).where(eq(responseForms.patientId, p.id));
    expect(locked).toMatchObject({ status: 'locked', signedByName: 'coord (coord@x.org)', signedByUserId: coordinator.id });
    expect(locked?.signatureMeaning).toMatch(/Reviewed and approved/);
    expect(Math.abs((locked?.signedAt?.getTime() ?? 0) - t0)).toBeLessThan(60_000);
    expect(signed.signedAt).toMatch(/Z$/); // UTC
    // Direct save on the locked form → refused, nothing written.
    const before = await auditCount(db);
    const refused = await failure(saveResponse(db, investigator, saveResponseSchema.parse({
      patientCode: p.code, version: signed.version, idempotencyKey: key(), bestResponse: 'SD', assessedDate: '2016-01-01', changeReason: 'sneaky',
    })));
    expect((refused as ServiceError).code).toBe('locked');
    expect(await auditCount(db)).toBe(before);
    // Investigators cannot unlock; a coordinator can, with a reason, which voids the signature.
    expect(await failure(unlockForm(db, investigator, { patientCode: p.code, form: 'response', version: signed.version, reason: 'please' }))).toBeInstanceOf(ServiceError);
    await unlockForm(db, coordinator, { patientCode: p.code, form: 'response', version: signed.version, reason: 'correction requested' });
    const [unlocked] = await db.select().from(responseForms).where(eq(responseForms.patientId, p.id));
    expect(unlocked).toMatchObject({ status: 'verified', signedByName: null, signedAt: null, signatureMeaning: null });
    const [ev] = await db.select().from(auditLog).where(eq(auditLog.action, 'form_unlocked'));
    expect(ev).toMatchObject({ actorId: coordinator.id, reason: 'correction requested' });
    // A later data change leaves it unsigned and back to complete.
    await saveResponse(db, investigator, saveResponseSchema.parse({
      patientCode: p.code, version: unlocked?.version ?? 0, idempotencyKey: key(), bestResponse: 'SD', assessedDate: '2016-01-01', changeReason: 'corrected',
    }));
    const [changed] = await db.select().from(responseForms).where(eq(responseForms.patientId, p.id));
    expect(changed).toMatchObject({ status: 'complete', signedAt: null, bestResponse: 'SD' });
  });
});

describe('check 3: mass assignment on CRF saves', () => {
  it('rejects centreId, createdBy, status, locked, signature fields and unknown keys', () => {
    const valid = { patientCode: 'PL-01-001', version: 1, idempotencyKey: 'abcdefgh', bestResponse: 'PR', assessedDate: '2015-09-01' };
    expect(saveResponseSchema.safeParse(valid).success).toBe(true);
    for (const extra of ['centreId', 'createdBy', 'updatedBy', 'status', 'locked', 'signedByName', 'signedAt', 'patientId', 'id']) {
      expect(saveResponseSchema.safeParse({ ...valid, [extra]: 1 }).success, extra).toBe(false);
    }
  });
});

describe('check 12: fuzzed CRF input', () => {
  const base = { patientCode: 'PL-01-001', version: 1, idempotencyKey: 'abcdefgh' };
  it('out-of-range CTCAE grades and impossible dates are field errors (property-based)', () => {
    fc.assert(fc.property(fc.oneof(fc.integer({ min: -1000, max: 0 }), fc.integer({ min: 6, max: 1000 }), fc.double({ noInteger: true })), (grade) => {
      const r = saveDiscontinuationSchema.safeParse({ ...base, lastDoseDate: '2016-01-01', reason: 'adverse_event', aeTerm: 'Pneumonia', aeGrade: grade, aeOnsetDate: '2015-12-01' });
      return !r.success && r.error.issues.some((i) => i.path[0] === 'aeGrade');
    }), { numRuns: 100 });
    const future = fc.date({ min: new Date(Date.now() + 2 * 86_400_000), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(fc.property(future, (d) => {
      const r = saveFollowUpSchema.safeParse({ ...base, vitalStatus: 'alive', lastContactDate: d });
      return !r.success && r.error.issues.some((i) => i.path[0] === 'lastContactDate');
    }), { numRuns: 100 });
    fc.assert(fc.property(fc.string(), (s) => {
      const r = saveResponseSchema.safeParse({ ...base, bestResponse: 'PR', assessedDate: s });
      return /^\d{4}-\d{2}-\d{2}$/.test(s) || !r.success;
    }), { numRuns: 200 });
    fc.assert(fc.property(fc.object(), (extra) => {
      const keys = Object.keys(extra).filter((k) => !(k in base) && !['bestResponse', 'assessedDate', 'changeReason', 'markComplete'].includes(k));
      const r = saveResponseSchema.safeParse({ ...base, bestResponse: 'PR', assessedDate: '2015-09-01', ...extra });
      return keys.length === 0 || !r.success;
    }), { numRuns: 100 });
  });

  it('discontinuation before treatment start and grade 5 without a death → field errors, database untouched', async () => {
    const { db } = database;
    const { p, investigator } = await setup(db);
    const before = await auditCount(db);
    const cases = [
      { lastDoseDate: '2015-01-01', reason: 'patient_decision' as const, field: 'lastDoseDate' },
      { lastDoseDate: '2016-01-01', reason: 'adverse_event' as const, aeTerm: 'Sepsis', aeGrade: 5, aeOnsetDate: '2015-12-01', field: 'aeGrade' },
      { lastDoseDate: '2015-06-01', reason: 'adverse_event' as const, aeTerm: 'Sepsis', aeGrade: 4, aeOnsetDate: '2014-12-01', field: 'aeOnsetDate' },
    ];
    for (const { field, ...values } of cases) {
      const err = await failure(saveDiscontinuation(db, investigator, saveDiscontinuationSchema.parse({ ...base, patientCode: p.code, version: null, idempotencyKey: key(), ...values })));
      expect(err, field).toBeInstanceOf(ServiceError);
      expect((err as ServiceError).code).toBe('invalid');
      expect(Object.keys((err as ServiceError).fieldErrors ?? {})).toContain(field);
    }
    expect(await auditCount(db)).toBe(before);
    expect(await db.select().from(discontinuationForms)).toHaveLength(0);
    expect(await db.select().from(baselineForms)).toHaveLength(1);
  });
});
