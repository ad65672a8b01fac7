/**
 * Timing of the edit-check report on N synthetic patients (default 100,000):
 * `npm run bench:edit-checks [-- N]`. The script bundles this file with esbuild and runs it with
 * node, so our code runs as compiled for production: under tsx (which keeps function names by
 * wrapping every inner function) the per-patient checks take about twice as long.
 * In-memory PGlite by default; with DATABASE_URL (local PostgreSQL) a scratch database is created
 * and dropped. Besides the synthetic cohort's own findings (no response assessment dates, like the
 * published data), 1 in 10 patients gets an open query, 1 in 20 a draft baseline and 1 in 50 a last
 * dose before the ibrutinib start, so every kind has work. Median of BENCH_RUNS (3) runs after a
 * warm-up: the coordinator's all-centres page read in full (the first view, a new day, after an
 * import), right after one CRF save elsewhere (that patient re-checked), and with no change since the
 * last view (summary + page 1, a deep page, a kind filter); one centre, an investigator's own
 * centre, and the CSV export (lib/services/crf/edit-check-pass.ts keeps the pass between views).
 */
import './server-only-shim';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';

const N = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1] as number; };

async function run(database: Database): Promise<void> {
  const { migrate } = await import('../db/migrate');
  const { setAuditContext } = await import('../db/audit-context');
  const { loadSyntheticCohort } = await import('./generate-cohort');
  const { editCheckView } = await import('../lib/services/crf/edit-checks');
  const { exportEditChecks } = await import('../lib/services/crf/export-edit-checks');
  const { forgetEditCheckPass } = await import('../lib/services/crf/edit-check-pass');
  await migrate(database);
  let t = performance.now();
  await loadSyntheticCohort(database, N);
  await database.db.transaction(async (tx) => {
    await setAuditContext(tx, { id: 'system', label: 'system (benchmark)' }, 'synthetic benchmark findings');
    await tx.execute(sql`INSERT INTO users (email, display_name, role, password_hash) VALUES ('bench@x.org', 'bench', 'coordinator', 'x') ON CONFLICT DO NOTHING`);
    await tx.execute(sql`INSERT INTO data_queries (patient_id, form, field, question, raised_by)
      SELECT id, 'baseline', 'ecog', 'ECOG?', (SELECT id FROM users WHERE email = 'bench@x.org') FROM patients WHERE id % 10 = 0`);
    await tx.execute(sql`UPDATE baseline_forms SET status = 'draft' WHERE patient_id % 20 = 1`);
    await tx.execute(sql`UPDATE discontinuation_forms d SET last_dose_date = b.ibrutinib_start - 1
      FROM baseline_forms b WHERE b.patient_id = d.patient_id AND d.patient_id % 50 = 2`);
  });
  await database.db.execute(sql`ANALYZE`);
  console.log(`${database.kind}: ${N.toLocaleString('en')} patients loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const ids = ((await database.db.execute(sql`SELECT (SELECT id FROM users WHERE email = 'bench@x.org') AS coord,
    (SELECT id FROM centres WHERE code = 'PL-01') AS pl01`)) as unknown as { rows: { coord: number; pl01: number }[] }).rows[0];
  if (!ids) throw new Error('bench: no user or centre');
  const coordinator = { id: ids.coord, role: 'coordinator' as const, centreId: null, email: 'bench@x.org' };
  const investigator = { id: ids.coord, role: 'investigator' as const, centreId: ids.pl01, email: 'bench@x.org' };
  // A CRF-save-sized change: one patient's baseline form updated (through the audit triggers).
  let bump = 0;
  const oneSave = () => database.db.transaction(async (tx) => {
    await setAuditContext(tx, { id: coordinator.id, label: 'bench' }, 'bench save');
    await tx.execute(sql`UPDATE baseline_forms SET ecog = ${bump++ % 2}, version = version + 1 WHERE patient_id = (SELECT min(id) + ${bump} FROM patients)`);
  });
  const allCentres = async () => { const v = await editCheckView(database.db, coordinator, {}, 1); return `${v.totals.patients} patients, ${v.totals.findings} findings`; };
  /** [label, view, set-up before each run (not timed)] */
  const scenarios: [string, () => Promise<string>, (() => Promise<unknown>)?][] = [
    ['coordinator, all centres, page 1 — read in full (first view, new day, after an import)', allCentres, async () => forgetEditCheckPass(database.db)],
    ['coordinator, all centres, page 1 — after one CRF save', allCentres, oneSave],
    ['coordinator, all centres, page 1 — no change since the last view', async () => { const v = await editCheckView(database.db, coordinator, {}, 1); return `${v.totals.patients} patients, ${v.totals.findings} findings`; }],
    ['coordinator, all centres, page 1000', async () => { const v = await editCheckView(database.db, coordinator, {}, 1000); return `page ${v.window.page} of ${v.window.pages}`; }],
    ['coordinator, all centres, kind=inconsistent', async () => { const v = await editCheckView(database.db, coordinator, { kind: 'inconsistent' }, 1); return `${v.matching} matching`; }],
    ['coordinator, PL-03', async () => { const v = await editCheckView(database.db, coordinator, { centreCode: 'PL-03' }, 1); return `${v.totals.patients} patients, ${v.totals.findings} findings`; }],
    ['investigator PL-01 (largest centre)', async () => { const v = await editCheckView(database.db, investigator, {}, 1); return `${v.totals.patients} patients, ${v.totals.findings} findings`; }],
    ['CSV, coordinator, all centres', async () => { const f = await exportEditChecks(database.db, coordinator, {}); return `${f.rows} rows, ${(Buffer.byteLength(f.body) / 1e6).toFixed(1)} MB`; }],
  ];
  // CPU time of this process beside the wall time: on a shared, busy machine the wall time mostly
  // measures the others, while the CPU time (PGlite runs in this process) measures this work.
  const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  console.log(`| view | result | ms (median) | ${database.kind === 'pglite' ? 'CPU' : 'Node CPU'} ms (median) |\n|---|---|---|---|`);
  for (const [label, fn, before] of scenarios) {
    const times: number[] = []; const cpu: number[] = []; let result = '';
    for (let i = 0; i <= RUNS; i++) {
      await before?.();
      const c = cpuMs();
      t = performance.now(); result = await fn();
      if (i) { times.push(performance.now() - t); cpu.push(cpuMs() - c); }
    }
    console.log(`| ${label} | ${result} | ${median(times).toFixed(0)} | ${median(cpu).toFixed(0)} |`);
  }
}

async function main(): Promise<void> {
  const { withScratchPostgres } = await import('./scratch-postgres');
  if (await withScratchPostgres('edit_checks', run)) return;
  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgliteDatabase } = await import('../db/client');
  await run(createPgliteDatabase(await PGlite.create()));
}

main().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
