/**
 * The long format of the course (issue 15): the cohort import gives imported patients their course
 * (course_from_snapshot), the zip and JSON exports carry every instance, and the long import has the
 * cohort import's guarantees: preview, all-or-nothing, idempotence, reasons, audit, scope.
 */
import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { Database, Db } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { auditLog, centres } from '@/db/schema';
import { readDemoCohort } from '@/db/seed/seed-demo';
import { checkAndImport } from '@/lib/services/exchange/check-and-import';
import { validateOdm } from '@/lib/exchange/odm-structure';
import { exportCourse } from '@/lib/services/exchange/export-course';
import { exportData } from '@/lib/services/exchange/export-data';
import { ImportRejected } from '@/lib/services/exchange/run-import';
import { checkAndImportLong, longFileOf, previewLongImport, runLongImport, type LongFile } from '@/lib/services/exchange/long-import';
import { makeUser, principal } from './helpers/fixtures';
import { testDbFactory, type TestDbFactory } from './helpers/test-db';

const DEMO_CSV = fs.readFileSync(path.join(process.cwd(), 'test/fixtures/exchange/demo-cohort.csv'), 'utf8');
const NOW = new Date('2026-01-02T03:04:05.000Z');

let factory: TestDbFactory;
let database: Database;
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => { database = await factory.fresh(); });

async function actor(db: Db, role: 'admin' | 'coordinator' | 'investigator' = 'admin', centreCode?: string) {
  const centreId = centreCode ? (await db.select().from(centres).where(eq(centres.code, centreCode)))[0]?.id ?? null : null;
  const u = await makeUser(db, { email: `${role}${centreCode ?? ''}@x.org`, role, centreId });
  return { ...principal(u), email: u.email };
}

/** The demo cohort imported through the cohort CSV (as a centre would). */
async function cohort(db: Db) {
  await db.insert(centres).values(readDemoCohort().centres);
  const admin = await actor(db);
  await checkAndImport(db, admin, { fileName: 'cohort.csv', text: DEMO_CSV });
  return admin;
}

/** A write as the given user (the audit triggers refuse a change without an acting user). */
async function asAdmin(db: Db, id: number, query: ReturnType<typeof sql>) {
  await db.transaction(async (tx) => { await setAuditContext(tx, { id, label: 'admin@x.org' }, 'test'); await tx.execute(query); });
}
const n = async (db: Db, query: ReturnType<typeof sql>) => Number(((await db.execute(query)) as unknown as { rows: { n: number }[] }).rows[0]?.n);

