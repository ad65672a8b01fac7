import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import bcrypt from 'bcryptjs';
import type { Database } from '@/db/client';
import { auditLog, sessions, users } from '@/db/schema';
import { authenticate } from '@/lib/auth/authenticate';
import { BCRYPT_COST } from '@/lib/auth/password';
import { resolveSession } from '@/lib/auth/sessions';
import { ServiceError } from '@/lib/services/errors';
import type { AdminActor } from '@/lib/services/users/admin-actor';
import { changeRole } from '@/lib/services/users/change-role';
import { createUser } from '@/lib/services/users/create-user';
import { getUser, listUsers } from '@/lib/services/users/list-users';
import { LAST_ADMIN_MESSAGE } from '@/lib/services/users/lock-accounts';
import { resetPassword } from '@/lib/services/users/reset-password';
import { setUserActive } from '@/lib/services/users/set-user-active';
import { createUserSchema } from '@/lib/validation/admin';
import { makeCentre, makeUser } from './helpers/fixtures';
import { TEST_DB_KIND, testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => { database = await factory.fresh(); });

type Db = Database['db'];
const PW = 'correct horse battery';

function actor(u: { id: number; role: AdminActor['role']; centreId: number | null; email: string }): AdminActor {
  return { id: u.id, role: u.role, centreId: u.centreId, email: u.email };
}

async function world(db: Db) {
  const pl01 = await makeCentre(db, 'PL-01');
  const pl02 = await makeCentre(db, 'PL-02');
  const admin = actor(await makeUser(db, { email: 'admin@x.org', role: 'admin' }));
  const coordinator = actor(await makeUser(db, { email: 'coord@x.org', role: 'coordinator' }));
  const investigator = actor(await makeUser(db, { email: 'inv@x.org', role: 'investigator', centreId: pl01.id }));
  return { pl01, pl02, admin, coordinator, investigator };
}

async function expectServiceError(p: Promise<unknown>, code: ServiceError['code']) {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ServiceError);
  expect((err as ServiceError).code).toBe(code);
  return err as ServiceError;
}

async function login(db: Db, email: string, password = PW) {
  const r = await authenticate(db, email, password, null);
  if (!r.ok) throw new Error(`login failed: ${r.message}`);
  return r.sessionId;
}

const events = (db: Db, action: string) => db.select().from(auditLog).where(eq(auditLog.action, action));
const newUser = (over: Partial<Parameters<typeof createUser>[2]> = {}) =>
  createUserSchema.parse({ email: 'New.Person@X.org', displayName: 'New Person', role: 'coordinator', centreId: null, password: 'a fresh password', ...over });

/** No audit row may carry a password or a bcrypt hash, in any column. */
async function expectNoSecretsInAudit(db: Db, secrets: string[]) {
  const rows = await db.select().from(auditLog);
  const text = JSON.stringify(rows);
  for (const s of secrets) expect(text).not.toContain(s);
  expect(text).not.toMatch(/\$2[aby]\$\d\d\$/);
}

describe('user services: permission', () => {
  it('refuses coordinators and investigators for every verb, writing nothing', async () => {
    const { db } = database;
    const { admin, coordinator, investigator, pl01 } = await world(db);
    const before = await db.select().from(users);
    for (const who of [coordinator, investigator]) {
      await expectServiceError(listUsers(db, who), 'forbidden');
      await expectServiceError(getUser(db, who, admin.id), 'forbidden');
      await expectServiceError(createUser(db, who, newUser()), 'forbidden');
      await expectServiceError(setUserActive(db, who, { id: admin.id, active: false }), 'forbidden');
      await expectServiceError(changeRole(db, who, { id: who.id, role: 'admin', centreId: null }), 'forbidden');
      await expectServiceError(changeRole(db, who, { id: investigator.id, role: 'investigator', centreId: pl01.id + 1 }), 'forbidden');
      await expectServiceError(resetPassword(db, who, { id: admin.id, password: 'takeover-password' }), 'forbidden');
    }
    expect(await db.select().from(users)).toEqual(before);
    expect(await db.select().from(auditLog)).toHaveLength(0);
  });
});

