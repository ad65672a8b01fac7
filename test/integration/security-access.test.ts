/**
 * Security checks 2, 3 and 6 (docs/reliability.md): centre scope on every read, strict schemas
 * against mass assignment, and deactivation/demotion taking effect on every "instance" (here: two
 * independent connection pools on one database when running on PostgreSQL).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, dataQueries } from '@/db/schema';
import type { Database, Db } from '@/db/client';
import { authenticate } from '@/lib/auth/authenticate';
import { resolveSession } from '@/lib/auth/sessions';
import { changeRole } from '@/lib/services/users/change-role';
import { setUserActive } from '@/lib/services/users/set-user-active';
import { getPatientForUser, listPatientsForUser } from '@/lib/services/patients/read-patients';
import { ServiceError } from '@/lib/services/errors';
import { readPatientHistory } from '@/lib/services/crf/read-crf';
import { answerQuery } from '@/lib/services/crf/answer-query';
import { raiseQuery } from '@/lib/services/crf/raise-query';
import {
  changeRoleSchema, createCentreSchema, createUserSchema, resetPasswordSchema, setActiveSchema, updateCentreSchema,
} from '@/lib/validation/admin';
import { makeCentre, makePatient, makeUser, principal } from './helpers/fixtures';
import { secondInstance, testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => { database = await factory.fresh(); });

/** A second, independent pool on the same database (pg) — what a second app instance has. */

async function twoCentres(db: Db) {
  const a = await makeCentre(db, 'PL-01');
  const b = await makeCentre(db, 'PL-02');
  const invA = await makeUser(db, { email: 'inv.a@x.org', role: 'investigator', centreId: a.id });
  const invB = await makeUser(db, { email: 'inv.b@x.org', role: 'investigator', centreId: b.id });
  const pA = await makePatient(db, a, 1, invA.id);
  const pB = await makePatient(db, b, 7, invB.id);
  return { a, b, invA, invB, pA, pB };
}

