/**
 * The first administrator (issue 12): the service behind `npm run admin:create`, then the real
 * command as a child process against a scratch database (ADMIN_PASSWORD, and the prompt answered
 * through stdin), logging in afterwards through authenticate().
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { createPgliteDatabase, type Database } from '@/db/client';
import { auditLog, users } from '@/db/schema';
import { authenticate } from '@/lib/auth/authenticate';
import { ServiceError } from '@/lib/services/errors';
import {
  ADMIN_EXISTS_MESSAGE, cliActorLabel, countActiveAdmins, createAdminFromCli,
} from '@/lib/services/users/create-admin-from-cli';
import { NO_ADMIN_NOTICE, noAdminNotice } from '@/lib/dal/admins';
import { makeUser } from './helpers/fixtures';
import { TEST_DB_KIND, testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => { database = await factory.fresh(); });

const PW = 'a long enough password';
const LABEL = cliActorLabel('admin:create', 'operator');
const req = (over: Partial<Parameters<typeof createAdminFromCli>[1]> = {}) => ({
  email: 'First.Admin@Hospital.org', displayName: 'First Admin', password: PW, additional: false, actorLabel: LABEL, ...over,
});

async function refusal(p: Promise<unknown>): Promise<ServiceError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ServiceError);
  return err as ServiceError;
}

describe('createAdminFromCli', () => {
  it('creates an active admin (e-mail in lower case) that can log in, audited with the command line as actor', async () => {
    const { db } = database;
    const created = await createAdminFromCli(db, req());
    expect(created.email).toBe('first.admin@hospital.org');
    const [row] = await db.select().from(users).where(eq(users.id, created.id));
    expect(row).toMatchObject({ role: 'admin', active: true, centreId: null, displayName: 'First Admin' });
    expect(row?.passwordHash).not.toContain(PW);
    const audit = await db.select().from(auditLog).where(eq(auditLog.action, 'user_created'));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: null, actorLabel: 'cli admin:create (os user operator)', tableName: 'users', recordId: String(created.id) });
    expect(JSON.stringify(audit[0]?.details)).not.toContain(PW);
    expect(await countActiveAdmins(db)).toBe(1);
    const login = await authenticate(db, 'first.admin@hospital.org', PW, null);
    expect(login.ok).toBe(true);
  });

  it('refuses a second admin while an active admin exists, unless additional', async () => {
    const { db } = database;
    await createAdminFromCli(db, req());
    const err = await refusal(createAdminFromCli(db, req({ email: 'second@hospital.org' })));
    expect(err.code).toBe('conflict');
    expect(err.message).toBe(ADMIN_EXISTS_MESSAGE);
    expect(await countActiveAdmins(db)).toBe(1);
    await createAdminFromCli(db, req({ email: 'second@hospital.org', additional: true }));
    expect(await countActiveAdmins(db)).toBe(2);
  });

  it('an inactive admin or other roles do not count as an existing admin', async () => {
    const { db } = database;
    await makeUser(db, { email: 'old-admin@x.org', role: 'admin', active: false });
    await makeUser(db, { email: 'coord@x.org', role: 'coordinator' });
    await createAdminFromCli(db, req());
    expect(await countActiveAdmins(db)).toBe(1);
  });

  it('refuses a duplicate e-mail (any letter case), a bad e-mail, a weak password and an empty name; nothing is written', async () => {
    const { db } = database;
    await makeUser(db, { email: 'taken@hospital.org', role: 'coordinator' });
    const dup = await refusal(createAdminFromCli(db, req({ email: 'TAKEN@hospital.org', additional: true })));
    expect(dup.code).toBe('conflict');
    expect(dup.fieldErrors?.email).toEqual(['An account with this email already exists.']);
    const bad = await refusal(createAdminFromCli(db, req({ email: 'not-an-email' })));
    expect(bad.code).toBe('invalid');
    expect(bad.fieldErrors?.email).toEqual(['Enter a valid email address.']);
    const weak = await refusal(createAdminFromCli(db, req({ password: 'short' })));
    expect(weak.fieldErrors?.password).toEqual(['Password must be at least 8 characters.']);
    const long = await refusal(createAdminFromCli(db, req({ password: 'é'.repeat(37) })));
    expect(long.fieldErrors?.password?.[0]).toMatch(/at most 72 bytes/);
    const noName = await refusal(createAdminFromCli(db, req({ displayName: '  ' })));
    expect(noName.fieldErrors?.displayName).toEqual(['Name is required.']);
    expect(await countActiveAdmins(db)).toBe(0);
    expect(await db.select().from(auditLog)).toHaveLength(0);
  });

  it('the start-up notice names the command while there is no active admin, and is silent once there is one', async () => {
    const { db } = database;
    await makeUser(db, { email: 'old-admin@x.org', role: 'admin', active: false });
    expect(await noAdminNotice(db)).toBe(NO_ADMIN_NOTICE);
    expect(NO_ADMIN_NOTICE).toContain('npm run admin:create -- --email');
    expect(NO_ADMIN_NOTICE.split('\n')).toHaveLength(1);
    await createAdminFromCli(db, req());
    expect(await noAdminNotice(db)).toBeNull();
  });

  it('two concurrent first runs create exactly one admin', async () => {
    const { db } = database;
    const results = await Promise.allSettled([
      createAdminFromCli(db, req({ email: 'one@hospital.org' })),
      createAdminFromCli(db, req({ email: 'two@hospital.org' })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await countActiveAdmins(db)).toBe(1);
  });
});

// Each run starts tsx and opens the database: slow on a busy machine, hence the long timeouts.
describe('npm run admin:create (the real command, child process)', () => {
  const tsxCli = path.join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs');
  let scratch: string;
  beforeEach(() => { scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cll-admin-create-')); });
  afterAll(() => { if (scratch) fs.rmSync(scratch, { recursive: true, force: true }); });

  /** PGlite: a fresh, unmigrated data folder (the command migrates it). PostgreSQL: the test's database. */
  function dbEnv(): Record<string, string> {
    if (TEST_DB_KIND === 'pg') {
      if (!database.url) throw new Error('pg test database without url');
      return { DATABASE_URL: database.url };
    }
    return { PGLITE_DATA_DIR: path.join(scratch, 'pglite') };
  }

  function run(args: string[], opts: { env?: Record<string, string>; input?: string } = {}) {
    const env: NodeJS.ProcessEnv = { ...process.env, ...dbEnv(), ...opts.env };
    if (!opts.env?.ADMIN_PASSWORD) delete env.ADMIN_PASSWORD;
    if (TEST_DB_KIND !== 'pg') delete env.DATABASE_URL;
    const r = spawnSync(process.execPath, [tsxCli, '--conditions=react-server', 'scripts/admin-create.ts', ...args], {
      env, input: opts.input ?? '', encoding: 'utf8', timeout: 180_000,
    });
    return { code: r.status, out: r.stdout + r.stderr };
  }

  /** Runs fn against the database the command wrote to (opened after the child exited). */
  async function withCommandDb<T>(fn: (db: Database['db']) => Promise<T>): Promise<T> {
    if (TEST_DB_KIND === 'pg') return fn(database.db);
    const client = await PGlite.create({ dataDir: path.join(scratch, 'pglite') });
    try { return await fn(createPgliteDatabase(client).db); } finally { await client.close(); }
  }

  it('with ADMIN_PASSWORD: migrates, creates the admin, who logs in; a second run is refused (exit 3)', async () => {
    const first = run(['--email', 'ops@hospital.org', '--name', 'Ops Admin'], { env: { ADMIN_PASSWORD: PW } });
    expect(first.out).toContain('administrator ops@hospital.org created');
    expect(first.code).toBe(0);
    const second = run(['--email', 'other@hospital.org', '--name', 'Other'], { env: { ADMIN_PASSWORD: PW } });
    expect(second.code).toBe(3);
    expect(second.out).toContain(ADMIN_EXISTS_MESSAGE);
    const weak = run(['--email', 'other@hospital.org', '--name', 'Other', '--additional'], { env: { ADMIN_PASSWORD: 'short' } });
    expect(weak.code).toBe(2);
    expect(weak.out).toContain('Password must be at least 8 characters.');
    expect(run(['--email', 'nope', '--name', 'X'], { env: { ADMIN_PASSWORD: PW } }).code).toBe(2);
    expect(run(['--name', 'X'], { env: { ADMIN_PASSWORD: PW } }).code).toBe(2);
    await withCommandDb(async (db) => {
      expect((await authenticate(db, 'ops@hospital.org', PW, null)).ok).toBe(true);
      const rows = await db.select().from(auditLog).where(eq(auditLog.action, 'user_created'));
      expect(rows).toHaveLength(1);
      expect(rows[0]?.actorLabel).toBe(`cli admin:create (os user ${os.userInfo().username})`);
      expect(await countActiveAdmins(db)).toBe(1);
    });
  }, 600_000);

  it('password from the prompt (answered on stdin, twice); differing answers create nothing (exit 2)', async () => {
    const differ = run(['--email', 'prompt@hospital.org', '--name', 'Prompted'], { input: `${PW}\nsomething else\n` });
    expect(differ.code).toBe(2);
    expect(differ.out).toContain('The two passwords differ');
    const ok = run(['--email', 'prompt@hospital.org', '--name', 'Prompted'], { input: `${PW}\n${PW}\n` });
    expect(ok.code).toBe(0);
    expect(ok.out).not.toContain(PW);
    await withCommandDb(async (db) => {
      expect((await authenticate(db, 'prompt@hospital.org', PW, null)).ok).toBe(true);
    });
  }, 600_000);
});