function unzip(body: Uint8Array | string): Map<string, string> {
  if (typeof body === 'string') throw new Error('expected a zip');
  return new Map(Object.entries(unzipSync(body)).map(([k, v]) => [k, strFromU8(v)]));
}
function zipOf(tables: Map<string, string>): LongFile {
  const bytes = zipSync(Object.fromEntries([...tables].map(([k, v]) => [k, strToU8(v)])));
  const file = longFileOf('course.zip', bytes);
  if (!file) throw new Error('not recognised as a long-format file');
  return file;
}
const withLines = (tables: Map<string, string>, file: string, ...lines: string[]) => new Map([...tables, [file, (tables.get(file) ?? '') + lines.join('\n') + '\n']]);
const header = (tables: Map<string, string>, file: string) => (tables.get(file) ?? '').split('\n')[0]?.split(',').map((c) => c.replace(/"/g, '')) ?? [];
/** A CSV line for a table from named cells (the rest empty). */
function line(tables: Map<string, string>, file: string, cells: Record<string, string>): string {
  return header(tables, file).map((c) => cells[c] ?? '').join(',');
}
async function rejected(p: Promise<unknown>) {
  try { await p; } catch (e) { if (e instanceof ImportRejected) return e.report; throw e; }
  throw new Error('the import was not rejected');
}

describe('cohort import gives the course', () => {
  it('imported patients get visit 1 from the follow-up and adverse event 1 from an AE discontinuation, audited as the import', async () => {
    const { db } = database;
    await cohort(db);
    expect(await n(db, sql`SELECT count(*)::int AS n FROM visits`)).toBe(165);
    const aeDisc = await n(db, sql`SELECT count(*)::int AS n FROM discontinuation_forms WHERE reason = 'adverse_event' AND ae_term IS NOT NULL`);
    expect(aeDisc).toBeGreaterThan(0);
    expect(await n(db, sql`SELECT count(*)::int AS n FROM adverse_events WHERE seq = 1 AND action = 'discontinued'`)).toBe(aeDisc);
    expect(await n(db, sql`SELECT count(*)::int AS n FROM audit_log WHERE table_name = 'visits' AND reason = 'import: cohort.csv'`)).toBeGreaterThan(0);
  });
});

describe('long export', () => {
  it('zips one table per record kind with a README, scoped to the investigator\'s centre and audited', async () => {
    const { db } = database;
    const admin = await cohort(db);
    const file = await exportCourse(db, admin, 'zip', NOW);
    const tables = unzip(file.body);
    expect([...tables.keys()].sort()).toEqual(['README.txt', 'adverse-events.csv', 'dose-periods.csv', 'interruptions.csv', 'tests.csv', 'visits.csv']);
    expect(header(tables, 'visits.csv')).toEqual(['patientId', 'seq', 'visitDate', 'ecog', 'response', 'progression', 'progressionType', 'ibrutinibStatus', 'vitalStatus', 'status', 'enteredInError']);
    expect(tables.get('visits.csv')?.split('\n')[1]).toBe('"PL-01-001",1,"2017-06-30",,,FALSE,,"full_dose","alive","complete",FALSE');
    expect(tables.get('README.txt')).toContain('onsetDate: ');
    expect(tables.get('README.txt')).toContain('missing-data codes [unknown]');
    expect(file.patients).toBe(165);

    const inv = await actor(db, 'investigator', 'PL-01');
    const own = unzip((await exportCourse(db, inv, 'zip', NOW)).body);
    const ids = new Set((own.get('visits.csv') ?? '').trim().split('\n').slice(1).map((l) => l.split(',')[0]));
    expect([...ids].every((id) => id?.startsWith('"PL-01-'))).toBe(true);
    const events = await db.select().from(auditLog).where(and(eq(auditLog.action, 'data_export'), eq(auditLog.newValue, 'course-zip')));
    expect(events.map((e) => e.actorId).sort()).toEqual([admin.id, inv.id].sort());
  });

  it('JSON: patients with their instances by kind, missing-data codes in "missing"', async () => {
    const { db } = database;
    const admin = await cohort(db);
    const doc = JSON.parse((await exportCourse(db, admin, 'json', NOW)).body as string) as { format: string; patients: Record<string, unknown>[] };
    expect(doc.format).toBe('cll-registry-course');
    expect(Object.keys(doc.patients[0] ?? {})).toEqual(['patientId', 'visits', 'adverseEvents', 'dosePeriods', 'interruptions', 'tests']);
    const withAe = doc.patients.find((p) => (p.adverseEvents as unknown[]).length) as { adverseEvents: Record<string, unknown>[] };
    expect(withAe.adverseEvents[0]).toMatchObject({ seq: 1, action: 'discontinued', enteredInError: false });
  });
});

describe('long import', () => {
  it('re-importing the export changes nothing; new instances are inserted, audited, and a second import of them changes nothing', async () => {
    const { db } = database;
    const admin = await cohort(db);
    const tables = unzip((await exportCourse(db, admin, 'zip', NOW)).body);
    const auditBefore = await n(db, sql`SELECT count(*)::int AS n FROM audit_log`);
    const instances = await n(db, sql`SELECT ((SELECT count(*) FROM visits) + (SELECT count(*) FROM adverse_events))::int AS n`);
    expect(await checkAndImportLong(db, admin, zipOf(tables))).toMatchObject({ ok: true, newRecords: 0, updatedRecords: 0, unchangedRecords: instances });
    expect(await n(db, sql`SELECT count(*)::int AS n FROM audit_log`)).toBe(auditBefore + 1); // the data_import event only

    let next = withLines(tables, 'visits.csv', line(tables, 'visits.csv', { patientId: 'PL-01-001', seq: '2', visitDate: '2016-01-04', ecog: '1', response: 'PR', progression: 'FALSE', ibrutinibStatus: 'reduced_dose', vitalStatus: 'alive' }));
    next = withLines(next, 'adverse-events.csv', line(next, 'adverse-events.csv', { patientId: 'PL-01-001', seq: '1', term: 'Atrial fibrillation', grade: '3', onsetDate: '2015-11-02', ongoing: 'FALSE', resolutionDate: '2015-12-01', serious: 'FALSE', relation: 'probable', action: 'dose_reduced', outcome: 'recovered' }));
    next = withLines(next, 'dose-periods.csv',
      line(next, 'dose-periods.csv', { patientId: 'PL-01-001', seq: '1', startDate: '2014-07-01', dose: '420' }),
      line(next, 'dose-periods.csv', { patientId: 'PL-01-001', seq: '2', startDate: '2015-11-10', dose: '280', reason: 'adverse_event', adverseEventSeq: '1' }));
    const file = zipOf(next);
    const preview = await previewLongImport(db, admin, file);
    expect(preview).toMatchObject({ ok: true, layout: 'long', newRecords: 4, updatedRecords: 0, updatedPatients: 1, formsNeedingReason: 0 });
    const done = await runLongImport(db, admin, { file, previewId: preview.previewId ?? '' });
    expect(done).toMatchObject({ ok: true, newRecords: 4 });
    const period = ((await db.execute(sql`SELECT d.dose::text, d.adverse_event_seq, d.status::text FROM dose_periods d JOIN patients p ON p.id = d.patient_id WHERE p.code = 'PL-01-001' AND d.seq = 2`)) as unknown as { rows: unknown[] }).rows;
    expect(period).toEqual([{ dose: '280', adverse_event_seq: 1, status: 'complete' }]);
    expect(await n(db, sql`SELECT count(*)::int AS n FROM audit_log WHERE table_name = 'dose_periods' AND reason = 'import: course.zip'`)).toBeGreaterThan(0);
    const event = await db.select().from(auditLog).where(eq(auditLog.action, 'data_import'));
    expect(event.at(-1)?.details).toMatchObject({ format: 'course-zip', created: 4, updated: 0 });

    // The ODM export carries them as repeating item groups keyed by seq, with the import's audit records.
    const odm = (await exportData(db, admin, 'odm', NOW)).body;
    expect(validateOdm(odm)).toEqual([]);
    const subject = odm.slice(odm.indexOf('SubjectKey="PL-01-001"'), odm.indexOf('</SubjectData>', odm.indexOf('SubjectKey="PL-01-001"')));
    expect(subject).toMatch(/<ItemGroupData ItemGroupOID="IG.DOSE" ItemGroupRepeatKey="2" TransactionType="Upsert">.*<ItemData ItemOID="I.DOSE_DOSE" TransactionType="Insert" Value="280"><AuditRecord>.*<ReasonForChange>import: course.zip<\/ReasonForChange>/);
    expect(subject).toContain('<ItemGroupData ItemGroupOID="IG.VISIT" ItemGroupRepeatKey="1"');

    // The export now carries them; importing that export again changes nothing.
    const after = unzip((await exportCourse(db, admin, 'zip', NOW)).body);
    expect(after.get('dose-periods.csv')).toContain('"PL-01-001",2,"2015-11-10","280",,"adverse_event",,1,"complete",FALSE');
    expect(await checkAndImportLong(db, admin, zipOf(after))).toMatchObject({ ok: true, newRecords: 0, updatedRecords: 0 });
  });

  it('a changed complete instance needs a reason, bumps the version and is audited with it; a locked one is refused', async () => {
    const { db } = database;
    const admin = await cohort(db);
    const tables = unzip((await exportCourse(db, admin, 'zip', NOW)).body);
    const visits = tables.get('visits.csv') ?? '';
    const changed = new Map([...tables, ['visits.csv', visits.replace('"PL-01-001",1,"2017-06-30",,', '"PL-01-001",1,"2017-06-30",2,')]]);
    const preview = await previewLongImport(db, admin, zipOf(changed));
    expect(preview).toMatchObject({ ok: true, updatedRecords: 1, formsNeedingReason: 1 });
    await expect(runLongImport(db, admin, { file: zipOf(changed), previewId: preview.previewId ?? '' })).rejects.toThrow(/give a reason/);
    const again = await previewLongImport(db, admin, zipOf(changed));
    await runLongImport(db, admin, { file: zipOf(changed), previewId: again.previewId ?? '', reason: 'ECOG from the clinic letter' });
    const row = ((await db.execute(sql`SELECT v.ecog, v.version, v.status::text FROM visits v JOIN patients p ON p.id = v.patient_id WHERE p.code = 'PL-01-001' AND v.seq = 1`)) as unknown as { rows: unknown[] }).rows;
    expect(row).toEqual([{ ecog: 2, version: 2, status: 'complete' }]);
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.tableName, 'visits'), eq(auditLog.field, 'ecog'), eq(auditLog.action, 'update')));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ newValue: '2', reason: 'import: course.zip — ECOG from the clinic letter', actorId: admin.id });

    await asAdmin(db, admin.id, sql`UPDATE visits SET status = 'locked' WHERE patient_id = (SELECT id FROM patients WHERE code = 'PL-01-002')`);
    const locked = new Map([...tables, ['visits.csv', visits.replace(/"PL-01-002",1,("[0-9-]+"),,/, '"PL-01-002",1,$1,3,')]]);
    const report = await rejected(checkAndImportLong(db, admin, zipOf(locked), 'x'));
    expect(report.problems).toEqual([expect.objectContaining({ file: 'visits.csv', row: 3, patientId: 'PL-01-002', message: expect.stringMatching(/Visit 1 of PL-01-002 is locked/) })]);
  });

  it('bad cells, unknown patients, broken links and duplicates: every problem named by file, line and column, nothing written', async () => {
    const { db } = database;
    const admin = await cohort(db);
    const tables = unzip((await exportCourse(db, admin, 'zip', NOW)).body);
    const before = await n(db, sql`SELECT count(*)::int AS n FROM audit_log`);
    let bad = withLines(tables, 'visits.csv',
      line(tables, 'visits.csv', { patientId: 'PL-01-001', seq: '5', visitDate: '2016-02-30', progression: 'FALSE', ibrutinibStatus: 'full_dose', vitalStatus: 'alive' }),
      line(tables, 'visits.csv', { patientId: 'PL-01-001', seq: '6', visitDate: '2016-03-01', response: 'VGPR', progression: 'FALSE', ibrutinibStatus: 'full_dose', vitalStatus: 'alive' }),
      line(tables, 'visits.csv', { patientId: 'PL-01-001', seq: '7', visitDate: '2016-03-01', progression: 'FALSE', progressionType: 'cll', ibrutinibStatus: 'full_dose', vitalStatus: 'alive' }),
      line(tables, 'visits.csv', { patientId: 'PL-99-001', seq: '1', visitDate: '2016-03-01', progression: 'FALSE', ibrutinibStatus: 'full_dose', vitalStatus: 'alive' }),
      line(tables, 'visits.csv', { patientId: 'PL-01-001', seq: '1', visitDate: '2016-03-01', progression: 'FALSE', ibrutinibStatus: 'full_dose', vitalStatus: 'alive' }));
    bad = withLines(bad, 'interruptions.csv', line(bad, 'interruptions.csv', { patientId: 'PL-01-001', seq: '1', startDate: '2015-01-01', reason: 'adverse_event', adverseEventSeq: '9' }));
    bad = withLines(bad, 'dose-periods.csv', line(bad, 'dose-periods.csv', { patientId: 'PL-01-001', seq: '1', startDate: '2014-01-01', dose: '420' }));
    bad = withLines(bad, 'tests.csv', line(bad, 'tests.csv', { patientId: 'PL-01-001', seq: '1', sampleDate: '2014-06-01', del17p: '=cmd()' }));
    const visitLines = (tables.get('visits.csv') ?? '').trim().split('\n').length;
    const report = await rejected(checkAndImportLong(db, admin, zipOf(bad)));
    const got = report.problems.map((p) => `${p.file}:${p.row}:${p.column}`);
    expect(got).toEqual([
      'dose-periods.csv:2:startDate',
      'interruptions.csv:2:adverseEventSeq',
      'tests.csv:2:del17p',
      `visits.csv:${visitLines + 1}:visitDate`,
      `visits.csv:${visitLines + 2}:response`,
      `visits.csv:${visitLines + 3}:progressionType`,
      `visits.csv:${visitLines + 4}:patientId`,
      `visits.csv:${visitLines + 5}:seq`,
    ]);
    // The course rules (lib/validation/course-rules.ts) run over the course as the import would leave it.
    expect(report.problems[0]?.message).toMatch(/cannot be before the ibrutinib start \(2014-07-01\)/);
    expect(report.problems[1]?.message).toMatch(/There is no adverse event 9 for this patient/);
    expect(report.problems[4]?.message).toMatch(/must be one of: CR, CRi/);
    expect(report.problems[6]?.message).toMatch(/PL-99-001 is not a patient of the registry/);
    expect(await n(db, sql`SELECT count(*)::int AS n FROM audit_log`)).toBe(before);
  });

  it('an investigator imports their own centre\'s patients only; a change after the check stops the import', async () => {
    const { db } = database;
    const admin = await cohort(db);
    const inv = await actor(db, 'investigator', 'PL-01');
    const tables = unzip((await exportCourse(db, admin, 'zip', NOW)).body);
    const other = (tables.get('visits.csv') ?? '').split('\n').find((l) => l.startsWith('"PL-02-')) ?? '';
    const report = await rejected(checkAndImportLong(db, inv, zipOf(tables)));
    expect(report.problems[0]).toMatchObject({ file: 'adverse-events.csv', message: expect.stringMatching(/patient of another centre/) });
    expect(report.problems.some((p) => p.patientId === other.split(',')[0]?.replace(/"/g, ''))).toBe(true);

    const own = new Map([...tables].map(([k, v]) => [k, k.endsWith('.csv') ? v.split('\n').filter((l, i) => i === 0 || l.startsWith('"PL-01-') || !l).join('\n') : v]));
    const added = withLines(own, 'tests.csv', line(own, 'tests.csv', { patientId: 'PL-01-003', seq: '1', sampleDate: '2014-06-01', del17p: 'absent', ighv: 'unmutated' }));
    const preview = await previewLongImport(db, inv, zipOf(added));
    expect(preview).toMatchObject({ ok: true, newRecords: 1 });
    await asAdmin(db, admin.id, sql`UPDATE visits SET ecog = 1, version = version + 1 WHERE patient_id = (SELECT id FROM patients WHERE code = 'PL-01-003')`);
    const moved = await rejected(runLongImport(db, inv, { file: zipOf(added), previewId: preview.previewId ?? '' }));
    expect(moved.problems[0]?.message).toMatch(/PL-01-003 changed in the registry after the file was checked \(visits 1 was changed\)/);
    expect(await n(db, sql`SELECT count(*)::int AS n FROM molecular_tests`)).toBe(0);
  });

  it('the course JSON imports like the zip and round-trips', async () => {
    const a = database;
    const admin = await cohort(a.db);
    const json = (await exportCourse(a.db, admin, 'json', NOW)).body as string;
    const doc = JSON.parse(json) as { patients: { patientId: string; tests: unknown[]; adverseEvents: Record<string, unknown>[] }[] };
    const p = doc.patients.find((x) => x.adverseEvents.length);
    if (!p) throw new Error('no patient with an adverse event');
    p.tests.push({ seq: 1, sampleDate: '2014-01-02', del17p: 'present', tp53: null, ighv: null, del11q: null, complexKaryotype: null, status: 'complete', enteredInError: false });
    // No action taken given: a required value missing makes the instance a draft (as the cohort import does).
    p.adverseEvents.push({ seq: 2, term: 'Anemia', grade: 3, onsetDate: null, missing: { onsetDate: 'unknown' }, ongoing: true });
    const text = JSON.stringify(doc);
    const file = longFileOf('course.json', strToU8(text));
    expect(file?.kind).toBe('json');
    expect(await checkAndImportLong(a.db, admin, file as LongFile)).toMatchObject({ ok: true, format: 'json', newRecords: 2 });
    const out = JSON.parse((await exportCourse(a.db, admin, 'json', NOW)).body as string) as typeof doc;
    const back = out.patients.find((x) => x.patientId === p.patientId);
    expect(back?.adverseEvents[1]).toMatchObject({ seq: 2, term: 'Anemia', onsetDate: null, missing: { onsetDate: 'unknown' }, status: 'draft' });

    // A second registry with the same cohort takes the JSON and then exports the same zip.
    const b = await factory.fresh();
    const adminB = await cohort(b.db);
    expect(await checkAndImportLong(b.db, adminB, longFileOf('c.json', strToU8((await exportCourse(a.db, admin, 'json', NOW)).body as string)) as LongFile)).toMatchObject({ ok: true, newRecords: 2 });
    expect(unzip((await exportCourse(b.db, adminB, 'zip', NOW)).body).get('adverse-events.csv')).toBe(unzip((await exportCourse(a.db, admin, 'zip', NOW)).body).get('adverse-events.csv'));
    // A cohort JSON is not mistaken for a course file.
    expect(longFileOf('cohort.json', strToU8('{"format":"cll-registry-cohort","patients":[]}'))).toBeNull();
  });
});
