/**
 * Timing of the patients list's two queries (one page of 100 + the count) for each filter and sort,
 * on N synthetic patients (default 100,000): `npx tsx bench/patients-list.ts [N]`.
 * In-memory PGlite by default; with DATABASE_URL (local PostgreSQL) a scratch database is created
 * and dropped. About 1 in 10 patients gets an open data query, so that filter and sort have work.
 * Median of BENCH_RUNS (5) runs after a warm-up, all centres (coordinator) and one centre (investigator).
 */
import './server-only-shim';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';

const N = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1] as number; };

async function run(database: Database): Promise<void> {
  const { migrate } = await import('../db/migrate');
  const { setAuditContext } = await import('../db/audit-context');
  const { loadSyntheticCohort } = await import('./generate-cohort');
  const { listPatients, countPatients } = await import('../lib/dal/patients');
  const { parsePatientListParams } = await import('../lib/patients/list-params');
  await migrate(database);
  let t = performance.now();
  await loadSyntheticCohort(database, N);
  await database.db.transaction(async (tx) => {
    await setAuditContext(tx, { id: 'system', label: 'system (benchmark)' }, 'synthetic benchmark queries');
    await tx.execute(sql`INSERT INTO users (email, display_name, role, password_hash) VALUES ('bench@x.org', 'bench', 'coordinator', 'x') ON CONFLICT DO NOTHING`);
    await tx.execute(sql`INSERT INTO data_queries (patient_id, form, field, question, raised_by)
      SELECT id, 'baseline', 'ecog', 'ECOG?', (SELECT id FROM users WHERE email = 'bench@x.org') FROM patients WHERE id % 10 = 0`);
  });
  await database.db.execute(sql`ANALYZE`);
  console.log(`${database.kind}: ${N.toLocaleString('en')} patients loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const [centre] = ((await database.db.execute(sql`SELECT id FROM centres ORDER BY code LIMIT 1`)) as unknown as { rows: { id: number }[] }).rows;
  const scenarios: Record<string, string>[] = [
    {}, { status: 'active' }, { discontinued: 'yes' }, { vital: 'dead' }, { queries: 'open' }, { crf: 'incomplete' },
    { sort: 'centre', dir: 'desc' }, { sort: 'ibrutinib' }, { sort: 'queries', dir: 'desc' },
    { discontinued: 'yes', vital: 'dead', sort: 'ibrutinib', dir: 'desc' }, { page: '900' },
  ];
  console.log('| parameters | scope | rows | count | page ms | count ms |\n|---|---|---|---|---|---|');
  for (const sp of scenarios) {
    for (const [scope, centreIds] of [['all', null], ['one centre', [centre?.id ?? 0]]] as const) {
      const { query, page } = parsePatientListParams(sp);
      const f = { ...query, centreIds: centreIds === null ? null : [...centreIds] };
      const tp: number[] = []; const tc: number[] = []; let rows = 0; let n = 0;
      for (let i = 0; i <= RUNS; i++) {
        t = performance.now(); rows = (await listPatients(database.db, f, { limit: 100, offset: (page - 1) * 100 })).length; const t1 = performance.now();
        n = await countPatients(database.db, f); const t2 = performance.now();
        if (i) { tp.push(t1 - t); tc.push(t2 - t1); }
      }
      console.log(`| ${new URLSearchParams(sp).toString() || '(none)'} | ${scope} | ${rows} | ${n} | ${median(tp).toFixed(0)} | ${median(tc).toFixed(0)} |`);
    }
  }
}

async function main(): Promise<void> {
  const { withScratchPostgres } = await import('./scratch-postgres');
  if (await withScratchPostgres('patients_list', run)) return;
  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgliteDatabase } = await import('../db/client');
  await run(createPgliteDatabase(await PGlite.create()));
}

main().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
