/**
 * Issue 11, items 2 and 15: audit rows carry the time the change was made (so, for one record, the
 * trail reads in the order the changes took effect, also when transactions interleave); events reach
 * audit_log only through audit_event(), which stamps the time itself; bookkeeping columns are audited
 * (version, updated_at, updated_by) or cannot be changed at all (id, created_at, created_by).
 * The PostgreSQL role side (cll_app cannot INSERT into audit_log) is check 17 in security-audit.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { connectClient } from '@/db/pg-client';
import { createPgDatabase, type Database, type Db } from '@/db/client';
import { migrate, readMigrations } from '@/db/migrate';
import { setAuditContext } from '@/db/audit-context';
import { auditLog, baselineForms, patients } from '@/db/schema';
import { recordEvent } from '@/lib/services/audit/record-event';
import { listAuditEvents, queryAuditEvents } from '@/lib/services/audit/list-audit-events';
import { readPatientHistory } from '@/lib/services/crf/read-crf';
import { makeCentre, makePatient, makeUser, principal } from './helpers/fixtures';
import { TEST_DB_KIND, testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => { database = await factory.fresh(); });

const rows = <T,>(r: unknown) => (r as { rows: T[] }).rows;
/** The database's own error (drizzle wraps it as "Failed query: …" with the error as its cause). */
const dbError = (q: Promise<unknown>) => q.then(() => 'no error', (e: unknown) => {
  const err = e as { message: string; cause?: { message?: string; code?: string } };
  return `${err.cause?.code ?? ''} ${err.cause?.message ?? err.message}`;
});

async function setup(db: Db) {
  const c = await makeCentre(db, 'PL-01');
  const inv = await makeUser(db, { email: 'inv@x.org', role: 'investigator', centreId: c.id });
  const coord = await makeUser(db, { email: 'coord@x.org', role: 'coordinator' });
  const p = await makePatient(db, c, 1, inv.id);
  const [form] = await db.transaction(async (tx) => {
    await setAuditContext(tx, { id: inv.id, label: inv.email });
    return tx.insert(baselineForms).values({ patientId: p.id, updatedBy: inv.id }).returning();
  });
  if (!form) throw new Error('form not created');
  return { c, inv, coord, p, form };
}

/** The patient's audit rows in insertion order, with `at` as microseconds after `t0` (PostgreSQL's own arithmetic). */
async function trail(db: Db, patientId: number, t0: string) {
  return rows<{ id: number; action: string; field: string | null; new_value: string | null; after_t0_us: number }>(await db.execute(sql`
    SELECT id::int AS id, action, field, new_value, (extract(epoch FROM at - ${t0}::timestamptz) * 1e6)::float8 AS after_t0_us
    FROM audit_log WHERE patient_id = ${patientId} AND at >= ${t0}::timestamptz - interval '1 hour' ORDER BY id`));
}

