/**
 * Security checks 7, 8 and 9 (docs/reliability.md): password storage, throttling counted in the
 * database across instances, session timeouts and logout — on two independent pools when on PostgreSQL.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import bcrypt from 'bcryptjs';
import type { Database, Db } from '@/db/client';
import { auditLog, loginAttempts, users } from '@/db/schema';
import { authenticate } from '@/lib/auth/authenticate';
import { BCRYPT_COST, hashPassword, passwordSchema } from '@/lib/auth/password';
import { resolveSession, revokeSession } from '@/lib/auth/sessions';
import { newPasswordSchema } from '@/lib/validation/admin';
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
  other = secondInstance(database, 3);
  return () => other.close();
});

describe('check 7: password storage', () => {
  it('stores bcrypt with cost ≥ 10, accepts 64 characters, refuses < 8 and > 72 bytes', async () => {
    expect(BCRYPT_COST).toBeGreaterThanOrEqual(10);
    const pw64 = 'Aa1!'.repeat(16);
    const hash = await hashPassword(pw64);
    expect(hash).toMatch(/^\$2[aby]\$(\d\d)\$/);
    expect(bcrypt.getRounds(hash)).toBeGreaterThanOrEqual(10);
    expect(await bcrypt.compare(pw64, hash)).toBe(true);
    for (const schema of [passwordSchema, newPasswordSchema]) {
      expect(schema.safeParse(pw64).success).toBe(true);
      expect(schema.safeParse('short7!').success).toBe(false);
      expect(schema.safeParse('12345678').success).toBe(true);
      expect(schema.safeParse('ż'.repeat(37)).success).toBe(false); // 74 bytes
    }
  });
});

describe('check 8: brute force across two instances', () => {
  it('locks at N failures in total, whichever instance saw them; every attempt logged in UTC', async () => {
    const { db } = database;
    await makeUser(db, { email: 'victim@x.org', role: 'coordinator' });
    const n = env().LOGIN_MAX_FAILURES;
    for (let i = 0; i < n; i++) {
      const r = await authenticate(i % 2 === 0 ? db : other.db, 'victim@x.org', `wrong-${i}-password`, '10.0.0.7');
      expect(r).toMatchObject({ ok: false, reason: 'invalid' });
    }
    // Limit per (account, source): that source is refused on both instances (other sources: login-throttle.test.ts).
    for (const instance of [db, other.db]) {
      expect(await authenticate(instance, 'victim@x.org', 'correct horse battery', '10.0.0.7')).toMatchObject({ ok: false, reason: 'throttled' });
    }
    expect(await db.select().from(loginAttempts).where(eq(loginAttempts.email, 'victim@x.org'))).toHaveLength(n);
    const events = await db.select().from(auditLog).where(eq(auditLog.actorLabel, 'victim@x.org'));
    expect(events.filter((e) => e.action === 'login_failed')).toHaveLength(n);
    expect(events.filter((e) => e.action === 'login_throttled')).toHaveLength(2);
    // timestamptz columns: stored as UTC instants; the server session reads UTC.
    const tz = (await db.execute(sql`SELECT data_type FROM information_schema.columns WHERE table_name = 'login_attempts' AND column_name = 'at'`)) as unknown as { rows: { data_type: string }[] };
    expect(tz.rows[0]?.data_type).toBe('timestamp with time zone');
  });

  it('a concurrent burst on both instances still ends locked, even for the right password', async () => {
    const { db } = database;
    await makeUser(db, { email: 'burst@x.org', role: 'coordinator' });
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      authenticate(i % 2 ? db : other.db, 'burst@x.org', `guess-${i}-password`, null)));
    expect(burst.every((r) => !r.ok)).toBe(true);
    expect(await authenticate(other.db, 'burst@x.org', 'correct horse battery', null)).toMatchObject({ ok: false, reason: 'throttled' });
  });
});

describe('check 9: sessions', () => {
  it('idle and absolute timeouts force re-login on every instance; logout makes the session id useless', async () => {
    const { db } = database;
    await makeUser(db, { email: 's@x.org', role: 'coordinator' });
    const { SESSION_IDLE_MINUTES: idle, SESSION_ABSOLUTE_HOURS: abs } = env();
    expect(idle).toBeLessThanOrEqual(30);
    expect(abs).toBeLessThanOrEqual(12);
    const login = async () => {
      const r = await authenticate(db, 's@x.org', 'correct horse battery', null);
      if (!r.ok) throw new Error(r.message);
      return r.sessionId;
    };
    const t0 = Date.now();
    const s = await login();
    // Active use keeps it alive (each resolution touches last_seen_at)…
    let t = t0;
    for (let step = 0; step < 3; step++) {
      t += (idle - 1) * 60_000;
      expect(await resolveSession(step % 2 ? db : other.db, s, new Date(t))).not.toBeNull();
    }
    // …idle too long: gone on both instances.
    expect(await resolveSession(other.db, s, new Date(t + (idle + 1) * 60_000))).toBeNull();
    // Absolute lifetime ends even an active session.
    const s2 = await login();
    let t2 = Date.now();
    while (t2 < t0 + abs * 3600_000 - idle * 60_000) {
      expect(await resolveSession(db, s2, new Date(t2))).not.toBeNull();
      t2 += (idle - 1) * 60_000;
    }
    expect(await resolveSession(db, s2, new Date(t0 + abs * 3600_000 + 60_000))).toBeNull();
    // Logout on one instance, refused on the other.
    const s3 = await login();
    await revokeSession(other.db, s3);
    expect(await resolveSession(db, s3)).toBeNull();
    const [u] = await db.select().from(users).where(eq(users.email, 's@x.org'));
    expect(u?.active).toBe(true);
  });
});
