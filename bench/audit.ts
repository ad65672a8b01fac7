/**
 * Audit viewer benchmark: a fresh database with a 2,000,000-row audit_log (INSERT … SELECT
 * generate_series: 3 years of events over 8 centres, 5,000 patients, 40 users, 8 tables), then the
 * viewer's own query (lib/services/audit/list-audit-events.ts, keyset on (at, id)) timed for the
 * first page and a deep page (cursor 1,000,000 rows back), unfiltered and with filters. p50/p95 of
 * repeated runs. PGlite always; PostgreSQL too when DATABASE_URL names a local server.
 *
 *   npx tsx --conditions=react-server bench/audit.ts [rows] [runs]
 */
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { createPgliteDatabase, type Database } from '../db/client';
import { migrate } from '../db/migrate';
import { withScratchPostgres } from './scratch-postgres';
import { encodeCursor, queryAuditEvents, type AuditFilter } from '../lib/services/audit/list-audit-events';

const ROWS = Number(process.argv[2] ?? 2_000_000);
const RUNS = Number(process.argv[3] ?? 20);
const COORDINATOR = { id: 1, role: 'coordinator' as const, centreId: null };

async function fill(database: Database): Promise<void> {
  const { db } = database;
  await migrate(database);
  await db.execute(sql`INSERT INTO centres (code, name, city) SELECT 'PL-0' || g, 'Centre ' || g, 'City' FROM generate_series(1, 8) g`);
  await db.execute(sql`INSERT INTO users (email, display_name, role, password_hash) SELECT 'u' || g || '@x.org', 'User ' || g, 'coordinator', 'x' FROM generate_series(1, 40) g`);
  await db.execute(sql`SELECT set_config('app.actor_id', 'system', true), set_config('app.actor_label', 'bench', true)`);
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT set_config('app.actor_id', 'system', true), set_config('app.actor_label', 'bench', true)`);
    await tx.execute(sql`INSERT INTO patients (code, centre_id, seq, sex, birth_year)
      SELECT 'PL-0' || (1 + g % 8) || '-' || lpad((g / 8 + 1)::text, 4, '0'), 1 + g % 8, g / 8 + 1, 'male', 1950 FROM generate_series(0, 4999) g`);
  });
  const t0 = performance.now();
  await db.execute(sql`INSERT INTO audit_log (at, actor_id, actor_label, action, table_name, record_id, patient_id, centre_id, field, old_value, new_value, reason)
    SELECT timestamptz '2024-01-01' + (g * (interval '3 years' / ${ROWS})), 1 + abs(hashint4(g)::bigint) % 40, 'u' || (1 + abs(hashint4(g)::bigint) % 40) || '@x.org',
      (ARRAY['insert','update','update','login','data_export'])[1 + abs(hashint4(g + 13)::bigint) % 5],
      (ARRAY['patients','baseline_forms','response_forms','discontinuation_forms','therapy_forms','subsequent_therapies','follow_up_forms','users'])[1 + abs(hashint4(g + 7)::bigint) % 8],
      (g % 5000)::text, 1 + abs(hashint4(g + 29)::bigint) % 5000, 1 + (abs(hashint4(g + 29)::bigint) % 5000) % 8, 'field_' || g % 12, 'old', 'new', 'bench'
    FROM generate_series(1, ${ROWS}) g`);
  await db.execute(sql`ANALYZE audit_log`);
  console.log(`  filled ${ROWS} audit rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}

async function time(database: Database, label: string, f: AuditFilter): Promise<void> {
  const ms: number[] = [];
  let n = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const page = await queryAuditEvents(database.db, COORDINATOR, f, 50);
    ms.push(performance.now() - t0);
    n = page.rows.length;
  }
  console.log(`  ${label.padEnd(52)} rows ${String(n).padStart(2)}  p50 ${pct(ms, 50).toFixed(1).padStart(7)} ms  p95 ${pct(ms, 95).toFixed(1).padStart(7)} ms`);
}

async function deepCursor(database: Database, offset: number): Promise<string> {
  const r = (await database.db.execute(sql`SELECT at::text AS at, id FROM audit_log ORDER BY at DESC, id DESC OFFSET ${offset} LIMIT 1`)) as unknown as { rows: { at: string; id: number }[] };
  const row = r.rows[0];
  if (!row) throw new Error('no deep row');
  return encodeCursor(row.at, Number(row.id));
}

async function run(label: string, database: Database): Promise<void> {
  console.log(`${label}:`);
  await fill(database);
  const deep = await deepCursor(database, Math.floor(ROWS / 2));
  await time(database, 'first page, no filter', {});
  await time(database, `deep page (${Math.floor(ROWS / 2)} rows back), no filter`, { cursor: deep });
  await time(database, 'first page, centre PL-03', { centreId: 3 });
  await time(database, 'deep page, centre PL-03', { centreId: 3, cursor: deep });
  await time(database, 'first page, patient PL-02-0100', { patient: 'PL-02-0100' });
  await time(database, 'first page, user 7 + table baseline_forms', { actorId: 7, table: 'baseline_forms' });
  await time(database, 'deep page, user 7 + table baseline_forms', { actorId: 7, table: 'baseline_forms', cursor: deep });
  await time(database, 'first page, date range 2025-03-01..2025-03-31', { from: '2025-03-01', to: '2025-03-31' });
  await time(database, 'first page, action data_export + centre PL-05', { action: 'data_export', centreId: 5 });
  await time(database, 'three filters: table users + centre PL-01 + insert', { table: 'users', centreId: 1, action: 'insert' });
}

async function main() {
  if (process.env.BENCH_SKIP_PGLITE !== '1') {
    const lite = createPgliteDatabase(await PGlite.create());
    await run('PGlite', lite);
    await lite.close();
  }
  const ran = await withScratchPostgres('audit', (db) => run('PostgreSQL', db));
  if (!ran) console.log('PostgreSQL: skipped (set DATABASE_URL to a local server)');
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
