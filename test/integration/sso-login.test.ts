/**
 * Hospital single sign-on: which ID-token identities get a registry session (lib/auth/sso-login.ts).
 * The full round trip through a real OpenID Connect provider is e2e/sso.spec.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { auditLog, sessions, users, userTotp } from '@/db/schema';
import { resolveSession, resolveSessionState } from '@/lib/auth/sessions';
import { identityFromClaims, ssoLogin, type SsoIdentity } from '@/lib/auth/sso-login';
import { makeCentre, makeUser } from './helpers/fixtures';
import { testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => { database = await factory.fresh(); });

const ISSUER = 'https://idp.hospital.example';
const strict = { trustIdpEmail: false, waivesSecondFactor: true };
const identity = (email: string | null, emailVerified = true): SsoIdentity => ({ issuer: ISSUER, subject: 'sub-123', email, emailVerified });

async function eventsOf(action: string) {
  return database.db.select().from(auditLog).where(eq(auditLog.action, action));
}

describe('ssoLogin', () => {
  it('opens a session for a verified e-mail of an active account (case-insensitive), with role and centre from the registry', async () => {
    const { db } = database;
    const c = await makeCentre(db, 'PL-01');
    const u = await makeUser(db, { email: 'Inv@Hospital.example', role: 'investigator', centreId: c.id });
    const res = await ssoLogin(db, identity('  inv@HOSPITAL.example'), strict, '10.1.2.3');
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.userId).toBe(u.id);
    // The same database session a password login opens: it resolves the user with the registry's role and centre.
    expect(await resolveSession(db, res.sessionId)).toMatchObject({ id: u.id, role: 'investigator', centreId: c.id, centreCode: 'PL-01' });
    const [login] = await eventsOf('login');
    expect(login).toMatchObject({ actorId: u.id, actorLabel: 'Inv@Hospital.example', recordId: String(u.id) });
    expect(login?.details).toMatchObject({ method: 'sso', issuer: ISSUER, subject: 'sub-123', ip: '10.1.2.3', secondFactor: 'not required' });
    // Nothing from the IdP is written to the account.
    const [after] = await db.select().from(users).where(eq(users.id, u.id));
    expect(after).toMatchObject({ email: 'Inv@Hospital.example', role: 'investigator', centreId: c.id, active: true });
  });

  it('waives the second factor of an enrolled user when SSO_WAIVES_2FA is true, and asks for it when false', async () => {
    const { db } = database;
    const u = await makeUser(db, { email: 'coord@hospital.example', role: 'coordinator' });
    await db.insert(userTotp).values({ userId: u.id, secretEnc: 'not read here', confirmedAt: new Date() });
    const waived = await ssoLogin(db, identity('coord@hospital.example'), strict, null);
    if (!waived.ok) throw new Error('expected a session');
    expect(await resolveSessionState(db, waived.sessionId)).toMatchObject({ kind: 'full', user: { id: u.id } });
    const asked = await ssoLogin(db, identity('coord@hospital.example'), { ...strict, waivesSecondFactor: false }, null);
    if (!asked.ok) throw new Error('expected a session');
    // Not logged in until the code is given (lib/auth/sessions.ts pending state), as after a password.
    expect(await resolveSession(db, asked.sessionId)).toBeNull();
    expect(await resolveSessionState(db, asked.sessionId)).toMatchObject({ kind: 'pending', step: 'code' });
    expect((await eventsOf('login')).map((e) => (e.details as { secondFactor?: string }).secondFactor)).toEqual(['waived', 'pending']);
  });

  it('refuses an unknown identity (no self-registration) and audits it', async () => {
    const { db } = database;
    await makeUser(db, { email: 'someone@hospital.example', role: 'admin' });
    const before = await db.select().from(users);
    expect(await ssoLogin(db, identity('stranger@hospital.example'), strict, '10.1.2.3')).toEqual({ ok: false, reason: 'unknown_account' });
    expect(await db.select().from(users)).toHaveLength(before.length);
    expect(await db.select().from(sessions)).toHaveLength(0);
    const [refused] = await eventsOf('sso_login_refused');
    expect(refused).toMatchObject({ actorId: null, actorLabel: 'stranger@hospital.example', tableName: 'users' });
    expect(refused?.details).toMatchObject({ reason: 'unknown_account', method: 'sso', issuer: ISSUER, subject: 'sub-123', ip: '10.1.2.3' });
    expect(await eventsOf('login')).toHaveLength(0);
  });

  it('refuses a deactivated account and audits it against that account', async () => {
    const { db } = database;
    const off = await makeUser(db, { email: 'off@hospital.example', role: 'coordinator', active: false });
    expect(await ssoLogin(db, identity('off@hospital.example'), strict, null)).toEqual({ ok: false, reason: 'inactive_account' });
    expect(await db.select().from(sessions)).toHaveLength(0);
    const [refused] = await eventsOf('sso_login_refused');
    expect(refused).toMatchObject({ recordId: String(off.id) });
    expect(refused?.details).toMatchObject({ reason: 'inactive_account' });
  });

  it('refuses an e-mail the IdP did not verify, unless the IdP\'s e-mails are trusted by setting', async () => {
    const { db } = database;
    const u = await makeUser(db, { email: 'inv@hospital.example', role: 'coordinator' });
    expect(await ssoLogin(db, identity('inv@hospital.example', false), strict, null)).toEqual({ ok: false, reason: 'unverified_email' });
    expect(await db.select().from(sessions)).toHaveLength(0);
    expect((await eventsOf('sso_login_refused'))[0]?.details).toMatchObject({ reason: 'unverified_email' });
    const trusted = await ssoLogin(db, identity('inv@hospital.example', false), { ...strict, trustIdpEmail: true }, null);
    expect(trusted).toMatchObject({ ok: true, userId: u.id });
  });

  it('refuses an identity without a usable e-mail', async () => {
    const { db } = database;
    expect(await ssoLogin(db, identity(null), strict, null)).toEqual({ ok: false, reason: 'no_email' });
    expect(await ssoLogin(db, identity(`${'x'.repeat(300)}@hospital.example`), strict, null)).toEqual({ ok: false, reason: 'no_email' });
    const refused = await eventsOf('sso_login_refused');
    expect(refused).toHaveLength(2);
    // An over-long address never becomes the audit label.
    for (const r of refused) expect(r.actorLabel).toBe('sso:sub-123');
  });
});

describe('identityFromClaims', () => {
  it('reads sub, email and email_verified and treats anything else as unverified', () => {
    expect(identityFromClaims(ISSUER, { sub: 's', email: 'a@b.org', email_verified: true })).toEqual({ issuer: ISSUER, subject: 's', email: 'a@b.org', emailVerified: true });
    expect(identityFromClaims(ISSUER, { sub: 's', email: 'a@b.org', email_verified: 'true' }).emailVerified).toBe(true);
    for (const v of [false, 'false', 1, undefined, null]) expect(identityFromClaims(ISSUER, { sub: 's', email: 'a@b.org', email_verified: v }).emailVerified).toBe(false);
    expect(identityFromClaims(ISSUER, { sub: 's', email: 42 }).email).toBeNull();
    expect(identityFromClaims(ISSUER, undefined)).toEqual({ issuer: ISSUER, subject: '', email: null, emailVerified: false });
  });
});
