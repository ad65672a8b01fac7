/**
 * E-mail (issue 13): the transactional outbox, its worker against a real SMTP server (smtp-server,
 * read back with mailparser), invitations, password reset links and query notices.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { auditLog, mailOutbox, passwordTokens, queryDigestItems, users } from '@/db/schema';
import { authenticate } from '@/lib/auth/authenticate';
import { resolveSession } from '@/lib/auth/sessions';
import { appLink, mailConfig, resetMailConfigForTests } from '@/lib/mail/config';
import { DIGEST_JOB, runDigestIfDue } from '@/lib/mail/digest';
import { enqueueMail } from '@/lib/mail/outbox';
import { folderTransport, smtpTransport, type MailTransport } from '@/lib/mail/transport';
import { backoffSeconds, claimDueMail, deliverDueMail } from '@/lib/mail/worker';
import { requestPasswordReset, RESET_MAX_PER_EMAIL } from '@/lib/services/account/request-password-reset';
import { LINK_INVALID, setPasswordWithLink } from '@/lib/services/account/set-password-with-link';
import { setQueryDigest } from '@/lib/services/account/set-query-digest';
import { answerQuery } from '@/lib/services/crf/answer-query';
import { raiseQuery } from '@/lib/services/crf/raise-query';
import { noticeQueryRaised } from '@/lib/services/crf/query-notices';
import { ServiceError } from '@/lib/services/errors';
import { createUser } from '@/lib/services/users/create-user';
import { createUserSchema } from '@/lib/validation/admin';
import { makeCentre, makePatient, makeUser, principal } from './helpers/fixtures';
import { SmtpSink } from './helpers/smtp-sink';
import { testDbFactory, type TestDbFactory } from './helpers/test-db';

type Db = Database['db'];
const PUBLIC_URL = 'https://registry.example.test';
const FROM = 'CLL Registry <registry@example.test>';

let factory: TestDbFactory;
let database: Database;
let sink: SmtpSink;
let smtp: MailTransport;
beforeAll(async () => {
  process.env.NEXTAUTH_URL = PUBLIC_URL;
  resetMailConfigForTests();
  factory = await testDbFactory();
});
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => {
  database = await factory.fresh();
  sink = new SmtpSink();
  await sink.start(0);
  smtp = smtpTransport(sink.url);
});
afterEach(async () => { smtp.close(); await sink.stop(); });

async function world(db: Db) {
  const pl01 = await makeCentre(db, 'PL-01');
  const pl02 = await makeCentre(db, 'PL-02');
  const admin = await makeUser(db, { email: 'admin@x.org', role: 'admin' });
  const coord = await makeUser(db, { email: 'coord@x.org', role: 'coordinator' });
  const inv1 = await makeUser(db, { email: 'inv1@x.org', role: 'investigator', centreId: pl01.id });
  const inv1b = await makeUser(db, { email: 'inv1b@x.org', role: 'investigator', centreId: pl01.id });
  await makeUser(db, { email: 'gone@x.org', role: 'investigator', centreId: pl01.id, active: false });
  await makeUser(db, { email: 'inv2@x.org', role: 'investigator', centreId: pl02.id });
  const patient = await makePatient(db, pl01, 1, inv1.id);
  return {
    pl01, pl02, patient,
    admin: { ...principal(admin), email: admin.email },
    coord: { ...principal(coord), email: coord.email },
    inv1: { ...principal(inv1), email: inv1.email },
    inv1b: { ...principal(inv1b), email: inv1b.email },
  };
}

const outbox = (db: Db) => db.select().from(mailOutbox).orderBy(mailOutbox.id);
const deliver = (db: Db) => deliverDueMail(db, smtp, FROM);
const linkToken = (text: string) => {
  const m = /\/password\/set\?token=([A-Za-z0-9_-]{43})/.exec(text);
  if (!m?.[1]) throw new Error(`no link in mail:\n${text}`);
  return m[1];
};
async function errorOf(p: Promise<unknown>): Promise<ServiceError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ServiceError);
  return err as ServiceError;
}
const newPassword = (token: string, password = 'my own new password') => ({ token, password, confirm: password });

describe('transactional outbox', () => {
  it('a mail queued in a transaction that rolls back does not exist; one that commits is delivered', async () => {
    const { db } = database;
    const w = await world(db);
    await db.transaction(async (tx) => {
      await noticeQueryRaised(tx, w.pl01.id, { patientCode: w.patient.code, form: 'baseline', field: 'raiStage' });
      throw new Error('the action fails after queuing');
    }).catch(() => undefined);
    expect(await outbox(db)).toHaveLength(0);
    expect(await deliver(db)).toEqual({ sent: 0, failed: 0 });
    expect(sink.received).toHaveLength(0);
  });

  it('two workers claiming at once never take the same row (FOR UPDATE SKIP LOCKED)', async () => {
    const { db } = database;
    for (let i = 0; i < 30; i++) await enqueueMail(db, { kind: 'query_raised', to: `u${i}@x.org`, subject: 's', text: 't' });
    const [a, b] = await Promise.all([claimDueMail(db, 20), claimDueMail(db, 20)]);
    const ids = [...(a ?? []), ...(b ?? [])].map((r) => r.id);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    // Claimed rows are leased: not due again until the lease runs out.
    expect(await claimDueMail(db, 20)).toEqual([]);
  });

  it('an SMTP outage delays mail (retries with exponential backoff), never fails the action, then delivers', async () => {
    const { db } = database;
    const w = await world(db);
    const port = sink.port;
    await sink.stop();
    // The user's action succeeds while SMTP is down.
    const q = await raiseQuery(db, w.coord, { patientCode: w.patient.code, form: 'baseline', field: 'raiStage', question: 'Rai stage at diagnosis?' });
    expect(q.id).toBeGreaterThan(0);
    expect(await deliver(db)).toEqual({ sent: 0, failed: 2 });
    let rows = await outbox(db);
    expect(rows.map((r) => [r.attempts, r.sentAt])).toEqual([[1, null], [1, null]]);
    const [clock] = ((await db.execute(sql`SELECT now() AS now`)) as unknown as { rows: { now: string }[] }).rows;
    const now = new Date(clock?.now ?? 0).getTime();
    for (const r of rows) {
      expect(r.lastError).toMatch(/ECONNREFUSED|connect/i);
      const wait = (r.nextAttemptAt.getTime() - now) / 1000;
      expect(wait).toBeGreaterThan(backoffSeconds(1) - 5);
      expect(wait).toBeLessThan(backoffSeconds(1) + 5);
    }
    // Not due yet: a round does nothing.
    expect(await deliver(db)).toEqual({ sent: 0, failed: 0 });
    // Due again, still down: the second failure waits twice as long.
    await db.update(mailOutbox).set({ nextAttemptAt: sql`now()` });
    expect(await deliver(db)).toEqual({ sent: 0, failed: 2 });
    rows = await outbox(db);
    expect(rows.every((r) => r.attempts === 2)).toBe(true);
    expect(backoffSeconds(2)).toBe(2 * backoffSeconds(1));
    expect(Math.round(((rows[0]?.nextAttemptAt.getTime() ?? 0) - Date.now()) / 1000)).toBeGreaterThan(backoffSeconds(1) + 10);
    // The server is back: the mails go out, sent_at is kept.
    await sink.start(port);
    smtp.close();
    smtp = smtpTransport(sink.url);
    await db.update(mailOutbox).set({ nextAttemptAt: sql`now()` });
    expect(await deliver(db)).toEqual({ sent: 2, failed: 0 });
    rows = await outbox(db);
    expect(rows.every((r) => r.sentAt !== null && r.lastError === null && r.attempts === 3)).toBe(true);
    expect(sink.received.map((m) => m.to).sort()).toEqual(['inv1@x.org', 'inv1b@x.org']);
    expect(await deliver(db)).toEqual({ sent: 0, failed: 0 });
  });

  it('without SMTP the demo writes each mail as an .eml file', async () => {
    const { db } = database;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cll-mail-'));
    await enqueueMail(db, { kind: 'query_raised', to: 'someone@x.org', subject: 'Hello file', text: 'Body line' });
    const folder = folderTransport(dir);
    expect(await deliverDueMail(db, folder, FROM)).toEqual({ sent: 1, failed: 0 });
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const eml = fs.readFileSync(path.join(dir, files[0] ?? ''), 'utf8');
    expect(eml).toMatch(/^To: someone@x\.org$/m);
    expect(eml).toMatch(/^Subject: Hello file$/m);
    expect(eml).toContain('Body line');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('invitations', () => {
  it('an admin invites without a password; the link (72 h, single use, stored hashed) sets it, the user logs in', async () => {
    const { db } = database;
    const w = await world(db);
    const created = await createUser(db, w.admin, createUserSchema.parse({ email: 'New.Person@X.org', displayName: 'New Person', role: 'coordinator', centreId: null }));
    expect(JSON.stringify(created)).not.toMatch(/password|token/i);
    expect(await deliver(db)).toEqual({ sent: 1, failed: 0 });
    const [mail] = sink.received;
    expect(mail?.to).toBe('new.person@x.org');
    expect(mail?.subject).toBe('Your CLL Registry account');
    expect(mail?.raw.from?.text).toContain('registry@example.test');
    const token = linkToken(mail?.text ?? '');
    expect(mail?.text).toContain(`${PUBLIC_URL}/password/set?token=${token}`);
    // Only the hash is stored; the token expires 72 h after creation.
    const [t] = await db.select().from(passwordTokens).where(eq(passwordTokens.userId, created.id));
    expect(t?.tokenHash).not.toContain(token);
    expect(t?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Math.round(((t?.expiresAt.getTime() ?? 0) - (t?.createdAt.getTime() ?? 0)) / 3600_000)).toBe(72);
    // No login before the link is used (the stored password is random).
    expect((await authenticate(db, 'new.person@x.org', '', null)).ok).toBe(false);
    await setPasswordWithLink(db, newPassword(token));
    const login = await authenticate(db, 'new.person@x.org', 'my own new password', null);
    expect(login.ok).toBe(true);
    // Single use.
    expect((await errorOf(setPasswordWithLink(db, newPassword(token, 'another password')))).message).toBe(LINK_INVALID);
    const audit = await db.select().from(auditLog).where(eq(auditLog.recordId, String(created.id)));
    expect(audit.map((a) => a.action).filter((a) => !a.startsWith('login'))).toEqual(['user_created', 'invitation_sent', 'password_set_by_link']);
    expect(JSON.stringify(audit)).not.toContain(token);
    expect(JSON.stringify(audit)).not.toContain('my own new password');
  });

  it('an expired invitation is refused and changes nothing', async () => {
    const { db } = database;
    const w = await world(db);
    const created = await createUser(db, w.admin, createUserSchema.parse({ email: 'late@x.org', displayName: 'Late', role: 'coordinator', centreId: null }));
    await deliver(db);
    const token = linkToken(sink.received[0]?.text ?? '');
    await db.update(passwordTokens).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(passwordTokens.userId, created.id));
    const [before] = await db.select({ h: users.passwordHash }).from(users).where(eq(users.id, created.id));
    expect((await errorOf(setPasswordWithLink(db, newPassword(token)))).message).toBe(LINK_INVALID);
    const [after] = await db.select({ h: users.passwordHash }).from(users).where(eq(users.id, created.id));
    expect(after?.h).toBe(before?.h);
  });
});

describe('password reset', () => {
  it('the same (empty) answer for unknown e-mails, and nothing queued for them', async () => {
    const { db } = database;
    await world(db);
    expect(await requestPasswordReset(db, { email: 'nobody@x.org' }, '10.0.0.1')).toBe('unknown');
    expect(await requestPasswordReset(db, { email: 'gone@x.org' }, '10.0.0.1')).toBe('unknown');
    expect(await outbox(db)).toHaveLength(0);
    expect(await db.select().from(passwordTokens)).toHaveLength(0);
    expect(await requestPasswordReset(db, { email: 'INV1@x.org' }, '10.0.0.1')).toBe('queued');
    expect(await outbox(db)).toHaveLength(1);
    // Similar timing: the known path only adds a few inserts (the mail is sent later by the worker).
    const time = async (email: string) => {
      const t0 = performance.now();
      await requestPasswordReset(db, { email }, null);
      return performance.now() - t0;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 2; i++) { known.push(await time('coord@x.org')); unknown.push(await time(`nobody${i}@x.org`)); }
    expect(Math.abs(Math.min(...known) - Math.min(...unknown))).toBeLessThan(100);
  });

  it('a single-use link valid 30 minutes; all sessions end after the reset; audited', async () => {
    const { db } = database;
    const w = await world(db);
    const login = await authenticate(db, 'inv1@x.org', 'correct horse battery', null);
    if (!login.ok) throw new Error('login failed');
    await requestPasswordReset(db, { email: 'inv1@x.org' }, '10.0.0.7');
    await deliver(db);
    const [mail] = sink.received;
    expect(mail?.to).toBe('inv1@x.org');
    expect(mail?.text).toContain('30 minutes');
    const token = linkToken(mail?.text ?? '');
    const [t] = await db.select().from(passwordTokens).where(eq(passwordTokens.userId, w.inv1.id));
    expect(Math.round(((t?.expiresAt.getTime() ?? 0) - (t?.createdAt.getTime() ?? 0)) / 60_000)).toBe(30);
    expect(await resolveSession(db, login.sessionId)).not.toBeNull();
    await setPasswordWithLink(db, newPassword(token, 'a brand new secret'));
    expect(await resolveSession(db, login.sessionId)).toBeNull();
    expect((await authenticate(db, 'inv1@x.org', 'correct horse battery', null)).ok).toBe(false);
    expect((await authenticate(db, 'inv1@x.org', 'a brand new secret', null)).ok).toBe(true);
    expect((await errorOf(setPasswordWithLink(db, newPassword(token)))).message).toBe(LINK_INVALID);
    const actions = (await db.select().from(auditLog).where(eq(auditLog.recordId, String(w.inv1.id)))).map((a) => a.action);
    expect(actions).toContain('password_reset_requested');
    expect(actions).toContain('password_set_by_link');
  });

  it('an expired or superseded link is refused', async () => {
    const { db } = database;
    await world(db);
    await requestPasswordReset(db, { email: 'inv1@x.org' }, null);
    await requestPasswordReset(db, { email: 'inv1@x.org' }, null);
    await deliver(db);
    const [first, second] = sink.received.map((m) => linkToken(m.text));
    expect((await errorOf(setPasswordWithLink(db, newPassword(first ?? '')))).message).toBe(LINK_INVALID);
    await db.update(passwordTokens).set({ expiresAt: sql`now() - interval '1 second'` }).where(isNull(passwordTokens.usedAt));
    expect((await errorOf(setPasswordWithLink(db, newPassword(second ?? '')))).message).toBe(LINK_INVALID);
  });

  it('is throttled per e-mail and per source address against mail bombing', async () => {
    const { db } = database;
    await world(db);
    for (let i = 0; i < RESET_MAX_PER_EMAIL; i++) expect(await requestPasswordReset(db, { email: 'inv1@x.org' }, `10.0.1.${i}`)).toBe('queued');
    expect(await requestPasswordReset(db, { email: 'inv1@x.org' }, '10.0.2.1')).toBe('throttled');
    expect(await outbox(db)).toHaveLength(RESET_MAX_PER_EMAIL);
    // Per source: one address asking for many e-mails.
    for (let i = 0; i < 20; i++) await requestPasswordReset(db, { email: `probe${i}@x.org` }, '10.9.9.9');
    expect(await requestPasswordReset(db, { email: 'coord@x.org' }, '10.9.9.9')).toBe('throttled');
    expect(await requestPasswordReset(db, { email: 'coord@x.org' }, '10.9.9.8')).toBe('queued');
  });
});

describe('query notices', () => {
  it("raising a query mails the centre's active investigators (pseudonym only); answering it mails the coordinator", async () => {
    const { db } = database;
    const w = await world(db);
    const q = await raiseQuery(db, w.coord, { patientCode: w.patient.code, form: 'baseline', field: 'raiStage', question: 'Secret clinical detail: Rai IV on 2015-03-02?' });
    await deliver(db);
    expect(sink.received.map((m) => m.to).sort()).toEqual(['inv1@x.org', 'inv1b@x.org']);
    for (const m of sink.received) {
      expect(m.subject).toBe(`CLL Registry: data query on patient ${w.patient.code}`);
      expect(m.text).toContain(`${PUBLIC_URL}/patients/${w.patient.code}`);
      expect(m.text).not.toContain('Secret clinical detail');
      expect(m.text).not.toContain('2015');
    }
    await answerQuery(db, w.inv1, { queryId: q.id, answer: 'Confirmed from the source note of 2015-03-02.' });
    await deliver(db);
    const answered = sink.received.slice(2);
    expect(answered.map((m) => m.to)).toEqual(['coord@x.org']);
    expect(answered[0]?.text).toContain(w.patient.code);
    expect(answered[0]?.text).not.toContain('Confirmed from the source');
  });

  it('a user who chose the digest gets one mail a day, sent by the DB-held schedule', async () => {
    const { db } = database;
    const w = await world(db);
    expect((await setQueryDigest(db, w.inv1, { digest: true })).changed).toBe(true);
    await raiseQuery(db, w.coord, { patientCode: w.patient.code, form: 'baseline', field: 'raiStage', question: 'Stage?' });
    await raiseQuery(db, w.coord, { patientCode: w.patient.code, form: 'response', field: 'bestResponse', question: 'Response?' });
    await deliver(db);
    expect(sink.received.map((m) => m.to)).toEqual(['inv1b@x.org', 'inv1b@x.org']);
    expect(await db.select().from(queryDigestItems).where(eq(queryDigestItems.userId, w.inv1.id))).toHaveLength(2);
    // First run creates the schedule for the next digest hour: not due yet.
    expect(await runDigestIfDue(db, mailConfig().MAIL_DIGEST_HOUR_UTC)).toBeNull();
    await db.execute(sql`UPDATE mail_schedule SET next_run_at = now() - interval '1 minute' WHERE name = ${DIGEST_JOB}`);
    expect(await runDigestIfDue(db, 7)).toBe(1);
    // Ran once: the schedule moved to the next day.
    expect(await runDigestIfDue(db, 7)).toBeNull();
    const [next] = ((await db.execute(sql`SELECT next_run_at AS t FROM mail_schedule WHERE name = ${DIGEST_JOB}`)) as unknown as { rows: { t: string }[] }).rows;
    const nextRun = new Date(next?.t ?? 0);
    expect(nextRun.getUTCHours()).toBe(7);
    expect(nextRun.getTime() - Date.now()).toBeGreaterThan(0);
    expect(nextRun.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
    await deliver(db);
    const digest = sink.received.filter((m) => m.to === 'inv1@x.org');
    expect(digest).toHaveLength(1);
    expect(digest[0]?.subject).toBe('CLL Registry: 2 data queries since the last digest');
    expect(digest[0]?.text).toContain(`patient ${w.patient.code}, form "baseline", field "raiStage"`);
    expect(digest[0]?.text).not.toContain('Stage?');
    expect(await db.select().from(queryDigestItems).where(and(eq(queryDigestItems.userId, w.inv1.id), isNull(queryDigestItems.digestedAt)))).toHaveLength(0);
    expect((await db.select().from(auditLog).where(eq(auditLog.action, 'notification_setting_changed')))).toHaveLength(1);
  });

  it('links use NEXTAUTH_URL', () => {
    expect(appLink('/password/set?token=abc')).toBe(`${PUBLIC_URL}/password/set?token=abc`);
  });
});
