/**
 * Issue 11, items 4–8: input the registry must refuse or keep exactly — patient ids in imports and
 * registration, control characters, the ODM export read by a strict XML parser, the forms' rules
 * applied to the import and to queries, and the import report.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Database, Db } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { centres, dataQueries, patients } from '@/db/schema';
import { readDemoCohort } from '@/db/seed/seed-demo';
import { validateOdm } from '@/lib/exchange/odm-structure';
import { exportData } from '@/lib/services/exchange/export-data';
import { previewImport } from '@/lib/services/exchange/preview-import';
import { checkAndImport } from '@/lib/services/exchange/check-and-import';
import { answerQuery } from '@/lib/services/crf/answer-query';
import { closeQuery } from '@/lib/services/crf/close-query';
import { raiseQuery } from '@/lib/services/crf/raise-query';
import { registerPatient } from '@/lib/services/crf/register-patient';
import { saveBaseline } from '@/lib/services/crf/save-baseline';
import { saveDiscontinuation } from '@/lib/services/crf/save-discontinuation';
import { saveFollowUp } from '@/lib/services/crf/save-follow-up';
import { saveTherapies } from '@/lib/services/crf/save-therapies';
import { ServiceError } from '@/lib/services/errors';
import { saveBaselineSchema } from '@/lib/validation/baseline';
import { saveDiscontinuationSchema } from '@/lib/validation/discontinuation';
import { saveFollowUpSchema } from '@/lib/validation/follow-up';
import { saveTherapiesSchema } from '@/lib/validation/therapies';
import { answerQuerySchema } from '@/lib/validation/workflow';
import { makeUser, principal } from './helpers/fixtures';
import { secondInstance, TEST_DB_KIND, testDbFactory, type TestDbFactory } from './helpers/test-db';

const DEMO_CSV = fs.readFileSync(path.join(process.cwd(), 'test/fixtures/exchange/demo-cohort.csv'), 'utf8');
const HEADER = DEMO_CSV.split('\n')[0] ?? '';
const NOW = new Date('2026-01-02T03:04:05.000Z');

let factory: TestDbFactory;
let database: Database;
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => { database = await factory.fresh(); });

let n = 0;
const key = () => `c-key-${++n}-${Math.random().toString(36).slice(2)}`;

async function world(db: Db) {
  await db.insert(centres).values(readDemoCohort().centres);
  const pl01 = (await db.select().from(centres).where(eq(centres.code, 'PL-01')))[0];
  if (!pl01) throw new Error('no PL-01');
  const mk = async (role: 'admin' | 'coordinator' | 'investigator', centreId: number | null = null) => {
    const u = await makeUser(db, { email: `${role}-${centreId ?? 'all'}@x.org`, role, centreId });
    return { ...principal(u), email: u.email };
  };
  return { pl01, admin: await mk('admin'), coord: await mk('coordinator'), inv: await mk('investigator', pl01.id) };
}

/** A demo row (1-based) of the demo CSV with some cells replaced (cells hold no commas in the rows used). */
function demoRow(row: number, edits: Record<string, string> = {}): string {
  const lines = DEMO_CSV.split('\n');
  const names = HEADER.split(',').map((s) => s.replace(/"/g, ''));
  const cells = (lines[row] ?? '').match(/("([^"]|"")*"|[^,]*)(,|$)/g)?.map((c) => c.replace(/,$/, '')) ?? [];
  for (const [column, value] of Object.entries(edits)) cells[names.indexOf(column)] = value;
  return cells.slice(0, names.length).join(',');
}
const file = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';
const patientCount = async (db: Db) => (await db.select({ n: sql<number>`count(*)::int` }).from(patients))[0]?.n ?? -1;

async function expectRefused(p: Promise<unknown>, message: RegExp) {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ServiceError);
  expect((err as ServiceError).message).toMatch(message);
}

describe('item 4: patient ids', () => {
  it('the import accepts exactly the ids the CRF accepts; others are refused at preview with a message, nothing written', async () => {
    const { db } = database;
    const { admin } = await world(db);
    const bad = ['PL-01-0001', 'PL-01-1234', 'PL-01-123456', 'PL-01-000'];
    const text = file(...bad.map((id) => demoRow(1, { id: `"${id}"` })));
    const report = await previewImport(db, admin, { fileName: 'ids.csv', text });
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => [p.row, p.column])).toEqual([[1, 'id'], [2, 'id'], [3, 'id'], [4, 'id']]);
    for (const p of report.problems) expect(p.message).toMatch(/^id is not a patient id the registry can use: .*three-digit number from 001 to 999/);
    await expect(checkAndImport(db, admin, { fileName: 'ids.csv', text })).rejects.toThrow(/problem/);
    expect(await patientCount(db)).toBe(0);
  });

  it('an imported PL-01-999 does not block registration: the lowest free number is taken, and only a full centre refuses', async () => {
    const { db } = database;
    const { admin, inv, pl01 } = await world(db);
    const report = await checkAndImport(db, admin, { fileName: 'x.csv', text: file(demoRow(1, { id: '"PL-01-999"' }), demoRow(2)) });
    expect(report).toMatchObject({ ok: true, newPatients: 2 });
    // PL-01-002 came with the file (demo row 2), PL-01-999 too: the next registrations take 001, then 003.
    expect((await registerPatient(db, inv, { sex: 'female', birthYear: 1950, idempotencyKey: key() })).code).toBe('PL-01-001');
    expect((await registerPatient(db, inv, { sex: 'male', birthYear: 1951, idempotencyKey: key() })).code).toBe('PL-01-003');
    // Fill every number but 500, then one registration gets 500 and the next is refused.
    await db.transaction(async (tx) => {
      await setAuditContext(tx, { id: admin.id, label: admin.email });
      await tx.execute(sql`INSERT INTO patients (code, centre_id, seq, sex, birth_year, created_by, updated_by)
        SELECT 'PL-01-' || lpad(s::text, 3, '0'), ${pl01.id}, s, 'female', 1950, ${admin.id}, ${admin.id}
        FROM generate_series(4, 998) s WHERE s <> 500`);
    });
    expect((await registerPatient(db, inv, { sex: 'female', birthYear: 1950, idempotencyKey: key() })).code).toBe('PL-01-500');
    await expectRefused(registerPatient(db, inv, { sex: 'female', birthYear: 1950, idempotencyKey: key() }), /used all 999 patient numbers/);
  });

  it('concurrent registrations (two instances) all succeed with distinct numbers', async () => {
    const { db } = database;
    const { inv } = await world(db);
    const other = secondInstance(database, 5);
    try {
      const codes = await Promise.all(Array.from({ length: 8 }, (_, i) =>
        registerPatient(i % 2 ? other.db : db, inv, { sex: 'female', birthYear: 1950, idempotencyKey: key() }).then((r) => r.code)));
      expect(new Set(codes).size).toBe(8);
      expect([...codes].sort()).toEqual(Array.from({ length: 8 }, (_, i) => `PL-01-00${i + 1}`));
    } finally { await other.close(); }
  });

  it.skipIf(TEST_DB_KIND !== 'pg')('a number written meanwhile by an uncommitted import makes registration wait and take the next one (PostgreSQL)', async () => {
    const { db } = database;
    const { inv, admin, pl01 } = await world(db);
    const other = secondInstance(database, 2);
    try {
      let release: () => void = () => undefined;
      const hold = new Promise<void>((resolve) => { release = resolve; });
      let inserted: () => void = () => undefined;
      const insertedP = new Promise<void>((resolve) => { inserted = resolve; });
      // An import-like writer: inserts PL-01-001 without the centre lock, and commits only later.
      const writer = other.db.transaction(async (tx) => {
        await setAuditContext(tx, { id: admin.id, label: admin.email }, 'import: race.csv');
        await tx.insert(patients).values({ code: 'PL-01-001', centreId: pl01.id, seq: 1, sex: 'male', birthYear: 1950, createdBy: admin.id, updatedBy: admin.id });
        inserted();
        await hold;
      });
      await insertedP;
      const registering = registerPatient(db, inv, { sex: 'female', birthYear: 1950, idempotencyKey: key() });
      await new Promise((r) => setTimeout(r, 300)); // registration now waits on the unique index
      release();
      await writer;
      expect((await registering).code).toBe('PL-01-002');
    } finally { await other.close(); }
  });
});