describe('check 2: cross-centre access', () => {
  it('an investigator of centre A never reads or lists a centre B patient, whatever code or filter is sent', async () => {
    const { db } = database;
    const { invA, pB } = await twoCentres(db);
    const who = principal(invA);
    for (const code of [pB.code, pB.code.toLowerCase(), ` ${pB.code}`, 'PL-02-%', '%']) {
      const err = await getPatientForUser(db, who, code).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(ServiceError);
      expect((err as ServiceError).code).toBe('not_found');
      // Same message as a code that does not exist: existence is not revealed.
      expect((err as ServiceError).message).toBe('Patient not found.');
    }
    for (const filter of [{}, { centreCode: 'PL-02' }, { search: 'PL-02' }, { search: '%' }]) {
      const rows = await listPatientsForUser(db, who, filter);
      expect(rows.map((r) => r.code)).not.toContain(pB.code);
      expect(JSON.stringify(rows)).not.toContain('PL-02');
    }
  });

  it('a role without patient.read is refused outright', async () => {
    const { db } = database;
    const { pB } = await twoCentres(db);
    const nobody = { id: 999, role: 'investigator' as const, centreId: null };
    await expect(getPatientForUser(db, nobody, pB.code)).rejects.toBeInstanceOf(ServiceError);
    expect(await listPatientsForUser(db, nobody, {})).toEqual([]);
  });

  it('a denied cross-centre read writes an access_denied audit event (and a missing code does not)', async () => {
    const { db } = database;
    const { invA, invB, pB, b } = await twoCentres(db);
    await expect(getPatientForUser(db, principal(invA), pB.code)).rejects.toBeInstanceOf(ServiceError);
    await expect(getPatientForUser(db, principal(invA), 'PL-99-999')).rejects.toBeInstanceOf(ServiceError);
    const denials = await db.select().from(auditLog).where(eq(auditLog.action, 'access_denied'));
    expect(denials).toHaveLength(1);
    expect(denials[0]).toMatchObject({ actorId: invA.id, tableName: 'patients', patientId: pB.id, centreId: b.id });
    // The refusal is not part of the patient's history (it would show centre A's user to centre B).
    const history = await readPatientHistory(db, principal(invB), pB.code, 1);
    expect(JSON.stringify(history)).not.toContain('access_denied');
    expect(JSON.stringify(history)).not.toContain(invA.email);
  });

  it('answering another centre\'s data query reads as not found and carries the denial to log (a missing id does not)', async () => {
    const { db } = database;
    const { invA, pB, b } = await twoCentres(db);
    const coord = await makeUser(db, { email: 'coord@x.org', role: 'coordinator' });
    const q = await raiseQuery(db, { ...principal(coord), email: coord.email }, { patientCode: pB.code, form: 'baseline', field: 'ecog', question: 'ECOG at start?' });
    const err = await answerQuery(db, principal(invA), { queryId: q.id, answer: 'ECOG 1' }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect((err as ServiceError).message).toBe('Query not found.');
    expect((err as ServiceError).denial).toMatchObject({ table: 'data_queries', recordId: q.id, patientId: pB.id, centreId: b.id, action: 'query.answer' });
    const missing = await answerQuery(db, principal(invA), { queryId: q.id + 1000, answer: 'ECOG 1' }).then(() => null, (e: unknown) => e);
    expect((missing as ServiceError).message).toBe('Query not found.');
    expect((missing as ServiceError).denial).toBeUndefined();
    const [stored] = await db.select().from(dataQueries).where(eq(dataQueries.id, q.id));
    expect(stored).toMatchObject({ status: 'open', answer: null });
  });
});

describe('check 3: mass assignment', () => {
  const extras = { centreId: 1, createdBy: 1, version: 99, status: 'locked', locked: true, role: 'admin', active: true, passwordHash: 'x' };
  const cases: [string, { safeParse: (v: unknown) => { success: boolean } }, Record<string, unknown>][] = [
    ['createCentre', createCentreSchema, { code: 'PL-09', name: 'Centre', city: 'City' }],
    ['updateCentre', updateCentreSchema, { id: 1, name: 'Centre', city: 'City' }],
    ['setActive', setActiveSchema, { id: 1, active: false }],
    ['createUser', createUserSchema, { email: 'a@x.org', displayName: 'A', role: 'coordinator', centreId: null, password: 'long enough pw' }],
    ['changeRole', changeRoleSchema, { id: 1, role: 'coordinator', centreId: null }],
    ['resetPassword', resetPasswordSchema, { id: 1, password: 'long enough pw' }],
  ];
  it.each(cases)('%s: the valid payload parses, any extra key is rejected', (_name, schema, valid) => {
    expect(schema.safeParse(valid).success).toBe(true);
    for (const [k, v] of Object.entries(extras)) {
      if (k in valid) continue;
      expect(schema.safeParse({ ...valid, [k]: v }).success, `extra key ${k}`).toBe(false);
    }
    expect(schema.safeParse(JSON.parse(`{"__proto__":{"role":"admin"},${JSON.stringify(valid).slice(1)}`)).success).toBe(false);
  });
});

describe('check 6: deactivation and demotion while a session is open', () => {
  it('ends the session on both instances at once', async () => {
    const { db } = database;
    const other = secondInstance(database, 2);
    try {
      const admin = await makeUser(db, { email: 'admin@x.org', role: 'admin' });
      await makeUser(db, { email: 'admin2@x.org', role: 'admin' });
      const c = await makeCentre(db, 'PL-01');
      const inv = await makeUser(db, { email: 'inv@x.org', role: 'investigator', centreId: c.id });
      const coord = await makeUser(db, { email: 'coord@x.org', role: 'coordinator' });
      const s1 = await authenticate(other.db, 'inv@x.org', 'correct horse battery', null);
      const s2 = await authenticate(db, 'coord@x.org', 'correct horse battery', null);
      if (!s1.ok || !s2.ok) throw new Error('login failed');
      expect(await resolveSession(db, s1.sessionId)).not.toBeNull();
      expect(await resolveSession(other.db, s2.sessionId)).not.toBeNull();
      const actor = { ...principal(admin), email: admin.email };
      // Deactivated through instance 1 → refused on instance 2 (and 1).
      await setUserActive(db, actor, { id: inv.id, active: false });
      expect(await resolveSession(other.db, s1.sessionId)).toBeNull();
      expect(await resolveSession(db, s1.sessionId)).toBeNull();
      // Demoted coordinator → investigator through instance 2 → old session refused on instance 1.
      await changeRole(other.db, actor, { id: coord.id, role: 'investigator', centreId: c.id });
      expect(await resolveSession(db, s2.sessionId)).toBeNull();
      expect((await authenticate(db, 'inv@x.org', 'correct horse battery', null)).ok).toBe(false);
    } finally {
      await other.close();
    }
  });
});
