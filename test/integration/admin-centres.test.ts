import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { auditLog, centres, sessions } from '@/db/schema';
import { authenticate } from '@/lib/auth/authenticate';
import { resolveSession } from '@/lib/auth/sessions';
import { createCentre } from '@/lib/services/centres/create-centre';
import { getCentre, listCentreChoices, listCentres } from '@/lib/services/centres/list-centres';
import { setCentreActive } from '@/lib/services/centres/set-centre-active';
import { updateCentre } from '@/lib/services/centres/update-centre';
import { ServiceError } from '@/lib/services/errors';
import type { AdminActor } from '@/lib/services/users/admin-actor';
import { createCentreSchema } from '@/lib/validation/admin';
import { makeCentre, makePatient, makeUser } from './helpers/fixtures';
import { testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => { database = await factory.fresh(); });

async function actors(db: Database['db']) {
  const c = await makeCentre(db, 'PL-01');
  const mk = async (email: string, role: 'admin' | 'coordinator' | 'investigator') => {
    const u = await makeUser(db, { email, role, centreId: role === 'investigator' ? c.id : null });
    return { id: u.id, role: u.role, centreId: u.centreId, email: u.email } satisfies AdminActor;
  };
  return { centre: c, admin: await mk('admin@x.org', 'admin'), coordinator: await mk('coord@x.org', 'coordinator'), investigator: await mk('inv@x.org', 'investigator') };
}

async function expectServiceError(p: Promise<unknown>, code: ServiceError['code']) {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ServiceError);
  expect((err as ServiceError).code).toBe(code);
  return err as ServiceError;
}

const events = (db: Database['db'], action: string) => db.select().from(auditLog).where(eq(auditLog.action, action));

describe('centre services: permission', () => {
  it('refuses coordinators and investigators for every verb, writing nothing', async () => {
    const { db } = database;
    const { centre, coordinator, investigator } = await actors(db);
    for (const who of [coordinator, investigator]) {
      await expectServiceError(listCentres(db, who), 'forbidden');
      await expectServiceError(getCentre(db, who, centre.id), 'forbidden');
      await expectServiceError(listCentreChoices(db, who), 'forbidden');
      await expectServiceError(createCentre(db, who, { code: 'PL-09', name: 'N', city: 'C' }), 'forbidden');
      await expectServiceError(updateCentre(db, who, { id: centre.id, name: 'Hacked', city: 'C' }), 'forbidden');
      await expectServiceError(setCentreActive(db, who, { id: centre.id, active: false }), 'forbidden');
    }
    expect(await db.select().from(centres)).toHaveLength(1);
    const [row] = await db.select().from(centres);
    expect(row).toMatchObject({ name: 'Centre PL-01', active: true });
    expect(await db.select().from(auditLog)).toHaveLength(0);
  });
});

describe('listCentres', () => {
  it('counts each centre\'s own active users and patients', async () => {
    const { db } = database;
    const { admin, centre, investigator } = await actors(db);
    const b = await makeCentre(db, 'PL-02');
    const c = await makeCentre(db, 'PL-03');
    for (let seq = 1; seq <= 3; seq++) await makePatient(db, b, seq, investigator.id);
    await makePatient(db, centre, 1, investigator.id);
    await makeUser(db, { email: 'b1@x.org', role: 'investigator', centreId: b.id });
    await makeUser(db, { email: 'b2@x.org', role: 'investigator', centreId: b.id });
    await makeUser(db, { email: 'b3@x.org', role: 'investigator', centreId: b.id, active: false });
    const rows = await listCentres(db, admin);
    expect(rows.map((r) => [r.code, r.activeUsers, r.patients])).toEqual([['PL-01', 1, 1], ['PL-02', 2, 3], ['PL-03', 0, 0]]);
    expect(rows.find((r) => r.id === c.id)?.name).toBe('Centre PL-03');
  });
});

