/**
 * Upgrade from the previous release: a database built by that release's migrations and filled by
 * that release's code (test/fixtures/upgrade/release-*.json.gz: demo cohort, logins, an account,
 * CRF edits, an e-signature, a data query; regenerate with make-release-fixture.ts) is upgraded
 * by today's migrate() with whatever migrations exist now. Every old table keeps its rows and
 * values (row counts and checksums over the columns the release had), the audit trail still
 * replays to the data, and today's code logs in and saves on the upgraded database.
 * A new migration that changes existing values on purpose (a backfill, a recoding) makes this test
 * fail by design: the change must then be audited or explained here, never pass unnoticed.
 * After a release, regenerate the fixture from it (make-release-fixture.ts <rev>) and delete the old one.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database, SqlRunner } from '@/db/client';
import { migrate, readMigrations, type Migration } from '@/db/migrate';
import { authenticate } from '@/lib/auth/authenticate';
import { saveResponse } from '@/lib/services/crf/save-response';
import { saveResponseSchema } from '@/lib/validation/response';
import { replayMismatches } from './helpers/audit-replay';
import { emptyDatabase } from './helpers/test-db';

interface ReleaseFixture {
  release: string;
  migrations: { tag: string; hash: string }[];
  tables: Record<string, Record<string, unknown>[]>;
  sequences: { name: string; last_value: string | null }[];
}

const FIXTURE_DIR = path.join(process.cwd(), 'test', 'fixtures', 'upgrade');
/** The newest release fixture (one per release; the file name carries the git revision). */
function readFixture(): ReleaseFixture {
  const file = fs.readdirSync(FIXTURE_DIR).filter((f) => /^release-.+\.json\.gz$/.test(f)).sort().at(-1);
  if (!file) throw new Error(`no release fixture in ${FIXTURE_DIR}`);
  return JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(FIXTURE_DIR, file))).toString('utf8')) as ReleaseFixture;
}

const fixture = readFixture();
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The release's schema (its migrations, which must still be the first ones, unedited) and its data. */
async function buildReleaseDatabase(database: Database): Promise<void> {
  const current = readMigrations();
  const release = current.slice(0, fixture.migrations.length);
  expect(release.map((m) => ({ tag: m.tag, hash: m.hash }))).toEqual(fixture.migrations);
  await migrate(database, release);
  const conn = await database.connect();
  try {
    await conn.exec('BEGIN');
    // Rows as the release stored them: its triggers already wrote their audit rows (in the fixture),
    // and replica mode keeps triggers (audit, refusals, foreign keys) from firing again on the load.
    await conn.exec('SET LOCAL session_replication_role = replica');
    for (const [table, rows] of Object.entries(fixture.tables)) {
      if (rows.length) await conn.query(`INSERT INTO ${ident(table)} SELECT * FROM json_populate_recordset(NULL::${ident(table)}, $1::json)`, [JSON.stringify(rows)]);
    }
    for (const s of fixture.sequences) {
      if (s.last_value !== null) await conn.query('SELECT setval($1::regclass, $2::bigint)', [s.name, s.last_value]);
    }
    await conn.exec('COMMIT');
  } catch (e) {
    await conn.exec('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await conn.release();
  }
}

type Snapshot = Record<string, { rows: number; md5: string }>;

/** The release's columns of every table it had (a later migration may add columns; those are not compared). */
async function releaseColumns(conn: SqlRunner): Promise<Record<string, string[]>> {
  const { rows } = await conn.query<{ t: string; c: string }>(
    `SELECT table_name AS t, column_name AS c FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name <> 'schema_migrations' ORDER BY table_name, ordinal_position`);
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.t] ??= []).push(r.c);
  return out;
}

/**
 * Migrations that derive new records audit them (0014: the patient course, as actor "migration 0014
 * (patient course)"): the audit trail's old rows are compared, the ones a migration added are checked
 * by `derivedAudit` below.
 */
const AUDIT_BEFORE = 'id <= (SELECT coalesce(max(id), 0) FROM audit_log WHERE actor_label NOT LIKE \'migration %\')';
const DERIVING_MIGRATIONS: Record<string, readonly string[]> = {
  'migration 0014 (patient course)': ['visits', 'adverse_events'],
};

