/**
 * Issue 11 item 3: the e-signature password is throttled like the login — after 5 wrong signature
 * passwords in the window no password is checked any more — also when the attempts come in parallel
 * (different forms, two pools standing for two instances on PostgreSQL). Password checks are counted
 * with a pass-through spy on the verifier.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database, Db } from '@/db/client';
import { auditLog, responseForms } from '@/db/schema';
import { ServiceError } from '@/lib/services/errors';
import { saveBaseline } from '@/lib/services/crf/save-baseline';
import { saveResponse } from '@/lib/services/crf/save-response';
import { setFormStatus } from '@/lib/services/crf/set-form-status';
import { signForm } from '@/lib/services/crf/sign-form';
import { saveBaselineSchema } from '@/lib/validation/baseline';
import { saveResponseSchema } from '@/lib/validation/response';
import { makeCentre, makePatient, makeUser } from './helpers/fixtures';
import { secondInstance, testDbFactory, TEST_DB_KIND, type TestDbFactory } from './helpers/test-db';

const checks = vi.hoisted(() => ({ n: 0 }));
vi.mock('@/lib/auth/password', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/lib/auth/password')>();
  return { ...real, verifyPassword: async (plain: string, hash: string) => { checks.n++; return real.verifyPassword(plain, hash); } };
});

let factory: TestDbFactory;
let database: Database;
let other: { db: Db; close: () => Promise<void> };
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => {
  database = await factory.fresh();
  other = secondInstance(database, 10);
  checks.n = 0;
  return () => other.close();
});

let keyN = 0;
const key = () => `sig-${Date.now()}-${keyN++}`;
const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);
const THROTTLED = /Too many wrong signature passwords/;
const WRONG = /The password is not correct/;

/** `n` patients, each with a verified response form ready to sign; returns the forms' versions. */
async function verifiedForms(db: Db, n: number) {
  const c = await makeCentre(db, 'PL-01');
  const inv = await makeUser(db, { email: 'inv@x.org', role: 'investigator', centreId: c.id });
  const coord = await makeUser(db, { email: 'coord@x.org', role: 'coordinator' });
  const investigator = { id: inv.id, role: inv.role, centreId: inv.centreId, email: inv.email };
  const coordinator = { id: coord.id, role: coord.role, centreId: null, email: coord.email };
  const forms: { patientCode: string; version: number }[] = [];
  for (let i = 1; i <= n; i++) {
    const p = await makePatient(db, c, i, inv.id);
    await saveBaseline(db, investigator, saveBaselineSchema.parse({
      patientCode: p.code, version: null, idempotencyKey: key(), ibrutinibStart: '2015-03-01', ecog: 1, raiStage: 'II',
      del17p: 'absent', ighv: 'unmutated', priorLines: 2, priorPurineAnalogue: true, priorAntiCd20: true,
    }));
    const r = await saveResponse(db, investigator, saveResponseSchema.parse({
      patientCode: p.code, version: null, idempotencyKey: key(), bestResponse: 'PR', assessedDate: '2015-09-01',
    }));
    const s1 = await setFormStatus(db, investigator, { patientCode: p.code, form: 'response', version: r.version, status: 'complete' });
    const s2 = await setFormStatus(db, coordinator, { patientCode: p.code, form: 'response', version: s1.version, status: 'verified' });
    forms.push({ patientCode: p.code, version: s2.version });
  }
  return { coordinator, forms };
}

async function failedEvents(db: Db) {
  return (await db.select().from(auditLog).where(eq(auditLog.action, 'signature_failed'))).length;
}

describe('issue 11 item 3: signature password guesses', () => {
  it('sequentially: 5 wrong passwords are checked, then even the right one is refused unchecked', async () => {
    const { db } = database;
    const { coordinator, forms } = await verifiedForms(db, 1);
    const form = forms[0];
    if (!form) throw new Error('no form');
    for (let i = 0; i < 5; i++) {
      const e = await failure(signForm(db, coordinator, { patientCode: form.patientCode, form: 'response', version: form.version, password: `wrong-${i}-password` }));
      expect((e as ServiceError).message).toMatch(WRONG);
    }
    expect(checks.n).toBe(5);
    const blocked = await failure(signForm(db, coordinator, { patientCode: form.patientCode, form: 'response', version: form.version, password: 'correct horse battery' }));
    expect((blocked as ServiceError).message).toMatch(THROTTLED);
    expect(checks.n).toBe(5);
    expect(await failedEvents(db)).toBe(5);
    const [row] = await db.select().from(responseForms);
    expect(row).toMatchObject({ status: 'verified', signedAt: null, version: form.version });
  });

  it(`15 parallel wrong passwords on 15 forms${TEST_DB_KIND === 'pg' ? ' through two instances' : ''}: at most 5 checked, the rest throttled`, async () => {
    const { db } = database;
    const { coordinator, forms } = await verifiedForms(db, 15);
    const results = await Promise.all(forms.map((f, i) => failure(signForm(i % 2 ? other.db : db, coordinator, {
      patientCode: f.patientCode, form: 'response', version: f.version, password: `guess-${i}-wrong`,
    }))));
    const messages = results.map((e) => (e instanceof ServiceError ? e.message : String(e)));
    expect(checks.n).toBe(5);
    expect(messages.filter((m) => WRONG.test(m))).toHaveLength(5);
    expect(messages.filter((m) => THROTTLED.test(m))).toHaveLength(10);
    expect(await failedEvents(db)).toBe(5);
    // Nothing was signed.
    expect((await db.select().from(responseForms)).every((r) => r.status === 'verified' && r.signedAt === null)).toBe(true);
  });
});