describe('item 2: audit rows are stamped with the time of the change', () => {
  it('trigger rows and events of one transaction carry their own clock time, in the order they happened', async () => {
    const { db } = database;
    const { inv, p, form } = await setup(db);
    let t0 = '';
    await db.transaction(async (tx) => {
      await setAuditContext(tx, { id: inv.id, label: inv.email }, 'later in the transaction');
      t0 = rows<{ t: string }>(await tx.execute(sql`SELECT now()::text AS t`))[0]?.t ?? '';
      await tx.execute(sql`SELECT pg_sleep(0.02)`);
      await tx.update(baselineForms).set({ ecog: 1 }).where(eq(baselineForms.id, form.id));
      await recordEvent(tx, { actor: { id: inv.id, label: inv.email }, action: 'form_signed', tableName: 'baseline_forms', recordId: form.id, patientId: p.id });
      await tx.update(baselineForms).set({ ecog: 2 }).where(eq(baselineForms.id, form.id));
    });
    const t = (await trail(db, p.id, t0)).filter((r) => r.after_t0_us > -1);
    expect(t.map((r) => `${r.action}:${r.field ?? ''}:${r.new_value ?? ''}`)).toEqual(['update:ecog:1', 'form_signed::', 'update:ecog:2']);
    // Stamped with now() (the transaction's start) every row would read 0 µs after t0.
    for (const r of t) expect(r.after_t0_us).toBeGreaterThanOrEqual(20_000);
    const [a, b, c] = t;
    expect(a && b && c && a.after_t0_us < b.after_t0_us && b.after_t0_us < c.after_t0_us).toBe(true);
  });

  it.skipIf(TEST_DB_KIND !== 'pg')('two interleaved transactions: the one that changed the form later is stamped later and listed after (PostgreSQL)', async () => {
    const { db } = database;
    const { inv, coord, p, form } = await setup(db);
    const importer = { id: coord.id, label: coord.email };
    const signer = { id: inv.id, label: inv.email };
    let tx1Began!: () => void;
    const began = new Promise<void>((resolve) => { tx1Began = resolve; });
    let tx2Committed!: () => void;
    const committed = new Promise<void>((resolve) => { tx2Committed = resolve; });
    // tx1 (think: a long import) begins first, but changes the form only after tx2 has committed.
    const tx1 = db.transaction(async (tx) => {
      await setAuditContext(tx, importer, 'import: slow.csv');
      await tx.execute(sql`SELECT 1`);
      tx1Began();
      await committed;
      await tx.update(baselineForms).set({ ecog: 3, version: sql`version + 1` }).where(eq(baselineForms.id, form.id));
    });
    await began;
    await db.transaction(async (tx) => {
      await setAuditContext(tx, signer, 'signed');
      await tx.execute(sql`SELECT pg_sleep(0.01)`);
      await tx.update(baselineForms).set({ ecog: 1, version: sql`version + 1` }).where(eq(baselineForms.id, form.id));
      await recordEvent(tx, { actor: signer, action: 'form_signed', tableName: 'baseline_forms', recordId: form.id, patientId: p.id, centreId: p.centreId });
    });
    tx2Committed();
    await tx1;

    const ecog = await database.db.select().from(auditLog).where(and(eq(auditLog.field, 'ecog'), eq(auditLog.action, 'update'))).orderBy(auditLog.id);
    expect(ecog.map((r) => [r.newValue, r.actorId])).toEqual([['1', inv.id], ['3', coord.id]]);
    const [signed, imported] = ecog;
    expect(imported && signed && imported.at.getTime() > signed.at.getTime()).toBe(true);

    // The viewer, newest first: the import's change, then the signature, then the signer's change.
    const wanted = (r: { action: string; field: string | null }) => r.action === 'form_signed' || r.field === 'ecog';
    const viewer = (await listAuditEvents(db, principal(coord), { patient: p.code })).rows.filter(wanted);
    expect(viewer.map((r) => `${r.actorLabel}:${r.action}:${r.newValue ?? ''}`)).toEqual([
      'coord@x.org:update:3', 'inv@x.org:form_signed:', 'inv@x.org:update:1']);
    // The same order page by page through the keyset cursor.
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await queryAuditEvents(db, principal(coord), { patient: p.code, cursor }, 1);
      paged.push(...page.rows.filter(wanted).map((r) => `${r.actorLabel}:${r.action}:${r.newValue ?? ''}`));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(viewer.map((r) => `${r.actorLabel}:${r.action}:${r.newValue ?? ''}`));
    // The patient page's history, newest first, the same way.
    const history = (await readPatientHistory(db, principal(coord), p.code, 1)).rows.filter(wanted);
    expect(history.map((r) => `${r.actor}:${r.action}:${r.newValue ?? ''}`)).toEqual([
      'coord@x.org:update:3', 'inv@x.org:form_signed:', 'inv@x.org:update:1']);
  });
});

