/**
 * Benchmark of the survival dashboard's server-side work (`npm run bench:dashboard`, or
 * `npx tsx bench/dashboard.ts [N]`): loads N synthetic patients (default 100,000) into a fresh
 * in-memory PGlite (or DATABASE_URL, which must point at an empty, migrated-or-new scratch database),
 * then times, as the median of several runs after a warm-up:
 *   query   the ONE analysis-dataset query (lib/dal/analysis-dataset.ts), all centres
 *   analyse survivalView (KM per group, medians with CI, number at risk, log-rank, GBW, Cox)
 *   render  React server render to string of the survival page's component tree
 * for the paper's Fig 2 preset and for OS from start by centre (8 groups, all N patients).
 */
import './server-only-shim';
import { createElement } from 'react';
import { sql } from 'drizzle-orm';

const N = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

async function main(): Promise<void> {
  const { createPgDatabase, createPgliteDatabase } = await import('../db/client');
  const { migrate } = await import('../db/migrate');
  const { loadSyntheticCohort } = await import('./generate-cohort');
  const { loadAnalysisDataset } = await import('../lib/dal/analysis-dataset');
  const { parseDashboardQuery } = await import('../lib/analysis/params');
  const { analysisFields } = await import('../lib/analysis/fields');
  const { survivalView } = await import('../lib/analysis/views');
  const { SurvivalDashboard } = await import('../components/dashboard/survival-dashboard');
  const { renderToString } = await import('react-dom/server');

  let database;
  if (process.env.DATABASE_URL) database = createPgDatabase(process.env.DATABASE_URL);
  else {
    const { PGlite } = await import('@electric-sql/pglite');
    // BENCH_PGLITE_DIR: reuse a database loaded by an earlier run (for iterating on the page).
    database = createPgliteDatabase(await PGlite.create(process.env.BENCH_PGLITE_DIR ? { dataDir: process.env.BENCH_PGLITE_DIR } : {}));
  }
  console.log(`database: ${database.kind}; patients: ${N.toLocaleString('en')}; cpus: ${(await import('node:os')).cpus().length}`);
  await migrate(database);
  let t = performance.now();
  const existing = (await database.db.execute(sql`SELECT count(*)::int AS n FROM patients`)) as unknown as { rows: { n: number }[] };
  if ((existing.rows[0]?.n ?? 0) > 0) {
    console.log(`database already holds ${existing.rows[0]?.n} patients: not loading`);
  } else {
    await loadSyntheticCohort(database, N);
    console.log(`load: ${((performance.now() - t) / 1000).toFixed(1)} s (multi-row inserts, one transaction, audit triggers on)`);
  }

  const scenarios = [
    { name: 'Fig 2 preset (OS after discontinuation, progression vs AE + other)', sp: { cutoff: '2017-06-30', preset: 'fig2' } },
    { name: 'OS from start by centre (8 groups, all patients, + Gehan–Breslow–Wilcoxon)', sp: { cutoff: '2017-06-30', population: 'all', endpoint: 'os_start', group: 'centre', gbw: '1' } },
  ];
  const results: { scenario: string; n: number; query: number; analyse: number; render: number; total: number; html: number }[] = [];
  for (const s of scenarios) {
    const times = { query: [] as number[], analyse: [] as number[], render: [] as number[], total: [] as number[] };
    let n = 0;
    let html = 0;
    for (let run = 0; run <= RUNS; run++) {
      const t0 = performance.now();
      const q = parseDashboardQuery(s.sp, { population: 'discontinued' });
      const rows = await loadAnalysisDataset(database.db, null, analysisFields(q.grouping));
      const t1 = performance.now();
      const v = survivalView(rows, q);
      const t2 = performance.now();
      const out = renderToString(createElement(SurvivalDashboard, { q, v, centres: [...new Set(rows.map((r) => r.centreCode))].sort(), centreLocked: false, scopeLabel: 'all centres' }));
      const t3 = performance.now();
      n = v.result.n;
      html = out.length;
      if (run === 0) continue; // warm-up
      times.query.push(t1 - t0); times.analyse.push(t2 - t1); times.render.push(t3 - t2); times.total.push(t3 - t0);
    }
    results.push({ scenario: s.name, n, query: median(times.query), analyse: median(times.analyse), render: median(times.render), total: median(times.total), html });
  }
  t = performance.now();
  const all = await loadAnalysisDataset(database.db, null);
  console.log(`all-fields dataset query (Tables 1–3 page): ${all.length.toLocaleString('en')} rows in ${(performance.now() - t).toFixed(0)} ms`);
  t = performance.now();
  const scoped = await loadAnalysisDataset(database.db, [1], analysisFields('none'));
  console.log(`one-centre dataset query (investigator scope): ${scoped.length.toLocaleString('en')} rows in ${(performance.now() - t).toFixed(0)} ms`);
  console.log(`\nmedian of ${RUNS} runs (ms):`);
  console.table(results.map((r) => ({
    scenario: r.scenario, 'patients analysed': r.n, query: r.query.toFixed(0), analyse: r.analyse.toFixed(0),
    render: r.render.toFixed(0), total: r.total.toFixed(0), 'html kB': (r.html / 1024).toFixed(0),
  })));
  const worst = Math.max(...results.map((r) => r.total));
  console.log(`target < 1000 ms: ${worst < 1000 ? 'met' : 'NOT met'} (worst total ${worst.toFixed(0)} ms)`);
  await database.close();
}

void main().catch((e: unknown) => { console.error(e); process.exit(1); });
