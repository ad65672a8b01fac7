/**
 * Two-factor login (issue 13): enrolment, the pending session, code checks (window, replay,
 * throttle), recovery codes and the admin reset, on a migrated database (PGlite and PostgreSQL).
 * REQUIRE_2FA_ROLES=admin here: admins are held at enrolment, other roles may enrol.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database, Db } from '@/db/client';
import { auditLog, recoveryCodes, userTotp } from '@/db/schema';
import { authenticate } from '@/lib/auth/authenticate';
import { resolveSession, resolveSessionState } from '@/lib/auth/sessions';
import { totpCodeAt, TOTP_PERIOD } from '@/lib/auth/totp/totp';
import { confirmEnrolment, SECRET_UNREADABLE, startEnrolment, WRONG_CODE } from '@/lib/services/two-factor/enrolment';
import { resetSecondFactor } from '@/lib/services/two-factor/reset-second-factor';
import { verifySecondFactor } from '@/lib/services/two-factor/verify-second-factor';
import { ServiceError } from '@/lib/services/errors';
import { makeCentre, makeUser } from './helpers/fixtures';
import { testDbFactory, type TestDbFactory } from './helpers/test-db';

vi.hoisted(() => {
  process.env.REQUIRE_2FA_ROLES = 'admin';
  process.env.NEXTAUTH_SECRET ??= 'integration-test-secret-0123456789';
});

let factory: TestDbFactory;
let database: Database;
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => { database = await factory.fresh(); });

const PASSWORD = 'correct horse battery';

async function login(db: Db, email: string) {
  const res = await authenticate(db, email, PASSWORD, '10.0.0.9');
  if (!res.ok) throw new Error(`login failed: ${res.message}`);
  return res;
}

/** A coordinator with a confirmed second factor; returns the secret and the recovery codes. */
async function enrolledCoordinator(db: Db, at: number) {
  const u = await makeUser(db, { email: 'coord@x.org', role: 'coordinator' });
  const first = await login(db, u.email);
  expect(first.secondFactor).toBeNull();
  const me = { id: u.id, email: u.email, sessionId: first.sessionId };
  const { secret, uri } = await startEnrolment(db, me);
  expect(uri).toContain(`secret=${secret}`);
  const { recoveryCodes: codes } = await confirmEnrolment(db, me, totpCodeAt(secret, at), at);
  return { u, secret, codes, firstSessionId: first.sessionId };
}

const actions = async (db: Db, action: string) => db.select().from(auditLog).where(eq(auditLog.action, action));