describe('createCentre', () => {
  it('creates a centre and audits it in the same transaction', async () => {
    const { db } = database;
    const { admin } = await actors(db);
    const input = createCentreSchema.parse({ code: ' pl-09 ', name: ' Szpital ', city: 'Łódź' });
    const c = await createCentre(db, admin, input);
    expect(c).toMatchObject({ code: 'PL-09', name: 'Szpital', city: 'Łódź', active: true });
    const [e] = await events(db, 'centre_created');
    expect(e).toMatchObject({ actorId: admin.id, actorLabel: 'admin@x.org', recordId: String(c.id), centreId: c.id });
    expect(e?.details).toEqual({ code: 'PL-09', name: 'Szpital', city: 'Łódź' });
    const list = await listCentres(db, admin);
    expect(list.map((x) => x.code)).toEqual(['PL-01', 'PL-09']);
  });

  it('refuses a duplicate code with a field error and no audit row, even when created concurrently', async () => {
    const { db } = database;
    const { admin } = await actors(db);
    const err = await expectServiceError(createCentre(db, admin, { code: 'PL-01', name: 'Again', city: 'X' }), 'conflict');
    expect(err.fieldErrors?.code?.[0]).toMatch(/already exists/);
    const results = await Promise.allSettled([
      createCentre(db, admin, { code: 'PL-10', name: 'A', city: 'X' }),
      createCentre(db, admin, { code: 'PL-10', name: 'B', city: 'Y' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.status === 'rejected' && rejected.reason instanceof ServiceError && rejected.reason.code).toBe('conflict');
    expect(await db.select().from(centres).where(eq(centres.code, 'PL-10'))).toHaveLength(1);
    expect(await events(db, 'centre_created')).toHaveLength(1);
  });
});

describe('updateCentre', () => {
  it('writes one audit row per changed field with old and new values', async () => {
    const { db } = database;
    const { admin, centre } = await actors(db);
    const r = await updateCentre(db, admin, { id: centre.id, name: 'Renamed', city: 'Test' });
    expect(r.changed).toEqual(['name']);
    let rows = await events(db, 'centre_updated');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ field: 'name', oldValue: 'Centre PL-01', newValue: 'Renamed', actorId: admin.id, centreId: centre.id });

    const r2 = await updateCentre(db, admin, { id: centre.id, name: 'Renamed 2', city: 'Kraków' });
    expect(r2.changed).toEqual(['name', 'city']);
    rows = await events(db, 'centre_updated');
    expect(rows).toHaveLength(3);
    expect(rows.find((x) => x.field === 'city')).toMatchObject({ oldValue: 'Test', newValue: 'Kraków' });
    const [stored] = await db.select().from(centres).where(eq(centres.id, centre.id));
    expect(stored).toMatchObject({ code: 'PL-01', name: 'Renamed 2', city: 'Kraków' });
  });

  it('writes nothing when nothing changed, and says not found for an unknown id', async () => {
    const { db } = database;
    const { admin, centre } = await actors(db);
    expect((await updateCentre(db, admin, { id: centre.id, name: 'Centre PL-01', city: 'Test' })).changed).toEqual([]);
    expect(await events(db, 'centre_updated')).toHaveLength(0);
    await expectServiceError(updateCentre(db, admin, { id: 99999, name: 'X', city: 'Y' }), 'not_found');
  });
});

describe('setCentreActive', () => {
  it('deactivates (ending its investigators\' sessions), keeps patients, reactivates; each change audited', async () => {
    const { db } = database;
    const { admin, centre, investigator } = await actors(db);
    await makePatient(db, centre, 1, investigator.id);
    const login = await authenticate(db, 'inv@x.org', 'correct horse battery', null);
    if (!login.ok) throw new Error('login failed');
    const coordLogin = await authenticate(db, 'coord@x.org', 'correct horse battery', null);
    if (!coordLogin.ok) throw new Error('login failed');

    const off = await setCentreActive(db, admin, { id: centre.id, active: false });
    expect(off).toMatchObject({ changed: true, centre: { active: false } });
    expect(await resolveSession(db, login.sessionId)).toBeNull();
    const [s] = await db.select().from(sessions).where(eq(sessions.id, login.sessionId));
    expect(s?.revokedAt).not.toBeNull();
    expect(await resolveSession(db, coordLogin.sessionId)).not.toBeNull();
    const [e] = await events(db, 'centre_deactivated');
    expect(e).toMatchObject({ field: 'active', oldValue: 'true', newValue: 'false', actorId: admin.id, centreId: centre.id });
    expect(e?.details).toMatchObject({ code: 'PL-01', sessionsEndedFor: [investigator.id] });
    expect((await listCentres(db, admin))[0]).toMatchObject({ patients: 1, activeUsers: 1, active: false });

    expect((await setCentreActive(db, admin, { id: centre.id, active: false })).changed).toBe(false);
    expect(await events(db, 'centre_deactivated')).toHaveLength(1);

    const on = await setCentreActive(db, admin, { id: centre.id, active: true });
    expect(on.centre.active).toBe(true);
    expect(await db.select().from(auditLog).where(and(eq(auditLog.action, 'centre_reactivated'), eq(auditLog.newValue, 'true')))).toHaveLength(1);
    // The ended session stays ended.
    expect(await resolveSession(db, login.sessionId)).toBeNull();
  });
});
