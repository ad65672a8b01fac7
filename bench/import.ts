/**
 * Import benchmark: generates a 100,000-patient cohort CSV (the demo cohort's rows under new ids),
 * then times parse + validate alone and the full import (parse, validate, database checks, chunked
 * multi-row inserts through the audit triggers, one transaction) into a fresh PGlite and, when
 * DATABASE_URL is set (local server only), into a scratch PostgreSQL database.
 *
 *   npm run bench:import [-- patients]
 *   BENCH_PARSE_ONLY=1 npm run bench:import -- 20000   (parse + validate only, no database)
 * The script bundles this file with esbuild and runs it with node, so our code runs as compiled for
 * production (as bench:edit-checks does): under tsx, which wraps every inner function to keep its
 * name, parse + validate takes noticeably longer. The modules that import `server-only` are loaded
 * dynamically, after bench/server-only-shim.ts has replaced that package.
 * (`npx tsx --conditions=react-server bench/import.ts [patients]` still works, slower.)
 */
import './server-only-shim';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { createPgliteDatabase, type Database } from '../db/client';
import { migrate } from '../db/migrate';
import { centres, users } from '../db/schema';
import { withScratchPostgres } from './scratch-postgres';

const N = Number(process.argv[2] ?? 100_000);
const OUT = path.join(process.cwd(), 'bench', 'out', `import-${N}.csv`);

/**
 * A patient id has a three-digit number (001–999, lib/validation/patient-id.ts), so N patients need
 * N / 999 centres: synthetic centres BA-00, BA-01, … (city "Bench <code>"), each filled to 999.
 */
const PER_CENTRE = 999;
function benchCentre(k: number): { code: string; name: string; city: string } {
  const code = `B${String.fromCharCode(65 + Math.floor(k / 100))}-${String(k % 100).padStart(2, '0')}`;
  return { code, name: `Bench centre ${code}`, city: `Bench ${code}` };
}
const benchCentres = () => Array.from({ length: Math.ceil(N / PER_CENTRE) }, (_, k) => benchCentre(k));

function generate(): string {
  const demo = fs.readFileSync(path.join(process.cwd(), 'test', 'fixtures', 'exchange', 'demo-cohort.csv'), 'utf8').trimEnd().split('\n');
  const [header, ...rows] = demo;
  const lines = [header];
  for (let i = 0; i < N; i++) {
    const row = rows[i % rows.length] ?? '';
    const c = benchCentre(Math.floor(i / PER_CENTRE));
    // "PL-03-017","PL-03","Kraków",… → the demo row as patient (i mod 999) + 1 of a bench centre.
    lines.push(row.replace(/^"PL-\d{2}-\d{3}","PL-\d{2}","[^"]*"/, `"${c.code}-${String((i % PER_CENTRE) + 1).padStart(3, '0')}","${c.code}","${c.city}"`));
  }
  return lines.join('\n') + '\n';
}

const secs = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);
/** CPU seconds of this process since c0 (PGlite runs in-process, so this is the work itself, free of other load). */
const cpu = (c0: NodeJS.CpuUsage) => { const d = process.cpuUsage(c0); return ((d.user + d.system) / 1e6).toFixed(1); };

async function importInto(label: string, database: Database, text: string): Promise<void> {
  const { previewImport } = await import('../lib/services/exchange/preview-import');
  const { runImport } = await import('../lib/services/exchange/run-import');
  await migrate(database);
  await database.db.insert(centres).values(benchCentres());
  const [admin] = await database.db.insert(users).values({ email: 'bench@x.org', displayName: 'bench', role: 'admin', passwordHash: 'x' }).returning();
  if (!admin) throw new Error('no admin');
  let last = 0;
  const user = { id: admin.id, role: 'admin' as const, centreId: null, email: admin.email };
  // The check the user runs first (not timed: the figure is the import itself).
  const preview = await previewImport(database.db, user, { fileName: path.basename(OUT), text });
  if (!preview.previewId) throw new Error(`the generated file has ${preview.problemCount} problem(s)`);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const report = await runImport(database.db, user, { fileName: path.basename(OUT), text, previewId: preview.previewId }, (p) => {
    if (p.phase === 'writing' && p.done - last >= 20_000) { last = p.done; process.stdout.write(`  ${label}: ${p.done}/${p.total} written (${secs(t0)} s)\n`); }
  });
  const total = secs(t0);
  const counts = (await database.db.execute(sql`SELECT (SELECT count(*) FROM patients)::int AS patients, (SELECT count(*) FROM audit_log)::int AS audit`)) as unknown as { rows: { patients: number; audit: number }[] };
  console.log(`${label}: full import of ${report.newPatients} patients in ${total} s wall, ${cpu(c0)} s CPU of this process (patients ${counts.rows[0]?.patients}, audit rows ${counts.rows[0]?.audit})`);
}

async function main() {
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  let t0 = performance.now();
  const text = generate();
  fs.writeFileSync(OUT, text);
  console.log(`generated ${N} patients, ${(Buffer.byteLength(text) / 1048576).toFixed(1)} MB in ${secs(t0)} s → ${path.relative(process.cwd(), OUT)}`);
  const { parseImport } = await import('../lib/exchange/parse-import');
  t0 = performance.now();
  const c0 = process.cpuUsage();
  const parsed = parseImport(path.basename(OUT), text);
  console.log(`parse + validate: ${parsed.patients.length} patients, ${parsed.problems.length} problems in ${secs(t0)} s wall, ${cpu(c0)} s CPU`);
  if (parsed.problems.length) { console.log(parsed.problems.slice(0, 5)); process.exitCode = 1; return; }
  // Parse + validate alone (e.g. under node --cpu-prof): BENCH_PARSE_ONLY=1.
  if (process.env.BENCH_PARSE_ONLY === '1') return;

  if (process.env.BENCH_SKIP_PGLITE !== '1') {
    const lite = createPgliteDatabase(await PGlite.create());
    await importInto('PGlite', lite, text);
    await lite.close();
  }

  const ran = await withScratchPostgres('import', (db) => importInto('PostgreSQL', db, text));
  if (!ran) console.log('PostgreSQL: skipped (set DATABASE_URL to a local server to include it)');
}

main().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
