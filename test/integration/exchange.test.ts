import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { Database, Db } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { auditLog, baselineForms, centres, patients } from '@/db/schema';
import { readDemoCohort, seedDemo } from '@/db/seed/seed-demo';
import { applyCutoff } from '@/lib/analysis/population';
import { parseIsoDay } from '@/lib/analysis/dates';
import { loadAnalysisDataset } from '@/lib/dal/analysis-dataset';
import { validateOdm } from '@/lib/exchange/odm-structure';
import { exportData } from '@/lib/services/exchange/export-data';
import { previewImport } from '@/lib/services/exchange/preview-import';
import { checkAndImport } from '@/lib/services/exchange/check-and-import';
import { ImportRejected } from '@/lib/services/exchange/run-import';
import { registerPatient } from '@/lib/services/crf/register-patient';
import { saveBaseline } from '@/lib/services/crf/save-baseline';
import { saveDiscontinuation } from '@/lib/services/crf/save-discontinuation';
import { saveFollowUp } from '@/lib/services/crf/save-follow-up';
import { saveResponse } from '@/lib/services/crf/save-response';
import { saveTherapies } from '@/lib/services/crf/save-therapies';
import { saveBaselineSchema } from '@/lib/validation/baseline';
import { saveDiscontinuationSchema } from '@/lib/validation/discontinuation';
import { saveFollowUpSchema } from '@/lib/validation/follow-up';
import { saveResponseSchema } from '@/lib/validation/response';
import { saveTherapiesSchema } from '@/lib/validation/therapies';
import { makeCentre, makeUser, principal } from './helpers/fixtures';
import { testDbFactory, type TestDbFactory } from './helpers/test-db';

const DEMO_CSV = fs.readFileSync(path.join(process.cwd(), 'test/fixtures/exchange/demo-cohort.csv'), 'utf8');
const NOW = new Date('2026-01-02T03:04:05.000Z');

let factory: TestDbFactory;
let database: Database;
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => { database = await factory.fresh(); });

async function demoCentres(db: Db) {
  await db.insert(centres).values(readDemoCohort().centres);
}
async function actor(db: Db, role: 'admin' | 'coordinator' | 'investigator' = 'admin', centreCode?: string) {
  const centreId = centreCode ? (await db.select().from(centres).where(eq(centres.code, centreCode)))[0]?.id ?? null : null;
  const u = await makeUser(db, { email: `${role}${centreCode ?? ''}@x.org`, role, centreId });
  return { ...principal(u), email: u.email };
}
const count = async (db: Db, t: typeof patients | typeof auditLog) => (await db.select({ n: sql<number>`count(*)::int` }).from(t))[0]?.n ?? -1;

