import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { auditLog, loginAttempts, users } from '@/db/schema';
import { authenticate, INVALID_MESSAGE } from '@/lib/auth/authenticate';
import { authorizeCredentials, LOGIN_UNAVAILABLE, LoginRefused } from '@/lib/auth/next-auth-options';
import { logout } from '@/lib/auth/logout';
import { resolveSession, revokeSession, revokeUserSessions } from '@/lib/auth/sessions';
import { throttleState } from '@/lib/auth/throttle';
import { makeCentre, makeUser } from './helpers/fixtures';
import { testDbFactory, type TestDbFactory } from './helpers/test-db';
import { log } from '@/lib/log/logger';

let factory: TestDbFactory;
let database: Database;
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => { database = await factory.fresh(); });

describe('authenticate', () => {
  it('opens a session for the right password and resolves the user from the database', async () => {
    const { db } = database;
    const c = await makeCentre(db, 'PL-01');
    const u = await makeUser(db, { email: 'Inv@Example.org', role: 'investigator', centreId: c.id });
    const res = await authenticate(db, '  inv@example.ORG ', 'correct horse battery', '10.0.0.1');
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const me = await resolveSession(db, res.sessionId);
    expect(me).toMatchObject({ id: u.id, role: 'investigator', centreId: c.id, centreCode: 'PL-01' });
    const events = await db.select().from(auditLog).where(eq(auditLog.action, 'login'));
    expect(events).toHaveLength(1);
    expect(events[0]?.actorId).toBe(u.id);
  });

  it('refuses a wrong password, an unknown email and a wrong password for an inactive account with the same message', async () => {
    const { db } = database;
    await makeUser(db, { email: 'a@x.org', role: 'admin' });
    await makeUser(db, { email: 'off@x.org', role: 'admin', active: false });
    const results = await Promise.all([
      authenticate(db, 'a@x.org', 'wrong password!', null),
      authenticate(db, 'nobody@x.org', 'correct horse battery', null),
      authenticate(db, 'off@x.org', 'wrong password!', null),
    ]);
    for (const r of results) expect(r).toEqual({ ok: false, reason: 'invalid', message: 'Wrong email or password.' });
    // The right password for a deactivated account: its owner is told why (issue 16, defect 9),
    // still refused, recorded and counted by the throttle like any failure.
    expect(await authenticate(db, 'off@x.org', 'correct horse battery', null)).toEqual({
      ok: false, reason: 'inactive', message: 'This account has been deactivated. Ask your registry administrator to reactivate it.',
    });
    const failed = await db.select().from(auditLog).where(eq(auditLog.action, 'login_failed'));
    expect(failed).toHaveLength(4);
    expect(failed.filter((e) => (e.details as { reason?: string } | null)?.reason === 'inactive account')).toHaveLength(1);
  });

  it('throttles after 5 failures even for the right password, counting every attempt in the database', async () => {
    const { db } = database;
    await makeUser(db, { email: 'a@x.org', role: 'admin' });
    for (let i = 0; i < 5; i++) expect((await authenticate(db, 'a@x.org', `bad-${i}-password`, null)).ok).toBe(false);
    const blocked = await authenticate(db, 'a@x.org', 'correct horse battery', null);
    expect(blocked).toMatchObject({ ok: false, reason: 'throttled' });
    expect((await throttleState(db, 'a@x.org', null)).failures).toBe(5);
    // The window passes: attempts are allowed again.
    const later = new Date(Date.now() + 16 * 60_000);
    expect((await throttleState(db, 'a@x.org', null, later)).blocked).toBe(false);
    expect(await db.select().from(loginAttempts)).toHaveLength(5);
  });

  it('checks at most 5 of 20 concurrent guesses against the password', async () => {
    const { db } = database;
    await makeUser(db, { email: 'burst@x.org', role: 'admin' });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => authenticate(db, 'burst@x.org', `guess-${i}-wrong`, null)));
    expect(results.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(15);
    expect(await db.select().from(auditLog).where(eq(auditLog.action, 'login_failed'))).toHaveLength(5);
  });

  it('accepts a 64-character password', async () => {
    const { db } = database;
    const pw = 'x'.repeat(40) + 'Y'.repeat(24);
    await makeUser(db, { email: 'long@x.org', role: 'coordinator', password: pw });
    expect((await authenticate(db, 'long@x.org', pw, null)).ok).toBe(true);
    expect((await authenticate(db, 'long@x.org', pw.slice(0, 63), null)).ok).toBe(false);
  });
});