describe('listUsers / getUser', () => {
  it('returns view rows without any password hash, with centre code and last login', async () => {
    const { db } = database;
    const { admin, investigator } = await world(db);
    await login(db, 'inv@x.org');
    const list = await listUsers(db, admin);
    expect(list.map((u) => u.email)).toEqual(['admin@x.org', 'coord@x.org', 'inv@x.org']);
    const inv = list.find((u) => u.id === investigator.id);
    expect(inv).toMatchObject({ role: 'investigator', centreCode: 'PL-01', active: true });
    expect(inv?.lastLoginAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(list.find((u) => u.id === admin.id)?.lastLoginAt).toBeNull();
    expect(JSON.stringify(list)).not.toMatch(/\$2[aby]\$|passwordHash|password/);
    expect(Object.keys(await getUser(db, admin, admin.id)).sort()).toEqual(
      ['active', 'centreCode', 'centreId', 'createdAt', 'displayName', 'email', 'id', 'lastLoginAt', 'role'],
    );
    await expectServiceError(getUser(db, admin, 424242), 'not_found');
  });
});

describe('createUser', () => {
  it('creates an account that can log in; email stored lower-case; bcrypt hash; audited without secrets', async () => {
    const { db } = database;
    const { admin, pl02 } = await world(db);
    const u = await createUser(db, admin, newUser({ role: 'investigator', centreId: pl02.id }));
    expect(u).toMatchObject({ email: 'new.person@x.org', displayName: 'New Person', role: 'investigator', centreCode: 'PL-02', active: true, lastLoginAt: null });
    const [row] = await db.select().from(users).where(eq(users.id, u.id));
    expect(row?.passwordHash.startsWith(`$2b$${BCRYPT_COST}$`)).toBe(true);
    expect(await bcrypt.compare('a fresh password', row?.passwordHash ?? '')).toBe(true);
    const s = await login(db, 'NEW.person@x.org', 'a fresh password');
    expect((await resolveSession(db, s))?.centreCode).toBe('PL-02');
    const [e] = await events(db, 'user_created');
    expect(e).toMatchObject({ actorId: admin.id, actorLabel: 'admin@x.org', recordId: String(u.id), centreId: pl02.id });
    expect(e?.details).toEqual({ email: 'new.person@x.org', displayName: 'New Person', role: 'investigator', centre: 'PL-02' });
    await expectNoSecretsInAudit(db, ['a fresh password', row?.passwordHash ?? 'x']);
  });

  it('refuses an email taken in any letter case (also concurrently), with a field error', async () => {
    const { db } = database;
    const { admin } = await world(db);
    const err = await expectServiceError(createUser(db, admin, newUser({ email: 'COORD@x.org' })), 'conflict');
    expect(err.fieldErrors?.email).toEqual(['An account with this email already exists.']);
    const results = await Promise.allSettled([
      createUser(db, admin, newUser({ email: 'twin@x.org' })),
      createUser(db, admin, newUser({ email: 'Twin@X.org' })),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await db.select().from(users).where(eq(users.email, 'twin@x.org'))).toHaveLength(1);
    expect(await events(db, 'user_created')).toHaveLength(1);
  });

  it('enforces the centre rule: required and active for investigators, forbidden for other roles', async () => {
    const { db } = database;
    const { admin, pl01 } = await world(db);
    const inactive = await makeCentre(db, 'PL-08', false);
    // The service re-checks what the schema checks: the schema is not the boundary.
    const e1 = await expectServiceError(createUser(db, admin, { ...newUser(), role: 'investigator', centreId: null }), 'invalid');
    expect(e1.fieldErrors?.centreId).toBeDefined();
    await expectServiceError(createUser(db, admin, { ...newUser(), role: 'coordinator', centreId: pl01.id }), 'invalid');
    await expectServiceError(createUser(db, admin, { ...newUser(), role: 'investigator', centreId: 99999 }), 'invalid');
    const e4 = await expectServiceError(createUser(db, admin, { ...newUser(), role: 'investigator', centreId: inactive.id }), 'invalid');
    expect(e4.fieldErrors?.centreId?.[0]).toMatch(/PL-08 is inactive/);
    expect(await db.select().from(users)).toHaveLength(3);
  });
});

describe('setUserActive', () => {
  it('deactivation ends open sessions at once and blocks login; reactivation lets them back; both audited', async () => {
    const { db } = database;
    const { admin, coordinator } = await world(db);
    const s1 = await login(db, 'coord@x.org');
    const s2 = await login(db, 'coord@x.org');
    const r = await setUserActive(db, admin, { id: coordinator.id, active: false });
    expect(r).toMatchObject({ changed: true, user: { active: false } });
    expect(await resolveSession(db, s1)).toBeNull();
    expect(await resolveSession(db, s2)).toBeNull();
    const open = await db.select().from(sessions).where(eq(sessions.userId, coordinator.id));
    expect(open.every((s) => s.revokedAt !== null)).toBe(true);
    expect((await authenticate(db, 'coord@x.org', PW, null)).ok).toBe(false);
    expect((await events(db, 'user_deactivated'))[0]).toMatchObject({ field: 'active', oldValue: 'true', newValue: 'false', recordId: String(coordinator.id), actorId: admin.id });

    expect((await setUserActive(db, admin, { id: coordinator.id, active: false })).changed).toBe(false);
    expect(await events(db, 'user_deactivated')).toHaveLength(1);

    await setUserActive(db, admin, { id: coordinator.id, active: true });
    expect((await events(db, 'user_reactivated'))[0]).toMatchObject({ oldValue: 'false', newValue: 'true' });
    expect(await resolveSession(db, s1)).toBeNull();
    expect((await authenticate(db, 'coord@x.org', PW, null)).ok).toBe(true);
  });

  it('will not reactivate an investigator of an inactive centre', async () => {
    const { db } = database;
    const { admin } = await world(db);
    const closed = await makeCentre(db, 'PL-07', false);
    const u = await makeUser(db, { email: 'old@x.org', role: 'investigator', centreId: closed.id, active: false });
    const err = await expectServiceError(setUserActive(db, admin, { id: u.id, active: true }), 'invalid');
    expect(err.message).toMatch(/PL-07 is inactive/);
    expect(await events(db, 'user_reactivated')).toHaveLength(0);
  });

  it('says not found for an unknown account', async () => {
    const { db } = database;
    const { admin } = await world(db);
    await expectServiceError(setUserActive(db, admin, { id: 5555, active: false }), 'not_found');
  });
});

describe('last active admin', () => {
  it('cannot be deactivated or demoted, not even by themselves; nothing written, sessions kept', async () => {
    const { db } = database;
    const { admin } = await world(db);
    // An inactive admin does not count.
    await makeUser(db, { email: 'retired-admin@x.org', role: 'admin', active: false });
    const s = await login(db, 'admin@x.org');
    const e1 = await expectServiceError(setUserActive(db, admin, { id: admin.id, active: false }), 'conflict');
    expect(e1.message).toBe(LAST_ADMIN_MESSAGE);
    await expectServiceError(changeRole(db, admin, { id: admin.id, role: 'coordinator', centreId: null }), 'conflict');
    await expectServiceError(changeRole(db, admin, { id: admin.id, role: 'investigator', centreId: 1 }), 'conflict');
    const [row] = await db.select().from(users).where(eq(users.id, admin.id));
    expect(row).toMatchObject({ role: 'admin', active: true });
    expect(await resolveSession(db, s)).not.toBeNull();
    expect(await db.select().from(auditLog).where(eq(auditLog.tableName, 'users')).then((r) => r.filter((x) => x.action !== 'login'))).toHaveLength(0);
  });

  it('can step down once another admin is active (self-demotion ends their own sessions)', async () => {
    const { db } = database;
    const { admin, coordinator } = await world(db);
    await changeRole(db, admin, { id: coordinator.id, role: 'admin', centreId: null });
    const s = await login(db, 'admin@x.org');
    const r = await changeRole(db, admin, { id: admin.id, role: 'coordinator', centreId: null });
    expect(r.user.role).toBe('coordinator');
    expect(await resolveSession(db, s)).toBeNull();
    // Now the promoted coordinator is the last admin.
    const newAdmin = actor({ ...coordinator, role: 'admin' });
    await expectServiceError(setUserActive(db, newAdmin, { id: coordinator.id, active: false }), 'conflict');
  });

  it('two concurrent demotions of the last two admins: exactly one succeeds', async () => {
    const { db } = database;
    const { admin } = await world(db);
    const second = actor(await makeUser(db, { email: 'admin2@x.org', role: 'admin' }));
    const results = await Promise.allSettled([
      changeRole(db, admin, { id: admin.id, role: 'coordinator', centreId: null }),
      setUserActive(db, second, { id: second.id, active: false }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected');
    expect(failed?.status === 'rejected' && (failed.reason as ServiceError).code).toBe('conflict');
    const activeAdmins = await db.select().from(users).then((rows) => rows.filter((u) => u.role === 'admin' && u.active));
    expect(activeAdmins).toHaveLength(1);
  });

  it.runIf(TEST_DB_KIND === 'pg')('many concurrent demotions over separate connections leave exactly one active admin', async () => {
    const { db } = database;
    const { admin } = await world(db);
    const admins = [admin];
    for (let i = 2; i <= 6; i++) admins.push(actor(await makeUser(db, { email: `admin${i}@x.org`, role: 'admin' })));
    const results = await Promise.allSettled(admins.map((a, i) => (i % 2
      ? setUserActive(db, a, { id: a.id, active: false })
      : changeRole(db, a, { id: a.id, role: 'coordinator', centreId: null }))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(admins.length - 1);
    const activeAdmins = await db.select().from(users).then((rows) => rows.filter((u) => u.role === 'admin' && u.active));
    expect(activeAdmins).toHaveLength(1);
  });
});

describe('changeRole', () => {
  it('moves an investigator to another centre and to coordinator: audited per field, sessions ended', async () => {
    const { db } = database;
    const { admin, investigator, pl02 } = await world(db);
    const s = await login(db, 'inv@x.org');
    const r1 = await changeRole(db, admin, { id: investigator.id, role: 'investigator', centreId: pl02.id });
    expect(r1).toMatchObject({ changed: true, user: { centreCode: 'PL-02', role: 'investigator' } });
    expect(await resolveSession(db, s)).toBeNull();
    let rows = await events(db, 'role_changed');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ field: 'centre', oldValue: 'PL-01', newValue: 'PL-02', actorId: admin.id });

    const r2 = await changeRole(db, admin, { id: investigator.id, role: 'coordinator', centreId: null });
    expect(r2.user).toMatchObject({ role: 'coordinator', centreId: null, centreCode: null });
    rows = await events(db, 'role_changed');
    expect(rows).toHaveLength(3);
    expect(rows.filter((x) => x.field === 'role')).toMatchObject([{ oldValue: 'investigator', newValue: 'coordinator' }]);
    expect(rows.filter((x) => x.field === 'centre').at(-1)).toMatchObject({ oldValue: 'PL-02', newValue: null });

    expect((await changeRole(db, admin, { id: investigator.id, role: 'coordinator', centreId: null })).changed).toBe(false);
    expect(await events(db, 'role_changed')).toHaveLength(3);
  });

  it('enforces the centre rule in the service and refuses unknown accounts', async () => {
    const { db } = database;
    const { admin, coordinator, pl01 } = await world(db);
    const inactive = await makeCentre(db, 'PL-06', false);
    await expectServiceError(changeRole(db, admin, { id: coordinator.id, role: 'investigator', centreId: null }), 'invalid');
    await expectServiceError(changeRole(db, admin, { id: coordinator.id, role: 'admin', centreId: pl01.id }), 'invalid');
    await expectServiceError(changeRole(db, admin, { id: coordinator.id, role: 'investigator', centreId: inactive.id }), 'invalid');
    await expectServiceError(changeRole(db, admin, { id: 31337, role: 'coordinator', centreId: null }), 'not_found');
    const [row] = await db.select().from(users).where(eq(users.id, coordinator.id));
    expect(row).toMatchObject({ role: 'coordinator', centreId: null });
    expect(await events(db, 'role_changed')).toHaveLength(0);
  });
});

describe('resetPassword', () => {
  it('sets a new bcrypt hash, ends sessions, audits without the password or hash', async () => {
    const { db } = database;
    const { admin, investigator } = await world(db);
    const s = await login(db, 'inv@x.org');
    const [before] = await db.select().from(users).where(eq(users.id, investigator.id));
    const r = await resetPassword(db, admin, { id: investigator.id, password: 'brand new secret 1' });
    expect(r).toEqual({ id: investigator.id, self: false });
    expect(await resolveSession(db, s)).toBeNull();
    expect((await authenticate(db, 'inv@x.org', PW, null)).ok).toBe(false);
    expect((await authenticate(db, 'inv@x.org', 'brand new secret 1', null)).ok).toBe(true);
    const [after] = await db.select().from(users).where(eq(users.id, investigator.id));
    const [e] = await events(db, 'password_reset');
    expect(e).toMatchObject({ actorId: admin.id, recordId: String(investigator.id), oldValue: null, newValue: null });
    await expectNoSecretsInAudit(db, ['brand new secret 1', before?.passwordHash ?? 'x', after?.passwordHash ?? 'x']);
    await expectServiceError(resetPassword(db, admin, { id: 9999, password: 'whatever-pass' }), 'not_found');
  });
});