async function snapshot(conn: SqlRunner, columns: Record<string, string[]>): Promise<Snapshot> {
  const out: Snapshot = {};
  for (const [table, cols] of Object.entries(columns)) {
    const { rows: [r] } = await conn.query<{ n: number; md5: string }>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS md5
       FROM (SELECT ${cols.map(ident).join(', ')} FROM ${ident(table)}${table === 'audit_log' ? ` WHERE ${AUDIT_BEFORE}` : ''}) x`);
    out[table] = { rows: r?.n ?? -1, md5: r?.md5 ?? '' };
  }
  return out;
}

async function withConn<T>(database: Database, fn: (c: SqlRunner) => Promise<T>): Promise<T> {
  const conn = await database.connect();
  try { return await fn(conn); } finally { await conn.release(); }
}

let drop: (() => Promise<void>) | null = null;
afterEach(async () => { await drop?.(); drop = null; });

// Migrations, a 5,000-row load and audit replays on PGlite: the first test took 26 s and 46 s on the
// 2-core machine at load averages 13 and 18, close to the suite's 60 s default.
const SLOW = 180_000;

describe(`upgrade from the previous release (${fixture.release})`, () => {
  it('keeps every row, value and audit row of the old tables, the audit trail still replays, and today\'s code works on it', async () => {
    const empty = await emptyDatabase();
    drop = empty.drop;
    const { database } = empty;
    await buildReleaseDatabase(database);
    const columns = await withConn(database, releaseColumns);
    const before = await withConn(database, (c) => snapshot(c, columns));
    // The load itself: every table of the release as the release left it.
    for (const [table, rows] of Object.entries(fixture.tables)) expect(before[table]?.rows, table).toBe(rows.length);
    expect(before.audit_log?.rows).toBeGreaterThan(1000);
    expect(before.patients?.rows).toBe(165);

    const all = readMigrations();
    const result = await migrate(database);
    expect(result.alreadyApplied).toBe(fixture.migrations.length);
    expect(result.applied).toEqual(all.slice(fixture.migrations.length).map((m) => m.tag));

    const after = await withConn(database, (c) => snapshot(c, columns));
    expect(after).toEqual(before);
    // The audit rows the migrations added: only inserts of the records they derive, by their own actor.
    const derived = await withConn(database, (c) => c.query<{ actor_label: string; table_name: string; action: string }>(
      `SELECT DISTINCT actor_label, table_name, action FROM audit_log WHERE NOT (${AUDIT_BEFORE}) ORDER BY 1, 2, 3`));
    for (const r of derived.rows) {
      expect(DERIVING_MIGRATIONS[r.actor_label], r.actor_label).toContain(r.table_name);
      expect(r.action).toBe('insert');
    }
    const replay = await replayMismatches(database.db, columns);
    expect(replay.mismatches).toEqual([]);
    expect(replay.compared).toBeGreaterThan(165 * 10);
    // The release's e-signature is still on its locked form.
    const signed = await withConn(database, (c) => c.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM response_forms WHERE status = 'locked' AND signed_by_name IS NOT NULL AND signed_at IS NOT NULL"));
    expect(signed.rows[0]?.n).toBe(1);

    // Today's code on the upgraded data: a login with the old password hash, and an audited save.
    const login = await authenticate(database.db, 'investigator.pl01@demo.cll-registry.org', 'demo-pl01-pass', '10.0.0.9');
    expect(login.ok).toBe(true);
    const target = await withConn(database, (c) => c.query<{ code: string; version: number; id: number; centre_id: number }>(
      `SELECT p.code, r.version, u.id, u.centre_id FROM patients p JOIN response_forms r ON r.patient_id = p.id
       JOIN users u ON u.email = 'investigator.pl01@demo.cll-registry.org'
       WHERE p.centre_id = u.centre_id AND r.status = 'complete' ORDER BY p.code LIMIT 1`));
    const t = target.rows[0];
    if (!t) throw new Error('no complete response form at PL-01');
    const saved = await saveResponse(database.db, { id: t.id, role: 'investigator', centreId: t.centre_id, email: 'investigator.pl01@demo.cll-registry.org' },
      saveResponseSchema.parse({ patientCode: t.code, version: t.version, idempotencyKey: 'after-upgrade-1', bestResponse: 'SD', assessedDate: '2017-01-15', changeReason: 'after the upgrade' }));
    expect(saved.version).toBe(t.version + 1);
    const audited = await withConn(database, (c) => c.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE reason = 'after the upgrade' AND table_name = 'response_forms'"));
    expect(audited.rows[0]?.n).toBeGreaterThanOrEqual(2);
    expect((await replayMismatches(database.db, columns)).mismatches).toEqual([]);
  }, SLOW);

  it('notices a migration that rewrites patient data behind the audit trail (the checks can fail)', async () => {
    const empty = await emptyDatabase();
    drop = empty.drop;
    const { database } = empty;
    await buildReleaseDatabase(database);
    const columns = await withConn(database, releaseColumns);
    const before = await withConn(database, (c) => snapshot(c, columns));
    // A column type change rewrites values without firing the row-level audit triggers.
    const sqlText = 'ALTER TABLE patients ALTER COLUMN birth_year TYPE integer USING birth_year + 1';
    const tamper: Migration = { tag: '9999_tamper', sql: sqlText, hash: createHash('sha256').update(sqlText).digest('hex') };
    await migrate(database, [...readMigrations(), tamper]);
    const after = await withConn(database, (c) => snapshot(c, columns));
    expect(after.patients?.rows).toBe(before.patients?.rows);
    expect(after.patients?.md5).not.toBe(before.patients?.md5);
    expect(after.audit_log).toEqual(before.audit_log);
    const replay = await replayMismatches(database.db, columns);
    expect(replay.mismatches.filter((m) => /^patients#\d+\.birth_year:/.test(m))).toHaveLength(165);
  }, SLOW);
});
