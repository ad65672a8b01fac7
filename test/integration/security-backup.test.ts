/**
 * Security check 28 (docs/reliability.md): pg_dump -Fc → pg_restore into a scratch database gives
 * identical row counts and checksums for every table, identical sequences and identical triggers.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type pg from 'pg';
import { connectClient } from '@/db/pg-client';
import type { Database } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { baselineForms, patients } from '@/db/schema';
import { seedDemo } from '@/db/seed/seed-demo';
import { dumpDatabase, restoreDatabase } from '@/scripts/db-dump-tools';
import { TEST_DB_KIND, testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => { database = await factory.fresh(); });

interface Fingerprint { tables: Record<string, string>; sequences: Record<string, string>; triggers: string[] }

/** Row count + md5 of all rows (in a stable order) per table; sequence positions; trigger definitions. */
async function fingerprint(client: pg.Client): Promise<Fingerprint> {
  const tables: Record<string, string> = {};
  const names = (await client.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).rows;
  for (const { t } of names) {
    const ident = `"${t.replace(/"/g, '""')}"`;
    const r = await client.query<{ n: string; h: string | null }>(
      `SELECT count(*) AS n, md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS h FROM ${ident} x`);
    tables[t] = `${r.rows[0]?.n}:${r.rows[0]?.h}`;
  }
  const sequences: Record<string, string> = {};
  for (const s of (await client.query<{ name: string; last_value: string | null }>(
    "SELECT sequencename AS name, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1")).rows) {
    sequences[s.name] = String(s.last_value);
  }
  const triggers = (await client.query<{ d: string }>(
    "SELECT pg_get_triggerdef(t.oid) || ' enabled=' || t.tgenabled::text AS d FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND n.nspname = 'public' ORDER BY 1")).rows.map((r) => r.d);
  return { tables, sequences, triggers };
}

describe('backup scripts', () => {
  it('refuse to run without DATABASE_URL, with a message that explains the PGlite alternative', () => {
    for (const script of ['scripts/db-backup.ts', 'scripts/db-restore.ts']) {
      const env = { ...process.env };
      delete env.DATABASE_URL;
      const r = spawnSync('npx', ['tsx', script], { encoding: 'utf8', env });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/DATABASE_URL is not set.*PGLITE_DATA_DIR/s);
    }
  });
});

describe.skipIf(TEST_DB_KIND !== 'pg')('check 28: backup and restore (PostgreSQL)', () => {
  it('restores into a scratch database with identical counts, checksums, sequences and triggers', async () => {
    if (!database.url) throw new Error('pg database without url');
    await seedDemo(database);
    const { db } = database;
    await db.transaction(async (tx) => {
      await setAuditContext(tx, { id: 'system', label: 'backup test' }, 'edit before backup');
      const [p] = await tx.select().from(patients).limit(1);
      if (p) await tx.update(baselineForms).set({ ecog: null }).where(eq(baselineForms.patientId, p.id));
    });
    await db.execute(sql`SELECT nextval('patients_id_seq')`); // a gap: sequences must be restored, not recomputed
    const file = path.join(os.tmpdir(), `cll-backup-${randomBytes(4).toString('hex')}.dump`);
    const scratch = `cll_restore_${process.pid}_${randomBytes(3).toString('hex')}`;
    const adminUrl = new URL(database.url); adminUrl.pathname = '/postgres';
    const admin = await connectClient(adminUrl.toString(), { label: 'backup test' });
    const source = await connectClient(database.url, { label: 'backup test' });
    let target: pg.Client | undefined;
    try {
      dumpDatabase(database.url, file);
      expect(fs.statSync(file).size).toBeGreaterThan(10_000);
      await admin.query(`CREATE DATABASE ${scratch}`);
      const targetUrl = new URL(database.url); targetUrl.pathname = `/${scratch}`;
      restoreDatabase(targetUrl.toString(), file);
      target = await connectClient(targetUrl.toString(), { label: 'backup test' });
      const before = await fingerprint(source);
      const after = await fingerprint(target);
      expect(Object.keys(before.tables)).toEqual(expect.arrayContaining(['audit_log', 'patients', 'baseline_forms', 'users', 'schema_migrations']));
      expect(before.tables.audit_log?.startsWith('0:')).toBe(false);
      expect(after).toEqual(before);
      expect(after.triggers.length).toBeGreaterThanOrEqual(10);
      // The restored copy still enforces the audit rules.
      await expect(target.query("UPDATE audit_log SET new_value = 'x'")).rejects.toThrow(/append-only/);
      await expect(target.query('UPDATE patients SET birth_year = 1900')).rejects.toThrow(/acting user/);
      // And the fingerprint does notice a difference.
      await target.query("INSERT INTO audit_log (actor_label, action, table_name) VALUES ('t', 'x', 'y')");
      expect((await fingerprint(target)).tables.audit_log).not.toBe(before.tables.audit_log);
    } finally {
      await target?.end();
      await source.end();
      await admin.query(`DROP DATABASE IF EXISTS ${scratch}`).catch(() => undefined);
      await admin.end();
      fs.rmSync(file, { force: true });
    }
  });
});
if (TEST_DB_KIND !== 'pg') console.warn('[security-backup] check 28 (pg_dump/pg_restore) runs on PostgreSQL only: skipped on PGlite (set TEST_DATABASE_URL).');
