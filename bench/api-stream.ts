/**
 * Benchmark of the data API's whole-registry pulls (`npm run bench:api`, or
 * `npx tsx bench/api-stream.ts [N ...]`): for each N (default 100,000) a scratch database on the local
 * PostgreSQL named by DATABASE_URL (created, loaded with N synthetic patients and their repeating
 * records by bench/generate-cohort.ts, dropped after), then a FRESH process serves one request of
 * each stream through the same handler the route uses (lib/api/route.ts runApi: token check, rate
 * limit, keyset batches, audit row) and reads it to the end, reporting wall time, bytes, rows and
 * the serving process's RSS before the request and at its peak (sampled every 20 ms, and the
 * kernel's maxRSS). PostgreSQL keeps the database out of the measured process, so the RSS is the
 * server's own; loading happens in the parent, so it does not inflate the figure.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/api-stream.ts 10000 100000
 */
import './server-only-shim';
import { spawnSync } from 'node:child_process';

const ENDPOINTS = ['records?format=csv', 'records?format=ndjson', 'forms/therapies?format=csv', 'patients?format=ndjson'];

interface Measured { endpoint: string; status: number; seconds: number; bytes: number; lines: number; rssBeforeMb: number; rssPeakMb: number; maxRssMb: number }

/** Child: serve each endpoint once from this process and measure it. */
async function measure(url: string): Promise<void> {
  const { createPgDatabase } = await import('../db/client');
  const { runApi } = await import('../lib/api/route');
  const { createApiToken } = await import('../lib/api/tokens');
  const { listRecords } = await import('../lib/api/resources/records');
  const { listForm } = await import('../lib/api/resources/forms');
  const { listPatients } = await import('../lib/api/resources/patients');
  const { users } = await import('../db/schema');
  const database = createPgDatabase(url, { max: 2 });
  const [u] = await database.db.insert(users).values({ email: 'bench@api.test', displayName: 'bench', role: 'coordinator', passwordHash: 'x' }).returning();
  if (!u) throw new Error('no user');
  const { token } = await createApiToken(database.db, { id: u.id, role: 'coordinator', centreId: null, email: u.email }, { name: 'bench', days: 1 });
  const handlers = { records: listRecords, forms: listForm, patients: listPatients };
  const out: Measured[] = [];
  for (const endpoint of ENDPOINTS) {
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
    const t0 = performance.now();
    const [name = '', form] = endpoint.split('?')[0]?.split('/') ?? [];
    const res = await runApi(new Request(`http://bench.test/api/v1/${endpoint}`, { headers: { authorization: `Bearer ${token}` } }),
      name, form ? { form } : {}, handlers[name as keyof typeof handlers], { db: database.db, rateLimit: 1000 });
    let bytes = 0;
    let lines = 0;
    const reader = res.body?.getReader();
    for (;;) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) break;
      bytes += chunk.value.byteLength;
      for (const b of chunk.value) if (b === 10) lines++;
    }
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    out.push({ endpoint, status: res.status, seconds: (performance.now() - t0) / 1000, bytes, lines, rssBeforeMb: rssBefore / 2 ** 20, rssPeakMb: peak / 2 ** 20,
      maxRssMb: process.resourceUsage().maxRSS / 1024 });
  }
  await database.close();
  console.log(JSON.stringify(out));
}

/**
 * The synthetic cohort has no subsequent therapies: every discontinued patient gets one to three
 * lines after the last ibrutinib dose (fixed pattern), written with the audit context set as any
 * write, so the streams carry repeating records too.
 */
async function addTherapies(database: import('../db/client').Database): Promise<void> {
  const { sql } = await import('drizzle-orm');
  const { setAuditContext } = await import('../db/audit-context');
  await database.db.transaction(async (tx) => {
    await setAuditContext(tx, { id: 'system', label: 'system (benchmark cohort)' }, 'synthetic benchmark therapies');
    await tx.execute(sql`INSERT INTO therapy_forms (patient_id) SELECT patient_id FROM discontinuation_forms ON CONFLICT (patient_id) DO NOTHING`);
    await tx.execute(sql`INSERT INTO subsequent_therapies (form_id, patient_id, position, regimen, start_date, best_response)
      SELECT t.id, t.patient_id, g, (ARRAY['BR', 'FCR', 'venetoclax', 'idelalisib + rituximab'])[1 + (t.id + g) % 4],
        d.last_dose_date + 30 + 120 * g, (ARRAY['CR', 'PR', 'SD', 'PD'])[1 + (t.id * g) % 4]::response
      FROM therapy_forms t JOIN discontinuation_forms d ON d.patient_id = t.patient_id CROSS JOIN generate_series(1, 3) g
      WHERE g <= 1 + t.id % 3`);
  });
}

async function main(): Promise<void> {
  if (process.argv[2] === '--measure') return measure(process.argv[3] ?? '');
  const { withScratchPostgres } = await import('./scratch-postgres');
  const { migrate } = await import('../db/migrate');
  const { loadSyntheticCohort } = await import('./generate-cohort');
  const { sql } = await import('drizzle-orm');
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  for (const n of sizes.length ? sizes : [100_000]) {
    const ran = await withScratchPostgres('api', async (database) => {
      await migrate(database);
      const t0 = performance.now();
      await loadSyntheticCohort(database, n);
      await addTherapies(database);
      const counted = (await database.db.execute(sql`SELECT count(*)::int AS n FROM subsequent_therapies`)) as unknown as { rows: { n: number }[] };
      console.log(`\n${n.toLocaleString('en')} patients (${counted.rows[0]?.n.toLocaleString('en')} subsequent therapy lines) loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s; serving from a fresh process`);
      const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, '--measure', database.url ?? ''], { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (child.status !== 0) throw new Error(`measure failed: ${child.stderr}`);
      const results = JSON.parse(child.stdout.trim().split('\n').pop() ?? '[]') as Measured[];
      console.log('endpoint                      status  seconds   MB out    lines   RSS before  RSS peak (sampled / maxRSS)');
      for (const r of results) {
        console.log(`${r.endpoint.padEnd(30)}${String(r.status).padEnd(8)}${r.seconds.toFixed(1).padStart(7)}${(r.bytes / 2 ** 20).toFixed(1).padStart(9)}${String(r.lines).padStart(9)}`
          + `${r.rssBeforeMb.toFixed(0).padStart(10)} MB${r.rssPeakMb.toFixed(0).padStart(8)} MB / ${r.maxRssMb.toFixed(0)} MB`);
      }
    });
    if (!ran) { console.error('Set DATABASE_URL to a local PostgreSQL (the scratch database is created and dropped there).'); process.exit(1); }
  }
}

void main().catch((err: unknown) => { console.error(err); process.exit(1); });