/** Replaces one cell of one data row (1-based) of a CSV whose cells hold no commas. */
function editCell(csv: string, row: number, column: string, value: string): string {
  const lines = csv.split('\n');
  const names = (lines[0] ?? '').split(',').map((s) => s.replace(/"/g, ''));
  const cells = (lines[row] ?? '').match(/("([^"]|"")*"|[^,]*)(,|$)/g)?.map((c) => c.replace(/,$/, '')) ?? [];
  cells[names.indexOf(column)] = value;
  lines[row] = cells.slice(0, names.length).join(',');
  return lines.join('\n');
}

describe('round trip', () => {
  it('exports the seeded demo cohort, imports it into an empty database and exports identical files', async () => {
    const a = database;
    await seedDemo(a);
    const adminA = await actor(a.db);
    const csvA = await exportData(a.db, adminA, 'csv', NOW);
    const jsonA = await exportData(a.db, adminA, 'json', NOW);
    expect(csvA.patients).toBe(165);
    // The demo file's 38 columns come out exactly as the demo file has them.
    const cells = (text: string) => Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
    expect(cells(csvA.body).map((r) => r.slice(0, 38))).toEqual(cells(DEMO_CSV));

    const b = await factory.fresh();
    await demoCentres(b.db);
    const adminB = await actor(b.db);
    const report = await checkAndImport(b.db, adminB, { fileName: csvA.fileName, text: csvA.body });
    expect(report).toMatchObject({ ok: true, newPatients: 165, updatedPatients: 0, unchangedPatients: 0 });
    expect((await exportData(b.db, adminB, 'csv', NOW)).body).toBe(csvA.body);
    expect((await exportData(b.db, adminB, 'json', NOW)).body).toBe(jsonA.body);
    // The status follows the values: the seed says "unknown" where the published cohort has no
    // response dates and no adverse-event onset dates, and the export carries those codes, so every
    // form comes back complete, as seeded.
    const statuses = await b.db.execute(sql`
      SELECT 'baseline' AS form, status::text, count(*)::int AS n FROM baseline_forms GROUP BY 2
      UNION ALL SELECT 'response', status::text, count(*)::int FROM response_forms GROUP BY 2
      UNION ALL SELECT 'discontinuation', status::text, count(*)::int FROM discontinuation_forms GROUP BY 2
      UNION ALL SELECT 'follow-up', status::text, count(*)::int FROM follow_up_forms GROUP BY 2 ORDER BY 1, 2`) as unknown as { rows: unknown[] };
    expect(statuses.rows).toEqual([
      { form: 'baseline', status: 'complete', n: 165 }, { form: 'discontinuation', status: 'complete', n: 37 },
      { form: 'follow-up', status: 'complete', n: 165 }, { form: 'response', status: 'complete', n: 165 },
    ]);

    // The JSON export re-imports too (into a third database) and gives the same CSV.
    const c = await factory.fresh();
    await demoCentres(c.db);
    const adminC = await actor(c.db);
    expect(await checkAndImport(c.db, adminC, { fileName: 'x.json', text: jsonA.body })).toMatchObject({ ok: true, newPatients: 165 });
    expect((await exportData(c.db, adminC, 'csv', NOW)).body).toBe(csvA.body);
  });

  it('re-importing the same file changes nothing; a changed value is updated through the audit trail', async () => {
    const { db } = database;
    await demoCentres(db);
    const admin = await actor(db);
    await checkAndImport(db, admin, { fileName: 'cohort.csv', text: DEMO_CSV });
    const auditBefore = await count(db, auditLog);
    const again = await checkAndImport(db, admin, { fileName: 'cohort.csv', text: DEMO_CSV });
    expect(again).toMatchObject({ ok: true, newPatients: 0, updatedPatients: 0, unchangedPatients: 165 });
    expect(await count(db, auditLog)).toBe(auditBefore + 1); // only the data_import event

    const changed = editCell(DEMO_CSV, 3, 'ecog', '2');
    // ECOG of a complete form changes: like a CRF save, the import needs a reason, kept in the audit rows.
    const r = await checkAndImport(db, admin, { fileName: 'cohort-v2.csv', text: changed, reason: 'ECOG corrected from the source' });
    expect(r).toMatchObject({ ok: true, updatedPatients: 1, unchangedPatients: 164 });
    const rows = await db.select().from(auditLog).where(and(eq(auditLog.tableName, 'baseline_forms'), eq(auditLog.field, 'ecog'), eq(auditLog.action, 'update')));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ oldValue: '0', newValue: '2', reason: 'import: cohort-v2.csv — ECOG corrected from the source', actorId: admin.id });
  });

  it('ODM export of the seeded cohort passes the structural validator and carries the audit trail', async () => {
    await seedDemo(database);
    const admin = await actor(database.db);
    const odm = await exportData(database.db, admin, 'odm', NOW);
    expect(validateOdm(odm.body)).toEqual([]);
    expect(odm.body).toContain('<SubjectData SubjectKey="PL-01-005" TransactionType="Upsert">');
    expect(odm.body).toMatch(/<ItemData ItemOID="I.ECOG" TransactionType="Insert" Value="\d"><AuditRecord><UserRef UserOID="USR\.system\.[\w.-]+"\/><LocationRef LocationOID="LOC.PL-01"\/><DateTimeStamp>[^<]+<\/DateTimeStamp><ReasonForChange>demo seed<\/ReasonForChange><\/AuditRecord><\/ItemData>/);
    expect(odm.body).toContain('ItemGroupOID="IG.THERAPY" ItemGroupRepeatKey="2"');
  });
});