describe('two-factor enrolment and login', () => {
  it('enrols, stores the secret encrypted and ten hashed recovery codes, then a login is pending until a code', async () => {
    const { db } = database;
    const t0 = Date.now();
    const { u, secret, codes } = await enrolledCoordinator(db, t0);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const [row] = await db.select().from(userTotp).where(eq(userTotp.userId, u.id));
    expect(row?.confirmedAt).not.toBeNull();
    expect(row?.secretEnc).not.toContain(secret);
    const stored = await db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, u.id));
    expect(stored).toHaveLength(10);
    for (const c of codes) expect(stored.map((s) => s.codeHash)).not.toContain(c);
    expect(await actions(db, 'second_factor_enrolled')).toHaveLength(1);

    const pending = await login(db, u.email);
    expect(pending.secondFactor).toBe('code');
    // A pending session is no login: every page and action resolves it to "no user".
    expect(await resolveSession(db, pending.sessionId)).toBeNull();
    expect(await resolveSessionState(db, pending.sessionId)).toMatchObject({ kind: 'pending', step: 'code' });

    const me = { id: u.id, email: u.email, sessionId: pending.sessionId };
    const next = t0 + TOTP_PERIOD * 1000; // the enrolment used the current step: the next one logs in
    expect(await verifySecondFactor(db, me, totpCodeAt(secret, next), '10.0.0.9', next)).toMatchObject({ ok: true, method: 'totp' });
    expect(await resolveSession(db, pending.sessionId)).toMatchObject({ id: u.id, role: 'coordinator' });
    expect(await actions(db, 'second_factor_passed')).toHaveLength(1);
  });

  it('refuses a wrong first code at enrolment and keeps the factor unconfirmed', async () => {
    const { db } = database;
    const u = await makeUser(db, { email: 'inv@x.org', role: 'coordinator' });
    const s = await login(db, u.email);
    const me = { id: u.id, email: u.email, sessionId: s.sessionId };
    const { secret } = await startEnrolment(db, me);
    const wrong = totpCodeAt(secret, Date.now() + 10 * TOTP_PERIOD * 1000);
    await expect(confirmEnrolment(db, me, wrong)).rejects.toThrow(WRONG_CODE);
    const [row] = await db.select().from(userTotp).where(eq(userTotp.userId, u.id));
    expect(row?.confirmedAt).toBeNull();
    expect(await db.select().from(recoveryCodes)).toHaveLength(0);
  });

  it('accepts a code one step off, refuses two steps off, and refuses a replayed code', async () => {
    const { db } = database;
    const t0 = Date.now();
    const { u, secret } = await enrolledCoordinator(db, t0);
    const step = TOTP_PERIOD * 1000;
    const s1 = await login(db, u.email);
    const me1 = { id: u.id, email: u.email, sessionId: s1.sessionId };
    const at = t0 + 5 * step;
    expect((await verifySecondFactor(db, me1, totpCodeAt(secret, at + 2 * step), null, at)).ok).toBe(false);
    const code = totpCodeAt(secret, at - step);
    expect((await verifySecondFactor(db, me1, code, null, at)).ok).toBe(true);
    // The same code again, for another pending session (an attacker who saw it): refused.
    const s2 = await login(db, u.email);
    const me2 = { id: u.id, email: u.email, sessionId: s2.sessionId };
    expect(await verifySecondFactor(db, me2, code, null, at)).toEqual({ ok: false, reason: 'wrong', message: WRONG_CODE });
    // An older step than the last used one is a replay too; a newer step works.
    expect((await verifySecondFactor(db, me2, totpCodeAt(secret, at - 2 * step), null, at - step)).ok).toBe(false);
    expect((await verifySecondFactor(db, me2, totpCodeAt(secret, at), null, at)).ok).toBe(true);
    expect(await resolveSession(db, s2.sessionId)).not.toBeNull();
  });

  it('accepts one code once when two sessions send it at the same moment', async () => {
    const { db } = database;
    const t0 = Date.now();
    const { u, secret } = await enrolledCoordinator(db, t0);
    const at = t0 + 3 * TOTP_PERIOD * 1000;
    const code = totpCodeAt(secret, at);
    const sessions = await Promise.all([login(db, u.email), login(db, u.email), login(db, u.email)]);
    const results = await Promise.all(sessions.map((s) => verifySecondFactor(db, { id: u.id, email: u.email, sessionId: s.sessionId }, code, null, at)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it('throttles wrong codes like passwords: after 5 failures even the right code is refused', async () => {
    const { db } = database;
    const t0 = Date.now();
    const { u, secret } = await enrolledCoordinator(db, t0);
    const s = await login(db, u.email);
    const me = { id: u.id, email: u.email, sessionId: s.sessionId };
    const at = t0 + 4 * TOTP_PERIOD * 1000;
    const right = totpCodeAt(secret, at);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect(await verifySecondFactor(db, me, wrong, null, at)).toMatchObject({ ok: false, reason: 'wrong' });
    const blocked = await verifySecondFactor(db, me, right, null, at);
    expect(blocked).toMatchObject({ ok: false, reason: 'throttled' });
    expect(blocked.ok ? '' : blocked.message).toMatch(/Too many wrong codes/);
    expect(await resolveSession(db, s.sessionId)).toBeNull();
    expect(await actions(db, 'second_factor_failed')).toHaveLength(5);
    expect(await actions(db, 'second_factor_throttled')).toHaveLength(1);
  });

  it('lets a recovery code log in once, and audits its use', async () => {
    const { db } = database;
    const { u, codes } = await enrolledCoordinator(db, Date.now());
    const code = codes[3] ?? '';
    const s1 = await login(db, u.email);
    const r1 = await verifySecondFactor(db, { id: u.id, email: u.email, sessionId: s1.sessionId }, code.toLowerCase(), null);
    expect(r1).toEqual({ ok: true, method: 'recovery_code', recoveryCodesLeft: 9 });
    const s2 = await login(db, u.email);
    expect((await verifySecondFactor(db, { id: u.id, email: u.email, sessionId: s2.sessionId }, code, null)).ok).toBe(false);
    const used = await actions(db, 'recovery_code_used');
    expect(used).toHaveLength(1);
    expect(used[0]?.actorId).toBe(u.id);
  });

  it('an admin reset wipes the factor, ends the user\'s sessions and is audited; the user enrols again', async () => {
    const { db } = database;
    const t0 = Date.now();
    const admin = await makeUser(db, { email: 'admin@x.org', role: 'admin' });
    const { u, codes } = await enrolledCoordinator(db, t0);
    const s = await login(db, u.email);
    await verifySecondFactor(db, { id: u.id, email: u.email, sessionId: s.sessionId }, codes[0] ?? '', null);
    expect(await resolveSession(db, s.sessionId)).not.toBeNull();
    const adminPrincipal = { id: admin.id, role: admin.role, centreId: null, email: admin.email };
    // Only an admin may reset.
    await expect(resetSecondFactor(db, { id: u.id, role: 'coordinator', centreId: null, email: u.email }, u.id)).rejects.toBeInstanceOf(ServiceError);
    await resetSecondFactor(db, adminPrincipal, u.id);
    expect(await resolveSessionState(db, s.sessionId)).toBeNull();
    const [row] = await db.select().from(userTotp).where(eq(userTotp.userId, u.id));
    expect(row).toMatchObject({ confirmedAt: null, secretEnc: '', lastUsedStep: null });
    const live = await db.select().from(recoveryCodes).where(and(eq(recoveryCodes.userId, u.id)));
    expect(live.every((c) => c.revokedAt !== null)).toBe(true);
    const [ev] = await actions(db, 'second_factor_reset');
    expect(ev).toMatchObject({ actorId: admin.id, recordId: String(u.id) });
    // The next login is a plain one (coordinator not required here); the old recovery codes are dead.
    const again = await login(db, u.email);
    expect(again.secondFactor).toBeNull();
    await expect(resetSecondFactor(db, adminPrincipal, u.id)).rejects.toThrow(/no second factor/);
  });

  it('a secret sealed with another key is refused with a message naming the fix, not a random accept or refuse', async () => {
    const { db } = database;
    const { u, secret } = await enrolledCoordinator(db, Date.now());
    const [row] = await db.select().from(userTotp).where(eq(userTotp.userId, u.id));
    // What a changed key looks like to the app: the stored authentication tag no longer matches.
    const parts = (row?.secretEnc ?? '').split('.');
    parts[3] = Buffer.alloc(16, 7).toString('base64url');
    await db.update(userTotp).set({ secretEnc: parts.join('.') }).where(eq(userTotp.userId, u.id));
    const s = await login(db, u.email);
    const at = Date.now() + 30_000;
    await expect(verifySecondFactor(db, { id: u.id, email: u.email, sessionId: s.sessionId }, totpCodeAt(secret, at), null, at))
      .rejects.toThrow(SECRET_UNREADABLE);
    expect(await resolveSession(db, s.sessionId)).toBeNull();
  });

  it('holds a role that requires a second factor at enrolment until it is confirmed', async () => {
    const { db } = database;
    const c = await makeCentre(db, 'PL-01');
    await makeUser(db, { email: 'inv@x.org', role: 'investigator', centreId: c.id });
    expect((await login(db, 'inv@x.org')).secondFactor).toBeNull();
    const admin = await makeUser(db, { email: 'admin@x.org', role: 'admin' });
    const s = await login(db, admin.email);
    expect(s.secondFactor).toBe('enrol');
    expect(await resolveSession(db, s.sessionId)).toBeNull();
    expect(await resolveSessionState(db, s.sessionId)).toMatchObject({ kind: 'pending', step: 'enrol' });
    const me = { id: admin.id, email: admin.email, sessionId: s.sessionId };
    // Starting the set-up is not enough: the session stays pending until a first code confirms it.
    const { secret } = await startEnrolment(db, me);
    expect(await resolveSession(db, s.sessionId)).toBeNull();
    await confirmEnrolment(db, me, totpCodeAt(secret));
    expect(await resolveSession(db, s.sessionId)).toMatchObject({ id: admin.id, role: 'admin' });
    // A confirmed factor cannot be replaced by the session holder.
    await expect(startEnrolment(db, me)).rejects.toThrow(/already set up/);
  });
});