describe('item 6: control characters and the ODM export', () => {
  it('the import refuses control characters and non-characters in text cells, naming the character', async () => {
    const { db } = database;
    const { admin } = await world(db);
    const text = file(
      demoRow(6, { ae_paperLabel: '"pneu\u0001monia"' }),
      demoRow(6, { id: '"PL-01-901"', ae_paperLabel: '"x\uFFFE"' }),
      demoRow(6, { id: '"PL-01-902"', ae_paperLabel: '"two\nlines"' }),
    );
    const report = await previewImport(db, admin, { fileName: 'ctl.csv', text });
    const byRow = (row: number) => report.problems.filter((p) => p.row === row).map((p) => `${p.column}: ${p.message}`);
    expect(byRow(1)).toEqual(['ae_paperLabel: ae_paperLabel contains an invisible control character (U+0001), usually pasted from another program; remove it.']);
    expect(byRow(2)).toEqual(['ae_paperLabel: ae_paperLabel contains U+FFFE, which is not a character; remove it.']);
    expect(byRow(3)).toEqual(['ae_paperLabel: ae_paperLabel must be a single line: it contains a line break; remove it.']);
  });

  it('the forms refuse them too (reason, verbatim term, regimen, query answer)', () => {
    const base = { patientCode: 'PL-01-001', version: null, idempotencyKey: key(), lastDoseDate: '2019-05-01', reason: 'other' };
    expect(saveDiscontinuationSchema.safeParse({ ...base, reasonOther: 'a\u0001b' }).error?.issues[0]?.message).toMatch(/control character \(U\+0001\)/);
    expect(saveDiscontinuationSchema.safeParse({ ...base, reasonOther: 'a\nb\tc' }).success).toBe(true);
    expect(saveTherapiesSchema.safeParse({ patientCode: 'PL-01-001', version: null, idempotencyKey: key(), rows: [{ regimen: 'R\uFFFF' }] }).success).toBe(false);
    expect(answerQuerySchema.safeParse({ queryId: 1, answer: 'ok \uD800' }).error?.issues[0]?.message).toMatch(/surrogate/);
  });

  it('text with every allowed odd character is stored, and the ODM export is well-formed XML that gives it back exactly', async () => {
    const { db } = database;
    const { inv, admin } = await world(db);
    const { code } = await registerPatient(db, inv, { sex: 'female', birthYear: 1950, idempotencyKey: key() });
    const multi = 'Line 1\twith tab\nline 2: <b>&amp; "quoted" \'single\' 🙂 שלום עולם ]]> &#0;';
    const single = 'Pseudomonas 🦠 <x> & "y" — مرحبا';
    await saveBaseline(db, inv, saveBaselineSchema.parse({ patientCode: code, version: null, idempotencyKey: key(), ibrutinibStart: '2018-03-10', ecog: 1, raiStage: 'II', binetStage: null,
      del17p: 'absent', ighv: 'unmutated', priorLines: 2, priorPurineAnalogue: true, priorAntiCd20: true, inclusionCriteria: ['a'] }));
    await saveDiscontinuation(db, inv, saveDiscontinuationSchema.parse({ patientCode: code, version: null, idempotencyKey: key(), lastDoseDate: '2019-05-01', reason: 'other', reasonOther: multi }));
    await saveTherapies(db, inv, saveTherapiesSchema.parse({ patientCode: code, version: null, idempotencyKey: key(), rows: [{ regimen: single, startDate: '2019-06-01' }] }));
    await saveFollowUp(db, inv, saveFollowUpSchema.parse({ patientCode: code, version: null, idempotencyKey: key(), vitalStatus: 'dead', lastContactDate: '2020-01-01',
      deathDate: '2020-01-01', deathCause: 'other', deathCauseOther: multi }));

    const odm = await exportData(db, admin, 'odm', NOW);
    // A strict XML 1.0 parser: any character XML cannot carry, or a broken escape, is an error.
    const errors: string[] = [];
    const current = new Map<string, string>();
    const parser = new SaxesParser();
    parser.on('error', (e) => { errors.push(e.message); });
    parser.on('opentag', (tag) => {
      const a = tag.attributes as Record<string, string>;
      if (tag.name === 'ItemData' && a.ItemOID && a.Value !== undefined) current.set(a.ItemOID, a.Value);
    });
    parser.write(odm.body).close();
    expect(errors).toEqual([]);
    expect(current.get('I.DISC_REASONOTHER')).toBe(multi);
    expect(current.get('I.DEATHCAUSEOTHER')).toBe(multi);
    expect(current.get('I.THERAPY_REGIMEN')).toBe(single);
    expect(validateOdm(odm.body)).toEqual([]);
  });
});

