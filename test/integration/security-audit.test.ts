/**
 * Security checks 15–18 and 22 (docs/reliability.md): the audit trail is complete, actor-bound,
 * tamper-proof for the application's role, and replayable into the current data.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { connectClient } from '@/db/pg-client';
import { createPgDatabase, type Database, type Db } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { auditLog, baselineForms, discontinuationForms, followUpForms, patients, subsequentTherapies, therapyForms, users } from '@/db/schema';
import { migrate } from '@/db/migrate';
import { seedDemo } from '@/db/seed/seed-demo';
import { authenticate } from '@/lib/auth/authenticate';
import { changeRole } from '@/lib/services/users/change-role';
import { recordEvent } from '@/lib/services/audit/record-event';
import { applyAppRole } from '@/scripts/db-roles';
import { makeCentre, makePatient, makeUser, principal } from './helpers/fixtures';
import { replayMismatches } from './helpers/audit-replay';
import { TEST_DB_KIND, testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => { database = await factory.fresh(); });

const rows = <T,>(r: unknown) => (r as { rows: T[] }).rows;

describe('check 18: replaying the audit log', () => {
  it('reproduces every current field value of the demo cohort after a scripted series of edits', async () => {
    const { db } = database;
    await seedDemo(database);
    const [editor] = await db.select().from(users).where(eq(users.email, 'investigator.pl01@demo.cll-registry.org'));
    if (!editor) throw new Error('demo investigator missing');
    const actor = { id: editor.id, label: editor.email };
    const sample = await db.select().from(patients).where(eq(patients.centreId, editor.centreId ?? -1)).limit(6);
    expect(sample.length).toBeGreaterThan(3);
    const [p0, p1, p2, p3] = sample;
    if (!p0 || !p1 || !p2 || !p3) throw new Error('sample too small');
    // value→value, value→null, null→value, array change, soft delete, repeated edits, a new row.
    const edits: ((tx: Parameters<Parameters<Db['transaction']>[0]>[0]) => Promise<unknown>)[] = [
      (tx) => tx.update(baselineForms).set({ ecog: 3, version: sql`version + 1` }).where(eq(baselineForms.patientId, p0.id)),
      (tx) => tx.update(baselineForms).set({ ecog: null, raiStage: null }).where(eq(baselineForms.patientId, p1.id)),
      (tx) => tx.update(baselineForms).set({ binetStage: 'B', inclusionCriteria: ['a', 'c'] }).where(eq(baselineForms.patientId, p2.id)),
      (tx) => tx.update(baselineForms).set({ inclusionCriteria: ['a'] }).where(eq(baselineForms.patientId, p2.id)),
      (tx) => tx.update(followUpForms).set({ lastContactDate: '2018-03-01' }).where(eq(followUpForms.patientId, p3.id)),
      (tx) => tx.update(followUpForms).set({ lastContactDate: '2018-04-01', vitalStatus: 'alive' }).where(eq(followUpForms.patientId, p3.id)),
      (tx) => tx.update(patients).set({ status: 'withdrawn' }).where(eq(patients.id, p3.id)),
      async (tx) => {
        const [form] = await tx.select().from(therapyForms).where(eq(therapyForms.patientId, p0.id));
        const formId = form?.id ?? (await tx.insert(therapyForms).values({ patientId: p0.id }).returning())[0]?.id;
        if (formId === undefined) throw new Error('no therapy form');
        const [row] = await tx.insert(subsequentTherapies).values({ formId, patientId: p0.id, position: 9, regimen: 'R-CHOP', startDate: '2018-05-01' }).returning();
        if (row) await tx.update(subsequentTherapies).set({ deleted: true }).where(eq(subsequentTherapies.id, row.id));
      },
      (tx) => tx.update(discontinuationForms).set({ aeVerbatim: '<script>alert(1)</script>' }).where(eq(discontinuationForms.patientId, p1.id)),
    ];
    for (const [i, edit] of edits.entries()) {
      await db.transaction(async (tx) => { await setAuditContext(tx, actor, `scripted edit ${i}`); await edit(tx); });
    }
    const { compared, mismatches } = await replayMismatches(db);
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(165 * 10);
    // Every edit row carries actor, UTC time and reason.
    const editRows = await db.select().from(auditLog).where(eq(auditLog.actorId, editor.id));
    expect(editRows.length).toBeGreaterThanOrEqual(edits.length);
    for (const r of editRows) {
      expect(r.actorLabel).toBe(editor.email);
      expect(r.reason).toMatch(/^scripted edit \d$/);
      expect(r.at).toBeInstanceOf(Date);
    }
  });

  it('also holds login, role and account events', async () => {
    const { db } = database;
    const admin = await makeUser(db, { email: 'admin@x.org', role: 'admin' });
    const coord = await makeUser(db, { email: 'c@x.org', role: 'coordinator' });
    await authenticate(db, 'c@x.org', 'correct horse battery', '10.1.1.1');
    await authenticate(db, 'c@x.org', 'wrong password here', '10.1.1.1');
    await changeRole(db, { ...principal(admin), email: admin.email }, { id: coord.id, role: 'admin', centreId: null });
    const actions = (await db.select({ a: auditLog.action }).from(auditLog)).map((r) => r.a);
    expect(actions).toEqual(expect.arrayContaining(['login', 'login_failed', 'role_changed']));
  });

  it('fails when the data was changed behind the trigger (the replay check can fail)', async () => {
    const { db } = database;
    const c = await makeCentre(db, 'PL-01');
    const u = await makeUser(db, { email: 'i@x.org', role: 'investigator', centreId: c.id });
    const p = await makePatient(db, c, 1, u.id);
    await db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`); // triggers off: a tampering superuser
      await tx.update(patients).set({ birthYear: 1977 }).where(eq(patients.id, p.id));
    });
    expect((await replayMismatches(db)).mismatches).toEqual([`patients#${p.id}.birth_year: table 1977 ≠ replay 1950`]);
  });
});

describe('checks 15, 16, 22: field changes, actor, atomicity', () => {
  it('16: a pooled connection reused after a committed write cannot write anonymously', async () => {
    const { db } = database;
    const c = await makeCentre(db, 'PL-01');
    const u = await makeUser(db, { email: 'i@x.org', role: 'investigator', centreId: c.id });
    const single = database.url ? createPgDatabase(database.url, { max: 1 }) : database;
    try {
      const p = await makePatient(single.db, c, 1, u.id); // sets the context (transaction-local) on the only connection
      // Same connection again: app.actor_id now reads back as '' rather than NULL — still refused.
      const leftover = rows<{ v: string | null }>(await single.db.execute(sql`SELECT current_setting('app.actor_id', true) AS v`))[0]?.v;
      expect(leftover === '' || leftover === null).toBe(true);
      await expect(single.db.update(patients).set({ birthYear: 1960 }).where(eq(patients.id, p.id))).rejects.toThrow();
      const audit = await db.select().from(auditLog).where(and(eq(auditLog.tableName, 'patients'), eq(auditLog.field, 'birth_year')));
      expect(audit.map((a) => a.newValue)).toEqual(['1950']);
      expect((await db.select().from(auditLog)).every((a) => a.actorLabel !== '')).toBe(true);
    } finally {
      if (single !== database) await single.close();
    }
  });

  it('15 + 22: one audit row per changed field, none for unchanged ones; a failed audit insert rolls the change back', async () => {
    const { db } = database;
    const c = await makeCentre(db, 'PL-01');
    const u = await makeUser(db, { email: 'i@x.org', role: 'investigator', centreId: c.id });
    const p = await makePatient(db, c, 1, u.id);
    const before = (await db.select().from(auditLog)).length;
    await db.transaction(async (tx) => {
      await setAuditContext(tx, { id: u.id, label: u.email }, 'typo');
      await tx.update(patients).set({ birthYear: 1951, sex: 'female' }).where(eq(patients.id, p.id)); // sex unchanged
    });
    const after = await db.select().from(auditLog);
    expect(after.length - before).toBe(1);
    expect(after.at(-1)).toMatchObject({ field: 'birth_year', oldValue: '1950', newValue: '1951', reason: 'typo', actorId: u.id });
    await expect(db.transaction(async (tx) => {
      await setAuditContext(tx, { id: u.id, label: u.email });
      await tx.update(patients).set({ birthYear: 1999 }).where(eq(patients.id, p.id));
      await tx.execute(sql`INSERT INTO audit_log (actor_label, action, table_name) VALUES (NULL, 'x', 'y')`); // audit failure
    })).rejects.toThrow();
    expect((await db.select().from(patients).where(eq(patients.id, p.id)))[0]?.birthYear).toBe(1951);
    expect(await db.select().from(auditLog)).toHaveLength(after.length);
  });
});

describe.skipIf(TEST_DB_KIND !== 'pg')('check 17: the application role cannot rewrite the audit trail (PostgreSQL)', () => {
  it('cll_app reads audit rows and adds events only through audit_event(); it cannot insert, backdate, update, delete or truncate them', async () => {
    const { db } = database;
    if (!database.url) throw new Error('pg database without url');
    const c = await makeCentre(db, 'PL-01');
    const u = await makeUser(db, { email: 'i@x.org', role: 'investigator', centreId: c.id });
    const p = await makePatient(db, c, 1, u.id);
    const role = `cll_app_t${randomBytes(4).toString('hex')}`;
    const owner = await connectClient(database.url, { label: 'audit test' });
    try {
      await applyAppRole(owner, { role });
      const url = new URL(database.url); url.username = role; url.password = '';
      const app = createPgDatabase(url.toString(), { max: 1 });
      try {
        const n = (await app.db.select().from(auditLog)).length;
        expect(n).toBeGreaterThan(0);
        // Normal work: data writes with an actor, audit inserts.
        await app.db.transaction(async (tx) => {
          await setAuditContext(tx, { id: u.id, label: u.email }, 'as cll_app');
          await tx.update(patients).set({ birthYear: 1961 }).where(eq(patients.id, p.id));
        });
        // Events go through audit_event() (recordEvent), the app role's only way to add a row.
        await recordEvent(app.db, { actor: { id: u.id, label: u.email }, action: 'data_export', tableName: 'patients' });
        // Enough rights for normal work: start-up migrate (nothing to apply), login (attempt, session, audit rows).
        expect((await migrate(app)).applied).toEqual([]);
        const login = await authenticate(app.db, 'i@x.org', 'correct horse battery', null);
        expect(login.ok).toBe(true);
        const extraAudit = (await db.select().from(auditLog)).length - n - 2;
        const denied = async (q: Promise<unknown>) => {
          const err = await q.then(() => null, (e: unknown) => e as { cause?: { code?: string }; code?: string });
          expect(err, 'statement should be refused').not.toBeNull();
          expect(err?.cause?.code ?? err?.code).toBe('42501'); // insufficient_privilege, before any trigger
        };
        // Issue 11 item 15: no forged, backdated row, neither directly nor through the function.
        await denied(app.db.insert(auditLog).values({ at: new Date('2001-01-01T00:00:00Z'), actorLabel: 'x', action: 'data_export', tableName: 'patients' }));
        await denied(app.db.execute(sql`INSERT INTO audit_log (at, actor_label, action, table_name) VALUES ('2001-01-01', 'x', 'login', 'users')`));
        // With its own id (no sequence needed): refused by the table privilege itself.
        await denied(app.db.execute(sql`INSERT INTO audit_log (id, at, actor_label, action, table_name) VALUES (900000001, '2001-01-01', 'x', 'login', 'users')`));
        await denied(app.db.execute(sql`SELECT nextval('audit_log_id_seq')`));
        const backdated = await app.db.execute(sql`SELECT audit_event(${u.id}, 'x', 'login', 'users', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, timestamptz '2001-01-01')`)
          .then(() => null, (e: unknown) => (e as { cause?: { code?: string } }).cause?.code);
        expect(backdated).toBe('42883'); // undefined_function: there is no variant with a time
        await denied(app.db.update(auditLog).set({ newValue: 'forged' }));
        await denied(app.db.delete(auditLog));
        await denied(app.db.execute(sql`TRUNCATE audit_log`));
        await denied(app.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER USER`));
        await denied(app.db.execute(sql`DELETE FROM patients`));
        await denied(app.db.execute(sql`DROP TABLE audit_log`)); // must be owner
        expect((await db.select().from(auditLog)).length).toBe(n + 2 + extraAudit);
        expect(extraAudit).toBe(1); // the login event
        expect((await db.select().from(auditLog)).filter((r) => r.at.getTime() < Date.parse('2020-01-01'))).toEqual([]);
        // Bookkeeping as cll_app: a version change is audited, a created_at change refused.
        await app.db.transaction(async (tx) => {
          await setAuditContext(tx, { id: u.id, label: u.email }, 'version only');
          await tx.update(patients).set({ version: 42 }).where(eq(patients.id, p.id));
        });
        expect(await db.select().from(auditLog).where(and(eq(auditLog.field, 'version'), eq(auditLog.reason, 'version only'))))
          .toMatchObject([{ oldValue: '1', newValue: '42', actorId: u.id }]);
        const createdAt = await app.db.transaction(async (tx) => {
          await setAuditContext(tx, { id: u.id, label: u.email });
          await tx.update(patients).set({ createdAt: new Date('2001-01-01T00:00:00Z') }).where(eq(patients.id, p.id));
        }).then(() => null, (e: unknown) => (e as { cause?: { code?: string } }).cause?.code);
        expect(createdAt).toBe('P0001');
      } finally {
        await app.close();
      }
    } finally {
      await owner.query(`DROP OWNED BY ${role}`).catch(() => undefined);
      await owner.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
      await owner.end();
    }
  });
});
if (TEST_DB_KIND !== 'pg') console.warn('[security-audit] check 17 (database roles) runs on PostgreSQL only: skipped on PGlite (set TEST_DATABASE_URL).');
