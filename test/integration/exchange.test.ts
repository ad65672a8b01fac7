import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { Database, Db } from '@/db/client';
import { auditLog, centres, patients } from '@/db/schema';
import { readDemoCohort, seedDemo } from '@/db/seed/seed-demo';
import { validateOdm } from '@/lib/exchange/odm-structure';
import { exportData } from '@/lib/services/exchange/export-data';
import { previewImport } from '@/lib/services/exchange/preview-import';
import { ImportRejected, runImport } from '@/lib/services/exchange/run-import';
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
    const report = await runImport(b.db, adminB, { fileName: csvA.fileName, text: csvA.body });
    expect(report).toMatchObject({ ok: true, newPatients: 165, updatedPatients: 0, unchangedPatients: 0 });
    expect((await exportData(b.db, adminB, 'csv', NOW)).body).toBe(csvA.body);
    expect((await exportData(b.db, adminB, 'json', NOW)).body).toBe(jsonA.body);

    // The JSON export re-imports too (into a third database) and gives the same CSV.
    const c = await factory.fresh();
    await demoCentres(c.db);
    const adminC = await actor(c.db);
    expect(await runImport(c.db, adminC, { fileName: 'x.json', text: jsonA.body })).toMatchObject({ ok: true, newPatients: 165 });
    expect((await exportData(c.db, adminC, 'csv', NOW)).body).toBe(csvA.body);
  });

  it('re-importing the same file changes nothing; a changed value is updated through the audit trail', async () => {
    const { db } = database;
    await demoCentres(db);
    const admin = await actor(db);
    await runImport(db, admin, { fileName: 'cohort.csv', text: DEMO_CSV });
    const auditBefore = await count(db, auditLog);
    const again = await runImport(db, admin, { fileName: 'cohort.csv', text: DEMO_CSV });
    expect(again).toMatchObject({ ok: true, newPatients: 0, updatedPatients: 0, unchangedPatients: 165 });
    expect(await count(db, auditLog)).toBe(auditBefore + 1); // only the data_import event

    const changed = editCell(DEMO_CSV, 3, 'ecog', '2');
    const r = await runImport(db, admin, { fileName: 'cohort-v2.csv', text: changed });
    expect(r).toMatchObject({ ok: true, updatedPatients: 1, unchangedPatients: 164 });
    const rows = await db.select().from(auditLog).where(and(eq(auditLog.tableName, 'baseline_forms'), eq(auditLog.field, 'ecog'), eq(auditLog.action, 'update')));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ oldValue: '0', newValue: '2', reason: 'import: cohort-v2.csv', actorId: admin.id });
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
    await runImport(db, admin, { fileName: 'v1.csv', text: DEMO_CSV });
    // PL-01-005 (row 5) had "ABVD (PR); allogeneic SCT (CR)".
    const v2 = editCell(DEMO_CSV, 5, 'subsequentTherapies', '"venetoclax (CR) from 2016-07-01"').replace(/("PL-01-005",[^\n]*?),2,("alive")/, '$1,1,$2');
    const r = await runImport(db, admin, { fileName: 'v2.csv', text: v2 });
    expect(r).toMatchObject({ ok: true, updatedPatients: 1 });
    const out = await exportData(db, admin, 'csv', NOW);
    expect(out.body).toContain('"venetoclax (CR) from 2016-07-01",1,');
    const retired = await db.execute(sql`SELECT count(*)::int AS n FROM audit_log WHERE table_name = 'subsequent_therapies' AND field = 'deleted' AND new_value = 'true' AND reason = 'import: v2.csv'`) as unknown as { rows: { n: number }[] };
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
    ['missing column', (csv) => csv.replace('"ecog",', ''), /missing column "ecog"/],
    ['wrong code', (csv) => editCell(csv, 3, 'raiStage', '"V"'), /must be one of: 0, I, II, III, IV/],
    ['impossible date', (csv) => editCell(csv, 2, 'ibrutinibStart', '"2014-02-30"'), /not a real date/],
    ['duplicate id', (csv) => `${csv}${csv.split('\n')[1]}\n`, /duplicate patient id PL-01-001/],
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
      const err = await runImport(db, admin, { fileName: 'bad.csv', text }).catch((e: unknown) => e);
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
    expect(messages).toContain('PL-02-001 centre: is PL-02: you can import patients of your own centre (PL-01) only');
    const coord = await actor(db, 'coordinator');
    const r2 = await previewImport(db, coord, { fileName: 'cohort.csv', text: DEMO_CSV });
    expect(r2.problems.map((p) => p.message)).toContain('PL-03 is not a centre of the registry (an administrator adds centres first)');
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
    await runImport(db, admin, { fileName: 'a.csv', text: editCell(DEMO_CSV, 6, 'ae_paperLabel', `"'=cmd|' /C calc'!A0"`) });
    const out = await exportData(db, admin, 'csv', NOW);
    expect(out.body).toContain(`"'=cmd|' /C calc'!A0"`);
    expect(out.body).not.toMatch(/(^|,)"=cmd/m);
    const again = await runImport(db, admin, { fileName: 'b.csv', text: out.body });
    expect(again).toMatchObject({ ok: true, unchangedPatients: 165 });
  });
});