describe('item 7: the forms\' rules hold for the import and for queries', () => {
  it('refuses CTCAE terms outside the dictionary, grades the term does not define and a wrong organ class', async () => {
    const { db } = database;
    const { admin } = await world(db);
    // Demo row 6 (PL-01-006) is an adverse event: Lung infection, grade 3.
    const text = file(
      demoRow(6, { ae_term: '"Pneumonia (made up)"' }),
      demoRow(7, { id: '"PL-01-007"' }),
      demoRow(6, { id: '"PL-01-900"', ae_grade: '1' }),
      demoRow(6, { id: '"PL-01-901"', ae_soc: '"Eye disorders"' }),
    );
    const report = await previewImport(db, admin, { fileName: 'ae.csv', text });
    const msgs = report.problems.map((p) => `${p.row} ${p.column}: ${p.message}`);
    expect(msgs).toContainEqual(expect.stringMatching(/^1 ae_term: "Pneumonia \(made up\)" is not a CTCAE v4\.03 term/));
    expect(msgs).toContainEqual('3 ae_grade: Grade 1 is not defined for "Lung infection" in CTCAE v4.03.');
    expect(msgs).toContainEqual('4 ae_soc: ae_soc is "Eye disorders" but the CTCAE v4.03 organ class of "Lung infection" is "Infections and infestations".');
    expect(report.problems.filter((p) => p.row === 2)).toEqual([]);
  });

  it('refuses the discontinuation details the form only keeps for their reason (other text, resistance mutations)', async () => {
    const { db } = database;
    const { admin } = await world(db);
    // Demo row 6 is an adverse event; the two optional columns are appended.
    const header = `${HEADER},"disc_reasonOther","disc_resistanceMutations"`;
    const text = [header, `${demoRow(6)},"felt unwell",`, `${demoRow(6, { id: '"PL-01-906"' })},,"BTK C481S"`].join('\n') + '\n';
    const report = await previewImport(db, admin, { fileName: 'disc.csv', text });
    expect(report.problems.map((p) => `${p.row} ${p.column}: ${p.message}`)).toEqual([
      '1 disc_reasonOther: disc_reasonOther is only for the reason other.',
      '2 disc_resistanceMutations: disc_resistanceMutations is only for the reason progression.',
    ]);
  });

  it('refuses changes to withdrawn and entered-in-error records and any record-status change; identical rows are still skipped', async () => {
    const { db } = database;
    const { admin } = await world(db);
    const original = file(demoRow(1), demoRow(2), demoRow(3));
    expect(await checkAndImport(db, admin, { fileName: 'a.csv', text: original })).toMatchObject({ ok: true, newPatients: 3 });
    await db.transaction(async (tx) => {
      await setAuditContext(tx, { id: admin.id, label: admin.email }, 'test: withdraw');
      await tx.update(patients).set({ status: 'withdrawn' }).where(eq(patients.code, 'PL-01-001'));
      await tx.update(patients).set({ status: 'entered_in_error' }).where(eq(patients.code, 'PL-01-002'));
    });
    const withStatus = (row: number, status: string, edits: Record<string, string> = {}) => `${demoRow(row, edits)},"${status}"`;
    const header = `${HEADER},"patientStatus"`;
    const text = [header, `${withStatus(1, 'withdrawn', { ecog: '3' })}`, `${withStatus(2, 'entered_in_error')}`, `${withStatus(3, 'withdrawn')}`].join('\n') + '\n';
    const report = await previewImport(db, admin, { fileName: 'b.csv', text });
    expect(report.problems.map((p) => `${p.row} ${p.column}: ${p.message}`)).toEqual([
      '1 patientStatus: Patient PL-01-001 is withdrawn: the record cannot be edited.',
      '3 patientStatus: patientStatus is withdrawn but the registry has active: an import does not change a record\'s status.',
    ]);
    expect(report.unchangedPatients).toBe(1);
  });

  it('queries of a withdrawn patient can no longer be answered or closed', async () => {
    const { db } = database;
    const { admin, coord, inv } = await world(db);
    const { code } = await registerPatient(db, inv, { sex: 'female', birthYear: 1950, idempotencyKey: key() });
    const q1 = await raiseQuery(db, coord, { patientCode: code, form: 'baseline', field: 'ecog', question: 'Please check ECOG.' });
    const q2 = await raiseQuery(db, coord, { patientCode: code, form: 'baseline', field: 'raiStage', question: 'Please check Rai.' });
    await answerQuery(db, inv, { queryId: q2.id, answer: 'Checked.' });
    await db.transaction(async (tx) => {
      await setAuditContext(tx, { id: admin.id, label: admin.email }, 'test: withdraw');
      await tx.update(patients).set({ status: 'withdrawn' }).where(eq(patients.code, code));
    });
    await expectRefused(answerQuery(db, inv, { queryId: q1.id, answer: 'Too late.' }), /is withdrawn: the record cannot be edited/);
    await expectRefused(closeQuery(db, coord, { queryId: q2.id }), /is withdrawn: the record cannot be edited/);
    const rows = await db.select({ status: dataQueries.status, answer: dataQueries.answer }).from(dataQueries).orderBy(dataQueries.id);
    expect(rows).toEqual([{ status: 'open', answer: null }, { status: 'answered', answer: 'Checked.' }]);
  });
});