describe('updates', () => {
  it('replaces subsequent therapies (retired rows flagged deleted) and refuses locked forms and removed discontinuations', async () => {
    const { db } = database;
    await demoCentres(db);
    const admin = await actor(db);
    await checkAndImport(db, admin, { fileName: 'v1.csv', text: DEMO_CSV });
    // PL-01-005 (row 5) had "ABVD (PR); allogeneic SCT (CR)".
    const v2 = editCell(DEMO_CSV, 5, 'subsequentTherapies', '"venetoclax (CR) from 2016-07-01"').replace(/("PL-01-005",[^\n]*?),2,("alive")/, '$1,1,$2');
    const r = await checkAndImport(db, admin, { fileName: 'v2.csv', text: v2, reason: 'therapies from the letter' });
    expect(r).toMatchObject({ ok: true, updatedPatients: 1 });
    const out = await exportData(db, admin, 'csv', NOW);
    expect(out.body).toContain('"venetoclax (CR) from 2016-07-01",1,');
    const retired = await db.execute(sql`SELECT count(*)::int AS n FROM audit_log WHERE table_name = 'subsequent_therapies' AND field = 'deleted' AND new_value = 'true' AND reason = 'import: v2.csv — therapies from the letter'`) as unknown as { rows: { n: number }[] };
    expect(retired.rows[0]?.n).toBe(1);

    await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT set_config('app.actor_id', ${String(admin.id)}, true), set_config('app.actor_label', 'x', true)`);
      await tx.execute(sql`UPDATE baseline_forms SET status = 'locked' WHERE patient_id = (SELECT id FROM patients WHERE code = 'PL-01-001')`);
    });
    const locked = await previewImport(db, admin, { fileName: 'v3.csv', text: editCell(v2, 1, 'ecog', '3') });
    expect(locked.problems).toEqual([expect.objectContaining({ patientId: 'PL-01-001', message: expect.stringContaining('locked') })]);

    // PL-01-006 (row 6) discontinued for an adverse event: the file drops the discontinuation.
    const undisc = editCell(editCell(editCell(editCell(editCell(editCell(editCell(editCell(editCell(v2, 6, 'disc_date', ''), 6, 'disc_reason', ''), 6, 'disc_cnsInvolvement', ''),
      6, 'ae_term', ''), 6, 'ae_soc', ''), 6, 'ae_grade', ''), 6, 'ae_etiology', ''), 6, 'ae_paperLabel', ''), 6, 'discontinued', '');
    const cleared = await previewImport(db, admin, { fileName: 'v4.csv', text: ['os_days_from_discontinuation', 'os_months', 'os_event', 'treatment_days', 'treatment_months', 'treatment_ongoing']
      .reduce((t, col) => editCell(t, 6, col, ''), undisc) });
    expect(cleared.problems).toContainEqual(expect.objectContaining({ patientId: 'PL-01-006', message: expect.stringContaining('cannot remove it') }));
  });
});

describe('bad files write nothing', () => {
  const cases: [string, (csv: string) => string, RegExp][] = [
    ['missing column', (csv) => csv.replace('"ecog",', ''), /required column "ecog" is missing/],
    ['wrong code', (csv) => editCell(csv, 3, 'raiStage', '"V"'), /must be one of: 0, I, II, III, IV/],
    ['impossible date', (csv) => editCell(csv, 2, 'ibrutinibStart', '"2014-02-30"'), /not a real date/],
    ['duplicate id', (csv) => `${csv}${csv.split('\n')[1]}\n`, /patient id PL-01-001 appears twice/],
    ['formula injection', (csv) => editCell(csv, 6, 'ae_paperLabel', `"=cmd|' /C calc'!A0"`), /formula/],
  ];
  for (const [name, mutate, message] of cases) {
    it(`${name}: a clear report, nothing written`, async () => {
      const { db } = database;
      await demoCentres(db);
      const admin = await actor(db);
      const auditBefore = await count(db, auditLog);
      const text = mutate(DEMO_CSV);
      const preview = await previewImport(db, admin, { fileName: 'bad.csv', text });
      expect(preview.ok).toBe(false);
      expect(preview.problems.map((p) => p.message).join('\n')).toMatch(message);
      const err = await checkAndImport(db, admin, { fileName: 'bad.csv', text }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImportRejected);
      expect(await count(db, patients)).toBe(0);
      expect(await count(db, auditLog)).toBe(auditBefore);
    });
  }
});

describe('centres and scope', () => {
  it('refuses unknown centres and, for an investigator, other centres', async () => {
    const { db } = database;
    await makeCentre(db, 'PL-01');
    await makeCentre(db, 'PL-02');
    const inv = await actor(db, 'investigator', 'PL-01');
    const report = await previewImport(db, inv, { fileName: 'cohort.csv', text: DEMO_CSV });
    const messages = report.problems.map((p) => `${p.patientId} ${p.column}: ${p.message}`);
    expect(messages).toContain('PL-02-001 centre: centre is PL-02: you can import patients of your own centre (PL-01) only.');
    const coord = await actor(db, 'coordinator');
    const r2 = await previewImport(db, coord, { fileName: 'cohort.csv', text: DEMO_CSV });
    expect(r2.problems.map((p) => p.message)).toContain('PL-03 is not a centre of the registry (an administrator adds centres first).');
    expect(r2.problems.find((p) => p.patientId === 'PL-01-001')?.message).toMatch(/is "Warszawa" but centre PL-01 is in Test/);
  });

  it('exports only the caller\'s centres and audits every export', async () => {
    await seedDemo(database);
    const { db } = database;
    const inv = await actor(db, 'investigator', 'PL-02');
    const csv = await exportData(db, inv, 'csv', NOW);
    const ids = csv.body.trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    expect(ids.length).toBe(csv.patients);
    expect(ids.every((id) => id?.startsWith('"PL-02-'))).toBe(true);
    const events = await db.select().from(auditLog).where(eq(auditLog.action, 'data_export'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: inv.id, newValue: 'csv', details: expect.objectContaining({ patients: csv.patients }) });
  });

  it('escapes formula text on export and restores it on re-import', async () => {
    const { db } = database;
    await demoCentres(db);
    const admin = await actor(db);
    await checkAndImport(db, admin, { fileName: 'a.csv', text: editCell(DEMO_CSV, 6, 'ae_paperLabel', `"'=cmd|' /C calc'!A0"`) });
    const out = await exportData(db, admin, 'csv', NOW);
    expect(out.body).toContain(`"'=cmd|' /C calc'!A0"`);
    expect(out.body).not.toMatch(/(^|,)"=cmd/m);
    const again = await checkAndImport(db, admin, { fileName: 'b.csv', text: out.body });
    expect(again).toMatchObject({ ok: true, unchangedPatients: 165 });
  });
});

/**
 * Patients in the states the CRF leaves them in — registered only, baseline not finished, forms
 * missing — export and re-import to the same form rows, status included (docs/exchange.md,
 * "Patients without baseline or follow-up").
 */
describe('partial records', () => {
  let k = 0;
  const meta = (patientCode: string) => ({ patientCode, version: null, idempotencyKey: `partial-${++k}-${Math.random()}`, changeReason: null, markComplete: true });

  /** One patient per state, at PL-01, through the CRF services (and one draft an earlier partial import left). */
  async function crfStates(db: Db) {
    const centre = await makeCentre(db, 'PL-01');
    const inv = await makeUser(db, { email: 'inv@x.org', role: 'investigator', centreId: centre.id });
    const user = { ...principal(inv), email: inv.email };
    const register = async () => (await registerPatient(db, user, { sex: 'female', birthYear: 1950, idempotencyKey: `reg-${++k}` })).code;
    const baselineOf = (code: string, over: Record<string, unknown> = {}) => saveBaseline(db, user, saveBaselineSchema.parse({
      ...meta(code), ibrutinibStart: '2018-03-10', ecog: 1, raiStage: 'II', binetStage: null, del17p: 'absent', ighv: 'unmutated', priorLines: 2,
      priorPurineAnalogue: true, priorAntiCd20: false, inclusionCriteria: [], ...over,
    }));
    await register(); // 001: registered, no forms
    const draft = await register(); // 002: a baseline draft with some values
    await db.transaction(async (tx) => {
      await setAuditContext(tx, { id: inv.id, label: inv.email }, 'import: earlier.csv');
      await tx.insert(baselineForms).values({ patientId: (await patientId(tx, draft)), ibrutinibStart: '2018-05-02', ageAtStart: 67, ecog: 2, inclusionCriteria: [], status: 'draft', updatedBy: inv.id });
    });
    const baselineOnly = await register(); // 003: complete baseline (no criteria ticked), nothing else
    await baselineOf(baselineOnly);
    const noResponse = await register(); // 004: baseline and follow-up, no response
    await baselineOf(noResponse, { inclusionCriteria: ['a', 'c'] });
    await saveFollowUp(db, user, saveFollowUpSchema.parse({ ...meta(noResponse), vitalStatus: 'alive', lastContactDate: '2019-06-01' }));
    const stopped = await register(); // 005: discontinued with a subsequent therapy, no follow-up yet
    await baselineOf(stopped);
    await saveResponse(db, user, saveResponseSchema.parse({ ...meta(stopped), bestResponse: 'PR', assessedDate: '2018-09-01' }));
    await saveDiscontinuation(db, user, saveDiscontinuationSchema.parse({ ...meta(stopped), lastDoseDate: '2019-02-01', reason: 'progression', progressionType: 'CLL' }));
    await saveTherapies(db, user, saveTherapiesSchema.parse({ ...meta(stopped), rows: [{ regimen: 'venetoclax', startDate: '2019-02-15', bestResponse: null }] }));
    const followUpOnly = await register(); // 006: follow-up only (lost to the registry before the baseline was entered)
    await saveFollowUp(db, user, saveFollowUpSchema.parse({ ...meta(followUpOnly), vitalStatus: 'unknown', lastContactDate: '2019-01-20' }));
    return user;
  }

  async function patientId(db: Db | Parameters<Parameters<Db['transaction']>[0]>[0], code: string): Promise<number> {
    const [p] = await db.select({ id: patients.id }).from(patients).where(eq(patients.code, code));
    if (!p) throw new Error(`no patient ${code}`);
    return p.id;
  }

  /** Every form row (data and status, not ids, versions or times) by patient, and the live therapy rows. */
  async function formRows(db: Db) {
    const res = await db.execute(sql`
      SELECT p.code, 'baseline' AS form, b.status::text, json_build_array(b.ibrutinib_start, b.age_at_start, b.ecog, b.rai_stage, b.binet_stage,
        b.del17p, b.ighv, b.prior_lines, b.prior_purine_analogue, b.prior_anti_cd20, b.inclusion_criteria)::text AS v
        FROM baseline_forms b JOIN patients p ON p.id = b.patient_id
      UNION ALL SELECT p.code, 'response', r.status::text, json_build_array(r.best_response, r.assessed_date)::text
        FROM response_forms r JOIN patients p ON p.id = r.patient_id
      UNION ALL SELECT p.code, 'discontinuation', d.status::text, json_build_array(d.last_dose_date, d.reason, d.reason_other, d.progression_type,
        d.rt_histology, d.cns_involvement, d.resistance_mutations, d.ae_term, d.ae_soc, d.ae_grade, d.ae_etiology, d.ae_verbatim, d.ae_onset_date)::text
        FROM discontinuation_forms d JOIN patients p ON p.id = d.patient_id
      UNION ALL SELECT p.code, 'therapies', t.status::text, (SELECT json_agg(json_build_array(s.position, s.regimen, s.start_date, s.best_response) ORDER BY s.position)
        FROM subsequent_therapies s WHERE s.form_id = t.id AND NOT s.deleted)::text
        FROM therapy_forms t JOIN patients p ON p.id = t.patient_id
      UNION ALL SELECT p.code, 'follow-up', f.status::text, json_build_array(f.vital_status, f.last_contact_date, f.death_date, f.death_cause, f.death_cause_other)::text
        FROM follow_up_forms f JOIN patients p ON p.id = f.patient_id
      UNION ALL SELECT p.code, 'patient', p.status::text, json_build_array(p.sex, p.birth_year)::text FROM patients p
      ORDER BY 1, 2`) as unknown as { rows: { code: string; form: string; status: string; v: string }[] };
    return res.rows.map((r) => `${r.code} ${r.form} ${r.status} ${r.v}`);
  }

  it('export → import into an empty database gives the same form rows, status included (CSV and JSON)', async () => {
    const a = database;
    const inv = await crfStates(a.db);
    const rowsA = await formRows(a.db);
    // The states are what this test is about: no forms, a draft, forms missing.
    expect(rowsA.filter((r) => r.startsWith('PL-01-001'))).toEqual(['PL-01-001 patient active ["female", 1950]']);
    expect(rowsA).toContain('PL-01-002 baseline draft ["2018-05-02", 67, 2, null, null, null, null, null, null, null, []]');
    expect(rowsA).toContain('PL-01-003 baseline complete ["2018-03-10", 67, 1, "II", null, "absent", "unmutated", 2, true, false, []]');
    const csvA = await exportData(a.db, inv, 'csv', NOW);
    const jsonA = await exportData(a.db, inv, 'json', NOW);
    // ODM: valid, and no FormData for the forms a patient does not have.
    const odm = (await exportData(a.db, inv, 'odm', NOW)).body;
    expect(validateOdm(odm)).toEqual([]);
    const subject = odm.slice(odm.indexOf('SubjectKey="PL-01-001"'), odm.indexOf('</SubjectData>', odm.indexOf('SubjectKey="PL-01-001"')));
    expect([...subject.matchAll(/<FormData FormOID="([^"]+)"/g)].map((m) => m[1])).toEqual(['F.BASELINE']);
    expect(subject).not.toContain('IG.BASELINE');
    // Missing inputs give empty derived cells: PL-01-005 stopped without follow-up has time on ibrutinib, no survival.
    expect(csvA.body).toContain('"PL-01-001","PL-01","Test","female",1950,,,,,,,,FALSE,,,,,,,,,,,,0,,,,,,,,,,,,,,');
    expect(csvA.body).toMatch(/"PL-01-005",.*,"venetoclax from 2019-02-15",1,,,,,,,,328,10\.776,FALSE,,,,/);

    for (const file of [csvA, jsonA]) {
      const b = await factory.fresh();
      await makeCentre(b.db, 'PL-01');
      const admin = await actor(b.db);
      expect(await checkAndImport(b.db, admin, { fileName: file.fileName, text: file.body })).toMatchObject({ ok: true, newPatients: 6 });
      expect(await formRows(b.db)).toEqual(rowsA);
      expect((await exportData(b.db, admin, 'csv', NOW)).body).toBe(csvA.body);
      // Re-importing the same file onto that database changes nothing.
      expect(await checkAndImport(b.db, admin, { fileName: file.fileName, text: file.body })).toMatchObject({ ok: true, unchangedPatients: 6 });
    }
  });

  it('the update path creates the forms a patient does not have yet, audited with the import as reason', async () => {
    const a = database;
    const inv = await crfStates(a.db);
    const full = await exportData(a.db, inv, 'csv', NOW);
    // Database B has the same six patients registered, no forms (the export of patient columns only).
    const b = await factory.fresh();
    await makeCentre(b.db, 'PL-01');
    const admin = await actor(b.db);
    const lines = full.body.trimEnd().split('\n');
    const bare = [lines[0], ...lines.slice(1).map((l) => l.split(',').slice(0, 5).concat(Array(lines[0]?.split(',').length ?? 0).fill('')).slice(0, lines[0]?.split(',').length).join(','))].join('\n') + '\n';
    expect(await checkAndImport(b.db, admin, { fileName: 'registered.csv', text: bare })).toMatchObject({ ok: true, newPatients: 6 });
    expect((await formRows(b.db)).filter((r) => !r.includes(' patient '))).toEqual([]);

    expect(await checkAndImport(b.db, admin, { fileName: 'forms.csv', text: full.body })).toMatchObject({ ok: true, newPatients: 0, updatedPatients: 5, unchangedPatients: 1 });
    expect(await formRows(b.db)).toEqual(await formRows(a.db));
    const inserts = await b.db.select().from(auditLog).where(and(eq(auditLog.action, 'insert'), eq(auditLog.reason, 'import: forms.csv')));
    expect(new Set(inserts.map((r) => r.tableName))).toEqual(new Set(['baseline_forms', 'response_forms', 'discontinuation_forms', 'therapy_forms', 'subsequent_therapies', 'follow_up_forms']));
    expect(inserts.every((r) => r.actorId === admin.id)).toBe(true);
    expect(inserts).toContainEqual(expect.objectContaining({ tableName: 'baseline_forms', field: 'ecog', newValue: '2' }));

    // Completing a draft by import: the baseline of PL-01-002 becomes complete, the change audited.
    const completed = editCell(editCell(editCell(full.body, 2, 'raiStage', '"I"'), 2, 'del17p', '"present"'), 2, 'priorLines', '3');
    expect(await checkAndImport(b.db, admin, { fileName: 'complete.csv', text: completed })).toMatchObject({ ok: true, updatedPatients: 1 });
    expect(await formRows(b.db)).toContain('PL-01-002 baseline complete ["2018-05-02", 67, 2, "I", null, "present", null, 3, null, null, []]');
    const status = await b.db.select().from(auditLog).where(and(eq(auditLog.tableName, 'baseline_forms'), eq(auditLog.field, 'status'), eq(auditLog.reason, 'import: complete.csv')));
    expect(status).toEqual([expect.objectContaining({ oldValue: 'draft', newValue: 'complete' })]);
  });

  it('refuses a file that would remove a form the registry has, and writes nothing', async () => {
    const inv = await crfStates(database.db);
    const file = (await exportData(database.db, inv, 'csv', NOW)).body;
    const noBaseline = ['ibrutinibStart', 'ageAtStart', 'ecog', 'raiStage', 'del17p', 'priorLines', 'ighv', 'priorPurineAnalogue', 'priorAntiCd20']
      .reduce((t, col) => editCell(t, 3, col, ''), file);
    const auditBefore = await count(database.db, auditLog);
    const preview = await previewImport(database.db, inv, { fileName: 'x.csv', text: noBaseline });
    expect(preview.problems).toEqual([{ row: 3, patientId: 'PL-01-003', column: 'ibrutinibStart', message: 'The registry has a baseline form for this patient; an import cannot remove it.' }]);
    expect(await checkAndImport(database.db, inv, { fileName: 'x.csv', text: noBaseline }).catch((e: unknown) => e)).toBeInstanceOf(ImportRejected);
    expect(await count(database.db, auditLog)).toBe(auditBefore);
  });

  it('imported patients without a baseline are not analysed, like CRF-created ones', async () => {
    const { db } = database;
    await makeCentre(db, 'PL-01');
    const admin = await actor(db);
    const text = [
      '"id","centre","sex","birthYear","ibrutinibStart","ageAtStart","ecog","raiStage","del17p","priorLines","bestResponse","disc_date","disc_reason","disc_progressionType","disc_rtHistology","disc_cnsInvolvement","ae_term","ae_soc","ae_grade","ae_etiology","ae_paperLabel","subsequentTherapies","vitalStatus","deathDate","deathCause","lastContactDate"',
      '"PL-01-001","PL-01","male",1950,,,,,,,,,,,,,,,,,,,"alive",,,"2019-01-01"',
      '"PL-01-002","PL-01","male",1950,"2018-01-10",,1,,,,,,,,,,,,,,,,,,,',
    ].join('\n') + '\n';
    expect(await checkAndImport(db, admin, { fileName: 'p.csv', text })).toMatchObject({ ok: true, newPatients: 2 });
    const rows = await loadAnalysisDataset(db, null);
    expect(rows).toHaveLength(2);
    const analysed = applyCutoff(rows, parseIsoDay('2020-01-01') ?? 0);
    expect(analysed.map((p) => p.row.code)).toEqual(['PL-01-002']);
  });
});
