/**
 * Issue 11 items 9 and 11: login input is capped before anything is written, and throttling stops
 * guessing without giving a stranger a button that locks an account's owner out
 * (lib/auth/throttle.ts). Two independent pools stand for two instances on PostgreSQL.
 */
// A small spraying limit keeps the test's password checks few; read once by env() at first use.
process.env.LOGIN_SOURCE_MAX_FAILURES = '8';

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database, Db } from '@/db/client';
import { auditLog, loginAttempts } from '@/db/schema';
import { authenticate, INVALID_MESSAGE } from '@/lib/auth/authenticate';
import { authorizeCredentials, LoginRefused } from '@/lib/auth/next-auth-options';
import { throttleState } from '@/lib/auth/throttle';
import { env } from '@/lib/env';
import { makeUser } from './helpers/fixtures';
import { secondInstance, testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;
let other: { db: Db; close: () => Promise<void> };
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => {
  database = await factory.fresh();
  other = secondInstance(database, 4);
  return () => other.close();
});

const ATTACKER = '198.51.100.7';
const OWNER = '203.0.113.20';
const sleepUntil = (epochMs: number) => new Promise((r) => setTimeout(r, Math.max(0, epochMs - Date.now())));

/** Time of the account's latest failed attempt, as the database stamped it (epoch ms). */
async function latestFailure(db: Db, email: string): Promise<number> {
  const rows = await db.select({ at: loginAttempts.at }).from(loginAttempts).where(and(eq(loginAttempts.email, email), eq(loginAttempts.succeeded, false)));
  return Math.max(...rows.map((r) => new Date(r.at).getTime()));
}

describe('item 9: over-long login input', () => {
  it('refuses a 100,047- and a 5,000-character e-mail and a 1,025-character password with the generic message, writing nothing', async () => {
    const { db } = database;
    await makeUser(db, { email: 'owner@x.org', role: 'coordinator' });
    // Incompressible, so that it could not fit the login_attempts (email, at) index entry.
    const random = randomBytes(4000).toString('base64url').slice(0, 5000);
    const attempts: [string, string][] = [
      ['a'.repeat(100_035) + '@example.org', 'whatever password'],
      [random, 'whatever password'],
      [`${'b'.repeat(243)}@example.org`, 'whatever password'], // 255 characters
      ['owner@x.org', 'x'.repeat(1025)],
    ];
    for (const [email, password] of attempts) {
      expect(await authenticate(db, email, password, ATTACKER)).toEqual({ ok: false, reason: 'invalid', message: INVALID_MESSAGE });
      // The form path: the same refusal, not "server error".
      await expect(authorizeCredentials({ email, password }, ATTACKER)).rejects.toThrow(new LoginRefused(INVALID_MESSAGE));
    }
    expect(await db.select().from(loginAttempts)).toHaveLength(0);
    expect(await db.select().from(auditLog)).toHaveLength(0);
  });

  it('still checks and records an e-mail of exactly 254 characters', async () => {
    const { db } = database;
    const email = `${'c'.repeat(242)}@example.org`;
    expect(email).toHaveLength(254);
    expect(await authenticate(db, email, 'whatever password', ATTACKER)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await db.select().from(loginAttempts).where(eq(loginAttempts.email, email))).toHaveLength(1);
  });
});

