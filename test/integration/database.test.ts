import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { createPgDatabase, type Database } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { migrate, readMigrations } from '@/db/migrate';
import { auditLog, baselineForms, centres, followUpForms, patients, users } from '@/db/schema';
import { readDemoCohort, seedDemo } from '@/db/seed/seed-demo';
import { makeCentre, makePatient, makeUser } from './helpers/fixtures';
import { testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => { database = await factory.fresh(); });

const rows = <T,>(r: unknown) => (r as { rows: T[] }).rows;

describe('migrations', () => {
  it('are all applied, and a second run applies nothing', async () => {
    const again = await migrate(database);
    expect(again).toEqual({ applied: [], alreadyApplied: readMigrations().length });
  });

  it('run concurrently: each migration is applied exactly once', async () => {
    const list = readMigrations();
    const extra = { tag: '9999_probe', sql: 'CREATE TABLE probe_once (id int);', hash: 'h' };
    // On PostgreSQL the second runner is a separate pool, so only the advisory lock serialises them.
    const other = database.kind === 'pg' && database.url ? createPgDatabase(database.url, { max: 1 }) : database;
    const results = await Promise.all([migrate(database, [...list, extra]), migrate(other, [...list, extra])]);
    if (other !== database) await other.close();
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 1]);
  });

  it('refuse a history that diverges from the code instead of skipping', async () => {
    const list = readMigrations();
    const edited = list.map((m, i) => (i === 0 ? { ...m, hash: 'different' } : m));
    await expect(migrate(database, edited)).rejects.toThrow(/edited after it was applied/);
    const reordered = [list[1], list[0]].filter((m) => m !== undefined);
    await expect(migrate(database, reordered)).rejects.toThrow(/diverged/);
  });
});