describe('sessions', () => {
  async function login(db: Database['db'], email: string) {
    const r = await authenticate(db, email, 'correct horse battery', null);
    if (!r.ok) throw new Error(r.message);
    return r.sessionId;
  }

  it('ends at logout, on deactivation, after idle and absolute timeouts', async () => {
    const { db } = database;
    const u = await makeUser(db, { email: 'c@x.org', role: 'coordinator' });
    const s1 = await login(db, 'c@x.org');
    await revokeSession(db, s1);
    expect(await resolveSession(db, s1)).toBeNull();

    const s2 = await login(db, 'c@x.org');
    expect(await resolveSession(db, s2, new Date(Date.now() + 29 * 60_000))).not.toBeNull();
    expect(await resolveSession(db, s2, new Date(Date.now() + 29 * 60_000 + 31 * 60_000))).toBeNull();

    const s3 = await login(db, 'c@x.org');
    expect(await resolveSession(db, s3, new Date(Date.now() + 13 * 3600_000))).toBeNull();

    const s4 = await login(db, 'c@x.org');
    await db.update(users).set({ active: false }).where(eq(users.id, u.id));
    expect(await resolveSession(db, s4)).toBeNull();
  });

  it('re-reads the role on every resolution', async () => {
    const { db } = database;
    const u = await makeUser(db, { email: 'c@x.org', role: 'coordinator' });
    const s = await login(db, 'c@x.org');
    await db.update(users).set({ role: 'admin' }).where(eq(users.id, u.id));
    expect((await resolveSession(db, s))?.role).toBe('admin');
    await revokeUserSessions(db, u.id);
    expect(await resolveSession(db, s)).toBeNull();
  });

  it('logs out an investigator whose centre is deactivated', async () => {
    const { db } = database;
    const c = await makeCentre(db, 'PL-09', false);
    await makeUser(db, { email: 'i@x.org', role: 'investigator', centreId: c.id });
    const s = await login(db, 'i@x.org');
    expect(await resolveSession(db, s)).toBeNull();
  });
});

describe('the login form path (next-auth authorize)', () => {
  it('passes the refusal message through, and replaces an unexpected server error by a generic message', async () => {
    const { db } = database;
    await makeUser(db, { email: 'c@x.org', role: 'coordinator' });
    await expect(authorizeCredentials({ email: 'c@x.org', password: 'correct horse battery' }, null))
      .resolves.toMatchObject({ id: expect.any(String), sid: expect.any(String) });
    await expect(authorizeCredentials({ email: 'c@x.org', password: 'wrong' }, null)).rejects.toThrow(INVALID_MESSAGE);
    // A failing query (as when the database is unreachable): its message names SQL and the email.
    await db.execute(sql`ALTER TABLE login_attempts RENAME TO login_attempts_gone`);
    const quiet = vi.spyOn(log, 'error').mockImplementation(() => undefined);
    try {
      const err = await authorizeCredentials({ email: 'c@x.org', password: 'correct horse battery' }, null).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(LoginRefused);
      expect((err as Error).message).toBe(LOGIN_UNAVAILABLE);
      expect(quiet).toHaveBeenCalled();
    } finally {
      quiet.mockRestore();
    }
  });
});

describe('logout', () => {
  it('revokes the session and records one logout event for the user (a repeat adds nothing)', async () => {
    const { db } = database;
    const u = await makeUser(db, { email: 'c@x.org', role: 'coordinator' });
    const res = await authenticate(db, 'c@x.org', 'correct horse battery', null);
    if (!res.ok) throw new Error('login failed');
    await logout(db, res.sessionId);
    expect(await resolveSession(db, res.sessionId)).toBeNull();
    await logout(db, res.sessionId);
    await logout(db, 'no-such-session');
    const events = await db.select().from(auditLog).where(eq(auditLog.action, 'logout'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: u.id, actorLabel: 'c@x.org', tableName: 'users', recordId: String(u.id) });
  });
});