describe('item 11: no lock-out button, no brute force', () => {
  it('5 wrong passwords from source A lock A out, not the owner at source B (a source the owner used before, or a new one after seconds)', async () => {
    const { db } = database;
    await makeUser(db, { email: 'owner@x.org', role: 'coordinator' });
    expect((await authenticate(db, 'owner@x.org', 'correct horse battery', OWNER)).ok).toBe(true);
    const n = env().LOGIN_MAX_FAILURES;
    for (let i = 0; i < n; i++) {
      expect(await authenticate(i % 2 ? db : other.db, 'owner@x.org', `guess-${i}-password`, ATTACKER)).toMatchObject({ ok: false, reason: 'invalid' });
    }
    // The attacker's source is refused, even with the right password, on both instances.
    for (const instance of [db, other.db]) {
      const r = await authenticate(instance, 'owner@x.org', 'correct horse battery', ATTACKER);
      expect(r).toMatchObject({ ok: false, reason: 'throttled', message: expect.stringMatching(/Try again in 1[45] minutes/) });
    }
    // The owner, from the address they logged in from before, gets in at once.
    expect((await authenticate(other.db, 'owner@x.org', 'correct horse battery', OWNER)).ok).toBe(true);

    // A fresh round of 5 failures; the owner now tries from a new address: a backoff of seconds, not minutes.
    for (let i = 0; i < n; i++) await authenticate(db, 'owner@x.org', `again-${i}-password`, '198.51.100.8');
    const latest = await latestFailure(db, 'owner@x.org');
    expect(await throttleState(db, 'owner@x.org', '192.0.2.99', new Date(latest + 500)))
      .toMatchObject({ blocked: true, limit: 'account', retryAfterSeconds: 1 });
    expect(await throttleState(db, 'owner@x.org', '192.0.2.99', new Date(latest + 1100))).toMatchObject({ blocked: false });
    await sleepUntil(latest + 1100);
    expect((await authenticate(db, 'owner@x.org', 'correct horse battery', '192.0.2.99')).ok).toBe(true);
    // The attacker's first source stays locked for the whole window.
    const state = await throttleState(db, 'owner@x.org', ATTACKER, new Date(Date.now() + 60_000));
    expect(state).toMatchObject({ blocked: true, limit: 'account_source' });
  });

  it('an attacker rotating addresses: a parallel burst gets 5 checks, then each further check waits 1, 2, 4 … s after the previous', async () => {
    const { db } = database;
    await makeUser(db, { email: 'target@x.org', role: 'admin' });
    const n = env().LOGIN_MAX_FAILURES;
    const wait = (failures: number) => Math.min(env().LOGIN_BACKOFF_MAX_SECONDS, 2 ** (failures - n));
    const burst = await Promise.all(Array.from({ length: 16 }, (_, i) =>
      authenticate(i % 2 ? db : other.db, 'target@x.org', `spray-${i}-password`, `198.51.100.${100 + i}`)));
    // Decided under the account lock: the checked attempts are exactly the recorded ones, the first n
    // at once, every later one only after the backoff since the previous one. (Password checks slow the
    // burst down, so more than 1 s may pass and let a 6th through; what can never happen is a check early.)
    const stamps = (await db.select({ at: loginAttempts.at }).from(loginAttempts).where(eq(loginAttempts.email, 'target@x.org')))
      .map((r) => new Date(r.at).getTime()).sort((a, b) => a - b);
    const checked = burst.filter((r) => !r.ok && r.reason === 'invalid').length;
    expect(checked).toBe(stamps.length);
    expect(checked).toBeGreaterThanOrEqual(n);
    expect(checked).toBeLessThanOrEqual(n + 2);
    expect(burst.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(16 - checked);
    for (let k = n; k < stamps.length; k++) expect((stamps[k] ?? 0) - (stamps[k - 1] ?? 0)).toBeGreaterThanOrEqual(wait(k) * 1000 - 1);
    // The next guess has to wait, then the wait doubles, on every instance.
    const last = stamps.at(-1) ?? 0;
    expect(await throttleState(db, 'target@x.org', '198.51.100.200', new Date(last + 500)))
      .toMatchObject({ blocked: true, limit: 'account', accountFailures: checked, retryAfterSeconds: Math.ceil(wait(checked) - 0.5) });
    await sleepUntil(last + wait(checked) * 1000 + 100);
    expect(await authenticate(db, 'target@x.org', 'one-more-password', '198.51.100.201')).toMatchObject({ ok: false, reason: 'invalid' });
    const next = await latestFailure(db, 'target@x.org');
    expect(await throttleState(other.db, 'target@x.org', '198.51.100.202', new Date(next + 500)))
      .toMatchObject({ blocked: true, limit: 'account', accountFailures: checked + 1, retryAfterSeconds: Math.ceil(wait(checked + 1) - 0.5) });
    expect(await throttleState(other.db, 'target@x.org', '198.51.100.202', new Date(next + wait(checked + 1) * 1000 + 100))).toMatchObject({ blocked: false });
    expect(await db.select().from(auditLog).where(eq(auditLog.action, 'login_throttled'))).toHaveLength(16 - checked);
  });

  it('password spraying: one source gets LOGIN_SOURCE_MAX_FAILURES checks across accounts in a parallel burst; other sources are unaffected', async () => {
    const { db } = database;
    await makeUser(db, { email: 'victim7@x.org', role: 'coordinator' });
    const limit = env().LOGIN_SOURCE_MAX_FAILURES;
    expect(limit).toBe(8);
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      authenticate(i % 2 ? db : other.db, `victim${i}@x.org`, 'Summer2026!', ATTACKER)));
    expect(burst.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(limit);
    expect(burst.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(12 - limit);
    expect(await db.select().from(loginAttempts).where(eq(loginAttempts.ip, ATTACKER))).toHaveLength(limit);
    expect(await throttleState(db, 'someone-else@x.org', ATTACKER)).toMatchObject({ blocked: true, limit: 'source' });
    // victim7 (one failure at most from the sprayer) logs in from their own address.
    expect((await authenticate(db, 'victim7@x.org', 'correct horse battery', OWNER)).ok).toBe(true);
  });
});