describe('audit triggers', () => {
  it('record insert, value→value, value→null and null→value with actor, UTC time and reason', async () => {
    const { db } = database;
    const c = await makeCentre(db, 'PL-01');
    const u = await makeUser(db, { email: 'i@x.org', role: 'investigator', centreId: c.id });
    const p = await makePatient(db, c, 1, u.id);
    await db.transaction(async (tx) => {
      await setAuditContext(tx, { id: u.id, label: u.email });
      await tx.insert(baselineForms).values({ patientId: p.id, ecog: 1 });
    });
    const change = async (values: Partial<typeof baselineForms.$inferInsert>, reason: string) =>
      db.transaction(async (tx) => {
        await setAuditContext(tx, { id: u.id, label: u.email }, reason);
        await tx.update(baselineForms).set(values).where(eq(baselineForms.patientId, p.id));
      });
    await change({ ecog: 2 }, 'typo');
    await change({ ecog: null }, 'unknown');
    await change({ ecog: 3, del17p: 'present' }, 'source document');
    await change({ ecog: 3 }, 'no-op');
    const trail = await db.select().from(auditLog)
      .where(and(eq(auditLog.tableName, 'baseline_forms'), eq(auditLog.field, 'ecog'))).orderBy(auditLog.id);
    expect(trail.map((r) => [r.action, r.oldValue, r.newValue, r.reason])).toEqual([
      ['insert', null, '1', null], ['update', '1', '2', 'typo'], ['update', '2', null, 'unknown'],
      ['update', null, '3', 'source document'],
    ]);
    for (const r of trail) {
      expect(r.actorId).toBe(u.id);
      expect(r.patientId).toBe(p.id);
      expect(r.centreId).toBe(c.id);
      expect(Math.abs(r.at.getTime() - Date.now())).toBeLessThan(60_000);
    }
    const tz = rows<{ tz: string }>(await db.execute(sql`SELECT current_setting('TimeZone') AS tz`))[0]?.tz;
    expect(['UTC', 'Etc/UTC', 'GMT']).toContain(tz === undefined ? 'UTC' : tz === 'UTC' ? 'UTC' : tz);
  });

  it('refuse a change without an actor, including an empty one, and leave no row', async () => {
    const { db } = database;
    const c = await makeCentre(db, 'PL-01');
    await expect(db.insert(patients).values({ code: 'PL-01-001', centreId: c.id, seq: 1, sex: 'male', birthYear: 1950 }))
      .rejects.toThrow();
    await expect(db.transaction(async (tx) => {
      await tx.execute(sql`SELECT set_config('app.actor_id', '', true), set_config('app.actor_label', '', true)`);
      await tx.insert(patients).values({ code: 'PL-01-001', centreId: c.id, seq: 1, sex: 'male', birthYear: 1950 });
    })).rejects.toThrow();
    expect(await db.select().from(patients)).toHaveLength(0);
  });

  it('refuse hard deletes of patient data', async () => {
    const { db } = database;
    const c = await makeCentre(db, 'PL-01');
    const u = await makeUser(db, { email: 'i@x.org', role: 'investigator', centreId: c.id });
    const p = await makePatient(db, c, 1, u.id);
    await expect(db.transaction(async (tx) => {
      await setAuditContext(tx, { id: u.id, label: u.email });
      await tx.delete(patients).where(eq(patients.id, p.id));
    })).rejects.toThrow();
    expect(await db.select().from(patients)).toHaveLength(1);
    // TRUNCATE is a hard delete too (a leaf table: a referenced one fails on its foreign keys first).
    await db.transaction(async (tx) => {
      await setAuditContext(tx, { id: u.id, label: u.email });
      await tx.insert(followUpForms).values({ patientId: p.id, vitalStatus: 'alive' });
    });
    const refusal = await db.transaction(async (tx) => {
      await setAuditContext(tx, { id: u.id, label: u.email });
      await tx.execute(sql`TRUNCATE follow_up_forms`);
    }).then(() => null, (e: unknown) => e as Error & { cause?: Error });
    expect(String(refusal?.cause?.message ?? refusal?.message)).toMatch(/never deleted \(table follow_up_forms, TRUNCATE\)/);
    expect(await db.select().from(followUpForms)).toHaveLength(1);
    expect(await db.select().from(patients)).toHaveLength(1);
  });

  it('audit every record of a multi-row statement with its own patient and centre', async () => {
    // The triggers run once per statement (transition tables): one statement may touch patients
    // of several centres, and each audit row must still name its own record, patient and centre.
    const { db } = database;
    const a = await makeCentre(db, 'PL-01');
    const b = await makeCentre(db, 'PL-02');
    const u = await makeUser(db, { email: 'c@x.org', role: 'coordinator', centreId: null });
    const inserted = await db.transaction(async (tx) => {
      await setAuditContext(tx, { id: u.id, label: u.email }, 'bulk');
      return tx.insert(patients).values([
        { code: 'PL-01-001', centreId: a.id, seq: 1, sex: 'male', birthYear: 1950 },
        { code: 'PL-02-001', centreId: b.id, seq: 1, sex: 'female', birthYear: 1960 },
      ]).returning();
    });
    const [pa, pb] = inserted;
    if (!pa || !pb) throw new Error('patients not inserted');
    await db.transaction(async (tx) => {
      await setAuditContext(tx, { id: u.id, label: u.email }, 'bulk');
      await tx.insert(baselineForms).values([{ patientId: pa.id, ecog: 0 }, { patientId: pb.id, ecog: 1 }]);
    });
    await db.transaction(async (tx) => {
      await setAuditContext(tx, { id: u.id, label: u.email }, 'recoded');
      // One UPDATE: patient a's value changes, patient b's stays the same → audit rows for a only.
      await tx.execute(sql`UPDATE baseline_forms SET ecog = CASE WHEN patient_id = ${pa.id} THEN 2 ELSE 1 END`);
      // A statement that matches nothing leaves no audit row.
      await tx.execute(sql`UPDATE baseline_forms SET ecog = 4 WHERE patient_id = -1`);
    });
    const trail = await db.select().from(auditLog)
      .where(eq(auditLog.tableName, 'baseline_forms')).orderBy(auditLog.id);
    const view = trail.map((r) => [r.action, r.patientId, r.centreId, r.field, r.oldValue, r.newValue, r.reason]);
    expect(view).toEqual(expect.arrayContaining([
      ['insert', pa.id, a.id, 'patient_id', null, String(pa.id), 'bulk'],
      ['insert', pa.id, a.id, 'ecog', null, '0', 'bulk'],
      ['insert', pb.id, b.id, 'ecog', null, '1', 'bulk'],
      ['update', pa.id, a.id, 'ecog', '0', '2', 'recoded'],
    ]));
    expect(trail.filter((r) => r.action === 'update')).toHaveLength(1);
    const patientRows = await db.select().from(auditLog).where(eq(auditLog.tableName, 'patients'));
    expect(new Set(patientRows.map((r) => `${r.recordId}:${r.patientId}:${r.centreId}`)))
      .toEqual(new Set([`${pa.id}:${pa.id}:${a.id}`, `${pb.id}:${pb.id}:${b.id}`]));
    expect(patientRows.find((r) => r.patientId === pb.id && r.field === 'birth_year')?.newValue).toBe('1960');
  });

  it('keep the audit log append-only: no update, delete or truncate', async () => {
    const { db } = database;
    const c = await makeCentre(db, 'PL-01');
    const u = await makeUser(db, { email: 'i@x.org', role: 'investigator', centreId: c.id });
    await makePatient(db, c, 1, u.id);
    const before = await db.select().from(auditLog);
    expect(before.length).toBeGreaterThan(0);
    await expect(db.update(auditLog).set({ newValue: 'forged' })).rejects.toThrow();
    await expect(db.delete(auditLog)).rejects.toThrow();
    await expect(db.execute(sql`TRUNCATE audit_log`)).rejects.toThrow();
    expect(await db.select().from(auditLog)).toEqual(before);
  });

  it('roll back the data change when the audit insert fails (one transaction)', async () => {
    const { db } = database;
    const c = await makeCentre(db, 'PL-01');
    const u = await makeUser(db, { email: 'i@x.org', role: 'investigator', centreId: c.id });
    const p = await makePatient(db, c, 1, u.id);
    // An actor id that is not a number makes the trigger's audit insert fail after the row was written.
    await expect(db.transaction(async (tx) => {
      await setAuditContext(tx, { id: u.id, label: u.email });
      await tx.execute(sql`SELECT set_config('app.actor_id', 'not-a-number', true)`);
      await tx.update(patients).set({ birthYear: 1960 }).where(eq(patients.id, p.id));
    })).rejects.toThrow();
    const [after] = await db.select().from(patients).where(eq(patients.id, p.id));
    expect(after?.birthYear).toBe(1950);
  });
});

describe('demo seed', () => {
  it('writes the demo cohort into the CRF tables once', async () => {
    const first = await seedDemo(database);
    expect(first).toMatchObject({ seeded: true, patients: 165 });
    const second = await seedDemo(database);
    expect(second.seeded).toBe(false);
    const { db } = database;
    expect(await db.select().from(centres)).toHaveLength(8);
    expect(await db.select().from(users)).toHaveLength(4);
    expect(await db.select().from(patients)).toHaveLength(165);
    const dead = await db.select().from(followUpForms).where(eq(followUpForms.vitalStatus, 'dead'));
    expect(dead).toHaveLength(readDemoCohort().patients.filter((p) => p.vitalStatus === 'dead').length);
    const audited = rows<{ n: number }>(await db.execute(sql`SELECT count(DISTINCT patient_id)::int AS n FROM audit_log WHERE table_name = 'patients'`));
    expect(audited[0]?.n).toBe(165);
  });
});