describe('item 15: events only through audit_event(), bookkeeping audited or refused', () => {
  it('audit_event() takes no time, refuses data-change actions and an empty actor; recordEvent goes through it', async () => {
    const { db } = database;
    const { inv, p } = await setup(db);
    const fn = rows<{ args: string; definer: boolean; config: string[] | null }>(await db.execute(sql`
      SELECT pg_get_function_identity_arguments(oid) AS args, prosecdef AS definer, proconfig AS config
      FROM pg_proc WHERE proname = 'audit_event'`));
    expect(fn).toHaveLength(1);
    expect(fn[0]?.args).not.toMatch(/timestamp|date|time/);
    expect(fn[0]?.definer).toBe(true);
    expect(fn[0]?.config?.some((c) => c.startsWith('search_path='))).toBe(true);
    const before = (await db.select().from(auditLog)).length;
    // A backdated event is impossible by signature: there is no variant with a time.
    expect(await dbError(db.execute(sql`SELECT audit_event(${inv.id}, 'inv@x.org', 'data_export', 'patients', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
      timestamptz '2001-01-01 00:00:00+00')`))).toMatch(/^42883 function audit_event\(.*\) does not exist/);
    // Rows saying "field X changed" come from the triggers only: the function cannot forge one.
    for (const action of ['update', 'insert', 'delete']) {
      expect(await dbError(db.execute(sql`SELECT audit_event(${inv.id}, 'inv@x.org', ${action}, 'baseline_forms', '1', ${p.id}, NULL, 'ecog', '0', '4', NULL, NULL)`)))
        .toBe(`42501 audit_event: "${action}" rows are written by the data triggers only`);
    }
    expect(await dbError(db.execute(sql`SELECT audit_event(${inv.id}, '', 'data_export', 'patients', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`)))
      .toBe('22023 audit_event: an event needs an actor');
    expect((await db.select().from(auditLog)).length).toBe(before);
    await recordEvent(db, { actor: { id: inv.id, label: inv.email }, action: 'data_export', tableName: 'patients', details: { rows: 3, note: 'a "quoted" value' } });
    const [ev] = await db.select().from(auditLog).where(eq(auditLog.action, 'data_export'));
    expect(ev).toMatchObject({ actorId: inv.id, actorLabel: inv.email, tableName: 'patients', details: { rows: 3, note: 'a "quoted" value' } });
  });

  it('changes of version, updated_at and updated_by are audited; id, created_at and created_by cannot change', async () => {
    const { db } = database;
    const { inv, coord, p, form } = await setup(db);
    const as = (actor: { id: number; email: string }, fn: (tx: Parameters<Parameters<Db['transaction']>[0]>[0]) => Promise<unknown>) =>
      db.transaction(async (tx) => { await setAuditContext(tx, { id: actor.id, label: actor.email }, 'bookkeeping'); await fn(tx); });
    const bookkeeping = async () => (await db.select().from(auditLog)
      .where(and(eq(auditLog.tableName, 'baseline_forms'), eq(auditLog.action, 'update'), inArray(auditLog.field, ['version', 'updated_at', 'updated_by']))))
      .map((r) => `${r.field}:${r.oldValue ?? ''}→${r.newValue ?? ''}`);
    expect(await bookkeeping()).toEqual([]);
    await as(coord, (tx) => tx.update(baselineForms).set({ version: 7 }).where(eq(baselineForms.id, form.id)));
    await as(coord, (tx) => tx.update(baselineForms).set({ updatedBy: coord.id }).where(eq(baselineForms.id, form.id)));
    await as(coord, (tx) => tx.update(baselineForms).set({ updatedAt: new Date('2001-01-01T00:00:00Z') }).where(eq(baselineForms.id, form.id)));
    const audited = await bookkeeping();
    expect(audited.slice(0, 2)).toEqual(['version:1→7', `updated_by:${inv.id}→${coord.id}`]);
    expect(audited[2]).toMatch(/^updated_at:.+→2001-01-01T00:00:00\+00:00$/);

    const refused = [
      () => as(coord, (tx) => tx.update(baselineForms).set({ createdAt: new Date('2001-01-01T00:00:00Z') }).where(eq(baselineForms.id, form.id))),
      () => as(coord, (tx) => tx.update(baselineForms).set({ id: form.id + 1000 }).where(eq(baselineForms.id, form.id))),
      () => as(coord, (tx) => tx.update(patients).set({ createdBy: coord.id }).where(eq(patients.id, p.id))),
      () => as(coord, (tx) => tx.update(patients).set({ createdAt: sql`created_at - interval '1 day'` }).where(eq(patients.id, p.id))),
    ];
    for (const change of refused) expect(await dbError(change())).toMatch(/^P0001 (created_at|created_by|id) of (baseline_forms|patients) row \d+ cannot be changed/);
    const [after] = await db.select().from(baselineForms).where(eq(baselineForms.id, form.id));
    expect(after?.createdAt.getTime()).toBe(form.createdAt.getTime());
    expect((await db.select().from(patients).where(eq(patients.id, p.id)))[0]).toMatchObject({ createdBy: inv.id, createdAt: p.createdAt });
    // Setting them to their own value (a statement writing back the row it read) is not a change.
    await as(coord, (tx) => tx.update(baselineForms).set({ createdAt: sql`created_at`, ecog: 0 }).where(eq(baselineForms.id, form.id)));
  });

  it('bookkeeping set to anything but the database default on INSERT is audited; defaults add no rows', async () => {
    const { db } = database;
    const { inv, coord, c } = await setup(db);
    const make = (seq: number, extra: Partial<typeof patients.$inferInsert>) => db.transaction(async (tx) => {
      await setAuditContext(tx, { id: inv.id, label: inv.email });
      const [row] = await tx.insert(patients).values({ code: `PL-01-00${seq}`, centreId: c.id, seq, sex: 'male', birthYear: 1960, createdBy: inv.id, updatedBy: inv.id, ...extra }).returning();
      if (!row) throw new Error('no patient');
      return row;
    });
    const fields = async (id: number) => (await db.select().from(auditLog).where(and(eq(auditLog.tableName, 'patients'), eq(auditLog.recordId, String(id)))))
      .map((r) => r.field).sort();
    const plain = await make(2, {});
    expect(await fields(plain.id)).toEqual(['birth_year', 'centre_id', 'code', 'seq', 'sex', 'status']);
    const forged = await make(3, { createdAt: new Date('2001-01-01T00:00:00Z'), updatedAt: new Date('2001-01-01T00:00:00Z'), version: 9, createdBy: coord.id, updatedBy: null });
    expect(await fields(forged.id)).toEqual(['birth_year', 'centre_id', 'code', 'created_at', 'created_by', 'seq', 'sex', 'status', 'updated_at', 'version']);
  });

  it.skipIf(TEST_DB_KIND !== 'pg')('an app role set up before migration 0006 loses INSERT on audit_log there and keeps working through audit_event() (PostgreSQL)', async () => {
    if (!database.url) throw new Error('pg database without url');
    const suffix = randomBytes(4).toString('hex');
    const role = `cll_app_old_${suffix}`;
    const name = `cll_b0006_${suffix}`;
    const adminUrl = new URL(database.url); adminUrl.pathname = '/postgres';
    const admin = await connectClient(adminUrl.toString(), { label: 'audit-integrity' });
    await admin.query(`CREATE DATABASE ${name}`);
    const ownerUrl = new URL(database.url); ownerUrl.pathname = `/${name}`;
    const owner = createPgDatabase(ownerUrl.toString(), { max: 1 });
    try {
      const all = readMigrations();
      const at0006 = all.findIndex((m) => m.tag.startsWith('0006_'));
      expect(at0006).toBeGreaterThan(0);
      await migrate(owner, all.slice(0, at0006));
      // The grants scripts/db-roles.ts gave before issue 11: INSERT on audit_log included.
      for (const stmt of [`CREATE ROLE ${role} LOGIN`, `GRANT USAGE ON SCHEMA public TO ${role}`,
        `GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO ${role}`, `REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ${role}`,
        `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`, `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${role}`]) {
        await owner.db.execute(sql.raw(stmt));
      }
      expect((await migrate(owner, all)).applied.map((t) => t.slice(0, 5))).toContain('0006_');
      const appUrl = new URL(ownerUrl); appUrl.username = role; appUrl.password = '';
      const app = createPgDatabase(appUrl.toString(), { max: 1 });
      try {
        const insert = await app.db.execute(sql`INSERT INTO audit_log (id, actor_label, action, table_name) VALUES (900000002, 'x', 'login', 'users')`)
          .then(() => 'inserted', (e: unknown) => (e as { cause?: { code?: string } }).cause?.code);
        expect(insert).toBe('42501');
        await recordEvent(app.db, { actor: { id: 'system', label: 'old role' }, action: 'data_export', tableName: 'patients' });
        expect(rows<{ n: number }>(await owner.db.execute(sql`SELECT count(*)::int AS n FROM audit_log WHERE actor_label = 'old role'`))[0]?.n).toBe(1);
      } finally {
        await app.close();
      }
    } finally {
      await owner.db.execute(sql.raw(`DROP OWNED BY ${role}`)).catch(() => undefined);
      await owner.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
      await admin.end();
    }
  });
});