describe('item 8: the import report', () => {
  it('a row with several bad cells lists every one of them', async () => {
    const { db } = database;
    const { admin } = await world(db);
    const report = await previewImport(db, admin, { fileName: 'bad.csv', text: file(demoRow(3, { ecog: '"x"', raiStage: '"V"', birthYear: '"19x0"' })) });
    expect(report.problems.map((p) => p.column).sort()).toEqual(['birthYear', 'ecog', 'raiStage']);
    for (const p of report.problems) expect(p.message).toMatch(/^[A-Za-z"].*\.$/);
  });

  it('one impossible death date is reported once per conflict, each a sentence', async () => {
    const { db } = database;
    const { admin } = await world(db);
    // PL-01-021 died 2015-08-21 after starting 2015-04-25 and stopping 2015-08-13; a death (and last
    // contact) on 2015-01-01 precedes both: four conflicts, which the report listed twice each (8 lines).
    const report = await previewImport(db, admin, { fileName: 'death.csv', text: file(demoRow(21, { deathDate: '"2015-01-01"', lastContactDate: '"2015-01-01"' })) });
    const lines = report.problems.map((p) => `${p.column}: ${p.message}`);
    expect(lines).toEqual([
      'deathDate: The date of death (2015-01-01) cannot be before the ibrutinib start (2015-04-25).',
      'deathDate: The date of death (2015-01-01) cannot be before the last dose (2015-08-13).',
      'lastContactDate: The last contact (2015-01-01) cannot be before the ibrutinib start (2015-04-25).',
      'lastContactDate: The last contact (2015-01-01) cannot be before the last dose (2015-08-13).',
    ]);
  });
});
