/**
 * Migration 0014 (the patient course) on a database filled by the release before it: the fixture
 * (test/fixtures/course-migration/release-690b4c1.json.gz, made by make-fixture.ts) holds the
 * rows that release's code stored (migrations 0000–0013, the demo seed, logins, CRF edits, an
 * e-signature, a query) and every dashboard view as that release computed them. After today's
 * migrations, today's code must show the same numbers on every view (overview, Tables 1–3,
 * survival for each endpoint and grouping, the paper's figures, the competing-risk analyses), and
 * the course must be exactly what course_from_snapshot() says: the follow-up as the last visit,
 * the discontinuation's adverse event as logged event 1 linked as the cause, audited as the migration.
 * "Before" is the release's own computation: today's dataset query reads the course tables and the
 * columns 0014 adds, so it cannot run on the 0013 schema (and the release's code is what users saw).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { migrate, readMigrations } from '@/db/migrate';
import { adverseEvents, visits } from '@/db/schema';
import { parseDashboardQuery } from '@/lib/analysis/params';
import type { ReportTable } from '@/lib/analysis/types';
import { cifView, overviewView, survivalView, tablesView } from '@/lib/analysis/views';
import type { Principal } from '@/lib/auth/permissions';
import { readAnalysisDataset } from '@/lib/services/analysis/read-analysis-dataset';
import { checkCourseRules, emptyCourse } from '@/lib/validation/course-rules';
import { emptyDatabase } from './helpers/test-db';

type Params = Record<string, string>;
type ViewName = 'overview' | 'tables' | 'survival' | 'cif';
interface ReleaseView {
  user: 'coordinator' | 'investigator'; view: ViewName; params: Params; population: 'all' | 'discontinued';
  output: { tables?: ReportTable[]; centres?: ReportTable; overview?: unknown; n?: number };
}
interface Fixture {
  release: string;
  migrations: { tag: string; hash: string }[];
  tables: Record<string, Record<string, unknown>[]>;
  sequences: { name: string; last_value: string | null }[];
  views: { patients: number; analyses: ReleaseView[] };
}

const FIXTURE_DIR = path.join(process.cwd(), 'test', 'fixtures', 'course-migration');
const file = fs.readdirSync(FIXTURE_DIR).find((f) => /^release-.+\.json\.gz$/.test(f));
if (!file) throw new Error(`no release fixture in ${FIXTURE_DIR}`);
const fixture = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(FIXTURE_DIR, file))).toString('utf8')) as Fixture;
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const MIGRATION_ACTOR = 'migration 0014 (patient course)';

type Row = Record<string, unknown>;
const rowsOf = async (database: Database, q: ReturnType<typeof sql>) => ((await database.db.execute(q)) as unknown as { rows: Row[] }).rows;

/** The release's schema (its migrations, still the first ones, unedited) and the rows it stored. */
async function releaseDatabase(database: Database): Promise<void> {
  const release = readMigrations().slice(0, fixture.migrations.length);
  expect(release.map((m) => ({ tag: m.tag, hash: m.hash }))).toEqual(fixture.migrations);
  expect(release.at(-1)?.tag).toBe('0013_data_changes_restored_xids');
  await migrate(database, release);
  const conn = await database.connect();
  try {
    await conn.exec('BEGIN');
    // As the release stored them: its audit rows are in the fixture; replica mode keeps triggers from firing again.
    await conn.exec('SET LOCAL session_replication_role = replica');
    for (const [table, rows] of Object.entries(fixture.tables)) {
      if (rows.length) await conn.query(`INSERT INTO ${ident(table)} SELECT * FROM json_populate_recordset(NULL::${ident(table)}, $1::json)`, [JSON.stringify(rows)]);
    }
    for (const s of fixture.sequences) if (s.last_value !== null) await conn.query('SELECT setval($1::regclass, $2::bigint)', [s.name, s.last_value]);
    await conn.exec('COMMIT');
  } catch (e) {
    await conn.exec('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await conn.release();
  }
}

async function principalOf(database: Database, email: string): Promise<Principal> {
  const [u] = await rowsOf(database, sql`SELECT id, role, centre_id FROM users WHERE email = ${email}`);
  if (!u) throw new Error(`no user ${email}`);
  return { id: Number(u.id), role: u.role as Principal['role'], centreId: u.centre_id === null ? null : Number(u.centre_id) };
}

/**
 * Today's view for a query the release computed. Differences in the numbers shown are listed:
 * every table the release showed, each of its rows (by key) with the same cells, each note with a
 * number (test statistics, event counts) word for word, and the overview's figures. A view may
 * show more today (a new row or table); it may not show a number differently.
 */
function differences(release: ReleaseView, rows: Parameters<typeof overviewView>[0]): string[] {
  const q = parseDashboardQuery(release.params, { population: release.population });
  const label = `${release.user} ${release.view} ${new URLSearchParams(release.params).toString()}`;
  const today = release.view === 'overview' ? overviewView(rows, q) : release.view === 'tables' ? tablesView(rows, q)
    : release.view === 'survival' ? survivalView(rows, q) : cifView(rows, q);
  const out: string[] = [];
  const tables = [...('tables' in today ? today.tables : []), ...('centres' in today ? [today.centres] : [])];
  for (const rt of [...(release.output.tables ?? []), ...(release.output.centres ? [release.output.centres] : [])]) {
    const t = tables.find((x) => x.id === rt.id);
    if (!t) { out.push(`${label}: table ${rt.id} missing`); continue; }
    if (JSON.stringify(t.columns) !== JSON.stringify(rt.columns)) out.push(`${label} ${rt.id}: columns ${t.columns.join('|')} ≠ ${rt.columns.join('|')}`);
    rt.rows.forEach((row, i) => {
      const now = row.key === undefined ? t.rows[i] : t.rows.find((r) => r.key === row.key);
      if (JSON.stringify(now?.cells) !== JSON.stringify(row.cells)) out.push(`${label} ${rt.id} ${row.key ?? i}: ${now?.cells.join('|') ?? 'missing'} ≠ ${row.cells.join('|')}`);
    });
    for (const note of rt.notes) if (/\d/.test(note) && !t.notes.includes(note)) out.push(`${label} ${rt.id}: note "${note}" missing`);
  }
  if (release.output.overview !== undefined && 'overview' in today) {
    try { expect(today.overview).toMatchObject(release.output.overview as object); } catch { out.push(`${label}: overview differs`); }
  }
  if (release.output.n !== undefined && 'n' in today && today.n !== release.output.n) out.push(`${label}: n ${today.n} ≠ ${release.output.n}`);
  return out;
}

/** The values the CRF tables hold (the course must leave them as they were). */
const CRF_TABLES = ['patients', 'baseline_forms', 'response_forms', 'discontinuation_forms', 'therapy_forms', 'subsequent_therapies', 'follow_up_forms', 'data_queries'];
async function crfChecksums(database: Database): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of CRF_TABLES) {
    const cols = Object.keys(fixture.tables[t]?.[0] ?? {});
    if (!cols.length) continue;
    const [r] = await rowsOf(database, sql.raw(`SELECT md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS md5 FROM (SELECT ${cols.map(ident).join(', ')} FROM ${ident(t)}) x`));
    out[t] = String(r?.md5);
  }
  return out;
}

