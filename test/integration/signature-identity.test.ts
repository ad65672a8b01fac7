/**
 * Issue 11 item 12: two accounts may share a display name, so a signature must name its signer
 * unambiguously: the printed name stored at signing carries the account's unique e-mail, in the
 * form row (patient page, form view), the form_signed audit event and the field-level audit trail.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database, Db } from '@/db/client';
import { auditLog, baselineForms, responseForms, users } from '@/db/schema';
import { shownSigner } from '@/lib/crf/signer';
import { saveBaseline } from '@/lib/services/crf/save-baseline';
import { saveResponse } from '@/lib/services/crf/save-response';
import { setFormStatus } from '@/lib/services/crf/set-form-status';
import { signForm } from '@/lib/services/crf/sign-form';
import { saveBaselineSchema } from '@/lib/validation/baseline';
import { saveResponseSchema } from '@/lib/validation/response';
import { makeCentre, makePatient, makeUser } from './helpers/fixtures';
import { testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => { database = await factory.fresh(); });

let keyN = 0;
const key = () => `sig-${Date.now()}-${keyN++}`;

async function coordinatorNamed(db: Db, email: string, displayName: string) {
  const u = await makeUser(db, { email, role: 'coordinator' });
  await db.update(users).set({ displayName }).where(eq(users.id, u.id));
  return { id: u.id, role: u.role, centreId: null, email: u.email };
}

describe('item 12: a signature identifies its signer', () => {
  it('two coordinators named "Anna Nowak" sign two forms: each signature names its own account, on the form and in the audit', async () => {
    const { db } = database;
    const c = await makeCentre(db, 'PL-01');
    const inv = await makeUser(db, { email: 'inv@x.org', role: 'investigator', centreId: c.id });
    const investigator = { id: inv.id, role: inv.role, centreId: inv.centreId, email: inv.email };
    const annaA = await coordinatorNamed(db, 'anna.a@x.org', 'Anna Nowak');
    const annaB = await coordinatorNamed(db, 'anna.b@x.org', 'Anna Nowak');
    const p = await makePatient(db, c, 1, inv.id);
    const baseline = await saveBaseline(db, investigator, saveBaselineSchema.parse({
      patientCode: p.code, version: null, idempotencyKey: key(), ibrutinibStart: '2015-03-01', ecog: 1, raiStage: 'II',
      del17p: 'absent', ighv: 'unmutated', priorLines: 2, priorPurineAnalogue: true, priorAntiCd20: true,
    }));
    const response = await saveResponse(db, investigator, saveResponseSchema.parse({
      patientCode: p.code, version: null, idempotencyKey: key(), bestResponse: 'PR', assessedDate: '2015-09-01',
    }));
    async function verifyAndSign(form: 'baseline' | 'response', version: number, signer: typeof annaA) {
      const done = await setFormStatus(db, investigator, { patientCode: p.code, form, version, status: 'complete' });
      const verified = await setFormStatus(db, signer, { patientCode: p.code, form, version: done.version, status: 'verified' });
      return signForm(db, signer, { patientCode: p.code, form, version: verified.version, password: 'correct horse battery' });
    }
    const a = await verifyAndSign('baseline', baseline.version, annaA);
    const b = await verifyAndSign('response', response.version, annaB);
    expect(a.signedByName).toBe('Anna Nowak (anna.a@x.org)');
    expect(b.signedByName).toBe('Anna Nowak (anna.b@x.org)');

    const [bRow] = await db.select().from(baselineForms).where(eq(baselineForms.patientId, p.id));
    const [rRow] = await db.select().from(responseForms).where(eq(responseForms.patientId, p.id));
    expect(bRow).toMatchObject({ signedByName: 'Anna Nowak (anna.a@x.org)', signedByUserId: annaA.id });
    expect(rRow).toMatchObject({ signedByName: 'Anna Nowak (anna.b@x.org)', signedByUserId: annaB.id });
    // What the patient page and the form view show.
    expect(shownSigner(bRow?.signedByName ?? '', bRow?.signedByUserId ?? null)).not.toBe(shownSigner(rRow?.signedByName ?? '', rRow?.signedByUserId ?? null));

    const events = await db.select().from(auditLog).where(eq(auditLog.action, 'form_signed'));
    expect(events.map((e) => e.details).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))).toEqual([
      expect.objectContaining({ form: 'baseline', signedByName: 'Anna Nowak (anna.a@x.org)', signedByUserId: annaA.id }),
      expect.objectContaining({ form: 'response', signedByName: 'Anna Nowak (anna.b@x.org)', signedByUserId: annaB.id }),
    ]);
    const trail = await db.select().from(auditLog).where(and(eq(auditLog.field, 'signed_by_name'), eq(auditLog.patientId, p.id)));
    expect(trail.map((t) => t.newValue).sort()).toEqual(['Anna Nowak (anna.a@x.org)', 'Anna Nowak (anna.b@x.org)']);

    // A later rename of the account does not rewrite what was signed.
    await db.update(users).set({ displayName: 'Anna Kowalska' }).where(eq(users.id, annaA.id));
    const [again] = await db.select().from(baselineForms).where(eq(baselineForms.patientId, p.id));
    expect(again?.signedByName).toBe('Anna Nowak (anna.a@x.org)');
  });
});