let drop: (() => Promise<void>) | null = null;
afterEach(async () => { await drop?.(); drop = null; });

// Migrations, a 6,000-row load and ~320 views on PGlite on a shared 2-core machine.
const SLOW = 240_000;

describe(`migration 0014 on a database of release ${fixture.release}`, () => {
  it('shows every dashboard number as the release did, and derives the course as course_from_snapshot says, audited', async () => {
    const empty = await emptyDatabase();
    drop = empty.drop;
    const { database } = empty;
    await releaseDatabase(database);
    const before = await crfChecksums(database);
    const [{ id: lastAuditId } = { id: 0 }] = await rowsOf(database, sql`SELECT coalesce(max(id), 0)::bigint AS id FROM audit_log`);

    const result = await migrate(database);
    expect(result.applied[0]).toBe('0014_patient_course');
    expect(await crfChecksums(database)).toEqual(before);

    // Every view the release computed, by today's code on the migrated data.
    const users = {
      coordinator: await principalOf(database, 'coordinator@demo.cll-registry.org'),
      investigator: await principalOf(database, 'investigator.pl01@demo.cll-registry.org'),
    };
    const rows = { coordinator: await readAnalysisDataset(database.db, users.coordinator), investigator: await readAnalysisDataset(database.db, users.investigator) };
    expect(rows.coordinator).toHaveLength(fixture.views.patients);
    expect(fixture.views.analyses.length).toBeGreaterThan(300);
    expect(fixture.views.analyses.flatMap((v) => differences(v, rows[v.user]))).toEqual([]);
    // The paper's figures among them, spelled out.
    const fig1 = fixture.views.analyses.find((v) => v.params.preset === 'fig1' && v.params.cutoff === '2017-06-30');
    expect(fig1?.output.tables?.[0]?.rows[0]?.cells).toEqual(['All', '37', '29', '2.0 (0.8–5.5)']);

    // The course: one visit per follow-up, as course_from_snapshot defines it.
    expect(await rowsOf(database, sql`
      SELECT f.patient_id FROM follow_up_forms f LEFT JOIN discontinuation_forms d ON d.patient_id = f.patient_id
      LEFT JOIN visits v ON v.patient_id = f.patient_id
      WHERE v.id IS NULL OR v.seq <> 1 OR v.visit_date IS DISTINCT FROM f.last_contact_date OR v.vital_status IS DISTINCT FROM f.vital_status
         OR v.progression IS DISTINCT FROM (d.reason IS NOT DISTINCT FROM 'progression')
         OR v.progression_type IS DISTINCT FROM (CASE WHEN d.reason = 'progression' THEN d.progression_type END)
         OR v.ibrutinib_status::text IS DISTINCT FROM (CASE WHEN d.id IS NULL THEN 'full_dose' ELSE 'discontinued' END)
         OR v.status::text <> (CASE WHEN f.status = 'draft' THEN 'draft' ELSE 'complete' END)
         OR v.ecog IS NOT NULL OR v.response IS NOT NULL OR v.updated_by IS DISTINCT FROM f.updated_by`)).toEqual([]);
    const [visitCount] = await rowsOf(database, sql`SELECT (SELECT count(*)::int FROM visits) AS visits, (SELECT count(*)::int FROM follow_up_forms) AS follow_ups`);
    expect(visitCount).toEqual({ visits: 165, follow_ups: 165 });
    // The discontinuation's adverse event, logged and linked as its cause.
    expect(await rowsOf(database, sql`
      SELECT d.patient_id FROM discontinuation_forms d LEFT JOIN adverse_events a ON a.patient_id = d.patient_id
      WHERE d.reason = 'adverse_event' AND (a.id IS NULL OR a.seq <> 1 OR a.action <> 'discontinued'
         OR a.term IS DISTINCT FROM d.ae_term OR a.soc IS DISTINCT FROM d.ae_soc OR a.verbatim IS DISTINCT FROM d.ae_verbatim
         OR a.grade IS DISTINCT FROM d.ae_grade OR a.etiology IS DISTINCT FROM d.ae_etiology OR a.onset_date IS DISTINCT FROM d.ae_onset_date
         OR a.onset_date_missing IS DISTINCT FROM d.ae_onset_date_missing
         OR a.outcome IS DISTINCT FROM (CASE WHEN d.ae_grade = 5 THEN 'fatal' END)::ae_outcome OR a.status <> 'complete')`)).toEqual([]);
    const [aeCount] = await rowsOf(database, sql`
      SELECT (SELECT count(*)::int FROM adverse_events) AS logged, (SELECT count(*)::int FROM adverse_events WHERE grade = 5) AS fatal,
             (SELECT count(*)::int FROM discontinuation_forms WHERE reason = 'adverse_event') AS ae_discontinuations`);
    expect(aeCount).toEqual({ logged: 20, fatal: 6, ae_discontinuations: 20 });
    // Nothing invented: no dose course, interruptions or tests the snapshot never had.
    const [others] = await rowsOf(database, sql`SELECT (SELECT count(*)::int FROM dose_periods) + (SELECT count(*)::int FROM dose_interruptions) + (SELECT count(*)::int FROM molecular_tests) AS n`);
    expect(others?.n).toBe(0);

    // The derived course breaks none of the course rules the saves, edit checks and import apply.
    const { db } = database;
    const [forms, visitRows, aeRows] = await Promise.all([
      rowsOf(database, sql`SELECT p.id, b.ibrutinib_start::text AS start, d.last_dose_date::text AS last_dose, f.vital_status::text AS vital,
        f.death_date::text AS death, f.death_cause::text AS cause, f.death_contributing_causes AS contributing
        FROM patients p JOIN baseline_forms b ON b.patient_id = p.id JOIN follow_up_forms f ON f.patient_id = p.id
        LEFT JOIN discontinuation_forms d ON d.patient_id = p.id`),
      db.select().from(visits), db.select().from(adverseEvents),
    ]);
    const issues = forms.flatMap((f) => checkCourseRules(
      { ibrutinibStart: f.start as string | null, lastDoseDate: f.last_dose as string | null, vitalStatus: f.vital as string | null,
        deathDate: f.death as string | null, deathCause: f.cause as string | null, deathContributingCauses: f.contributing as string[] | null },
      { ...emptyCourse(), visit: visitRows.filter((v) => v.patientId === f.id), 'adverse-event': aeRows.filter((a) => a.patientId === f.id) },
      '2026-12-01',
    ).map((i) => `${String(f.id)} ${i.form} ${i.seq ?? ''} ${i.field}: ${i.message}`));
    expect(issues).toEqual([]);

    // Audited as the migration's own change, and the audit rows replay to the new records.
    const audit = await rowsOf(database, sql`
      SELECT table_name, action, actor_label, actor_id, reason, count(DISTINCT record_id)::int AS records, count(*)::int AS n
      FROM audit_log WHERE id > ${Number(lastAuditId)}
      GROUP BY 1, 2, 3, 4, 5 ORDER BY 1`);
    expect(audit.map(({ n: _n, ...r }) => r)).toEqual([
      { table_name: 'adverse_events', action: 'insert', actor_label: MIGRATION_ACTOR, actor_id: null, reason: expect.stringMatching(/^Course derived from the snapshot forms/) as unknown, records: 20 },
      { table_name: 'visits', action: 'insert', actor_label: MIGRATION_ACTOR, actor_id: null, reason: expect.stringMatching(/^Course derived from the snapshot forms/) as unknown, records: 165 },
    ]);
    expect(await rowsOf(database, sql`
      WITH replayed AS (
        SELECT DISTINCT ON (table_name, record_id, field) table_name, record_id, field, new_value
        FROM audit_log WHERE table_name IN ('visits', 'adverse_events') AND field IS NOT NULL ORDER BY table_name, record_id, field, id DESC),
      current AS (
        SELECT 'visits' AS table_name, v.id::text AS record_id, j.key AS field, j.value #>> '{}' AS value FROM visits v, jsonb_each(to_jsonb(v) - 'id' - 'created_at' - 'updated_at' - 'updated_by' - 'version') j
        UNION ALL
        SELECT 'adverse_events', a.id::text, j.key, j.value #>> '{}' FROM adverse_events a, jsonb_each(to_jsonb(a) - 'id' - 'created_at' - 'updated_at' - 'updated_by' - 'version') j)
      SELECT c.table_name, c.record_id, c.field, c.value, r.new_value FROM current c
      LEFT JOIN replayed r USING (table_name, record_id, field)
      WHERE c.value IS NOT NULL AND c.value IS DISTINCT FROM r.new_value`)).toEqual([]);

    // The comparison can fail: one patient's later start changes the numbers it reports.
    await database.db.transaction(async (tx) => {
      await setAuditContext(tx, { id: users.coordinator.id, label: 'test' }, 'course migration test: the check can fail');
      await tx.execute(sql`UPDATE baseline_forms SET ibrutinib_start = ibrutinib_start + 200
        WHERE patient_id = (SELECT patient_id FROM follow_up_forms WHERE vital_status = 'alive' ORDER BY patient_id LIMIT 1)`);
    });
    const moved = await readAnalysisDataset(database.db, users.coordinator);
    const osStart = fixture.views.analyses.find((v) => v.view === 'survival' && v.params.cutoff === '2017-06-30' && v.population === 'all'
      && v.params.endpoint === 'os_start' && v.params.group === 'none');
    if (!osStart) throw new Error('no OS-from-start view in the fixture');
    expect(differences(osStart, moved)).toEqual(expect.arrayContaining([expect.stringMatching(/ number-at-risk All: /) as unknown]));
  }, SLOW);
});
