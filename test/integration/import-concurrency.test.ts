/**
 * Issue 11 item 1: an import against CRF saves and signatures of the same patients. The import
 * locks its patients as a CRF save does, compares each record with what its preview saw and stops
 * (naming the patients, writing nothing) if a save, signature or status change came in between; a
 * locked form is never written; an acknowledged save is never reverted. The PostgreSQL-only tests
 * run the import and a save/signature really concurrently on two pools, with a third connection
 * holding the audit table to stop one transaction mid-way while the other queues behind it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { Database, Db } from '@/db/client';
import { connectClient } from '@/db/pg-client';
import { setAuditContext } from '@/db/audit-context';
import { auditLog, baselineForms, patients } from '@/db/schema';
import { loadExchangePatients } from '@/lib/exchange/load-patients';
import { updateExchangePatient } from '@/lib/exchange/write-patients';
import { ServiceError } from '@/lib/services/errors';
import { saveBaseline } from '@/lib/services/crf/save-baseline';
import { setFormStatus } from '@/lib/services/crf/set-form-status';
import { signForm } from '@/lib/services/crf/sign-form';
import { exportData } from '@/lib/services/exchange/export-data';
import { previewImport } from '@/lib/services/exchange/preview-import';
import { ImportRejected, runImport } from '@/lib/services/exchange/run-import';
import { saveBaselineSchema } from '@/lib/validation/baseline';
import { makeCentre, makePatient, makeUser } from './helpers/fixtures';
import { secondInstance, testDbFactory, TEST_DB_KIND, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;
let other: { db: Db; close: () => Promise<void> };
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => {
  database = await factory.fresh();
  other = secondInstance(database, 10);
  return () => other.close();
});

const PASSWORD = 'correct horse battery';
let keyN = 0;
const key = () => `imp-${Date.now()}-${keyN++}`;
const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

function editCell(csv: string, row: number, column: string, value: string): string {
  const lines = csv.split('\n');
  const names = (lines[0] ?? '').split(',').map((s) => s.replace(/"/g, ''));
  const cells = (lines[row] ?? '').match(/("([^"]|"")*"|[^,]*)(,|$)/g)?.map((c) => c.replace(/,$/, '')) ?? [];
  cells[names.indexOf(column)] = value;
  lines[row] = cells.slice(0, names.length).join(',');
  return lines.join('\n');
}

const baseline = (patientCode: string, version: number | null, ecog: number, extra: { changeReason?: string; markComplete?: boolean } = {}) =>
  saveBaselineSchema.parse({
    patientCode, version, idempotencyKey: key(), ibrutinibStart: '2015-03-01', ecog, raiStage: 'II', del17p: 'absent', ighv: 'unmutated',
    priorLines: 2, priorPurineAnalogue: true, priorAntiCd20: true, ...extra,
  });

/** Two patients with complete baseline forms (ECOG 1); patient 1's is verified when `verify`. */
async function setup(db: Db, { verify = false } = {}) {
  const c = await makeCentre(db, 'PL-01');
  const inv = await makeUser(db, { email: 'inv@x.org', role: 'investigator', centreId: c.id, password: PASSWORD });
  const coord = await makeUser(db, { email: 'coord@x.org', role: 'coordinator', password: PASSWORD });
  const adm = await makeUser(db, { email: 'admin@x.org', role: 'admin', password: PASSWORD });
  const investigator = { id: inv.id, role: inv.role, centreId: inv.centreId, email: inv.email };
  const coordinator = { id: coord.id, role: coord.role, centreId: null, email: coord.email };
  const admin = { id: adm.id, role: adm.role, centreId: null, email: adm.email };
  const versions: number[] = [];
  for (const seq of [1, 2]) {
    const p = await makePatient(db, c, seq, inv.id);
    versions.push((await saveBaseline(db, investigator, baseline(p.code, null, 1, { markComplete: true }))).version);
  }
  if (verify) versions[0] = (await setFormStatus(db, coordinator, { patientCode: 'PL-01-001', form: 'baseline', version: versions[0] ?? 0, status: 'verified' })).version;
  const csv = (await exportData(db, admin, 'csv')).body;
  return { investigator, coordinator, admin, versions, csv };
}

async function baselineOf(db: Db, code: string) {
  const [row] = await db.select({ form: baselineForms }).from(baselineForms).innerJoin(patients, eq(patients.id, baselineForms.patientId))
    .where(eq(patients.code, code));
  if (!row) throw new Error(`no baseline for ${code}`);
  return row.form;
}
const auditCount = async (db: Db) => Number((await db.select({ n: sql<number>`count(*)::int` }).from(auditLog))[0]?.n ?? -1);

describe('issue 11 item 1: changes between the preview and the import', () => {
  it('(a) a save after the preview: the import is refused naming the patients, nothing is written, the save stays', async () => {
    const { db } = database;
    const { investigator, admin, versions, csv } = await setup(db);
    const file = editCell(csv, 1, 'ecog', '3'); // PL-01-001: ECOG 1 → 3; PL-01-002 unchanged in the file
    const preview = await previewImport(db, admin, { fileName: 'f.csv', text: file });
    expect(preview).toMatchObject({ ok: true, updatedPatients: 1, unchangedPatients: 1, formsNeedingReason: 1 });
    expect(preview.previewId).toEqual(expect.any(String));

    // Acknowledged saves of both patients after the check (the file would revert PL-01-002's to ECOG 1).
    const s1 = await saveBaseline(db, investigator, baseline('PL-01-001', versions[0] ?? 0, 2, { changeReason: 'source says 2' }));
    const s2 = await saveBaseline(db, investigator, baseline('PL-01-002', versions[1] ?? 0, 4, { changeReason: 'source says 4' }));
    const before = await auditCount(db);
    const err = await failure(runImport(db, admin, { fileName: 'f.csv', text: file, previewId: preview.previewId ?? '', reason: 'update from the paper CRF' }));
    expect(err).toBeInstanceOf(ImportRejected);
    const report = (err as ImportRejected).report;
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.patientId)).toEqual(['PL-01-001', 'PL-01-002']);
    expect(report.problems[0]?.message).toContain('Patient PL-01-001 changed in the registry after the file was checked (the baseline form: version 1, complete → version 2, complete)');
    expect(await auditCount(db)).toBe(before);
    expect(await baselineOf(db, 'PL-01-001')).toMatchObject({ ecog: 2, version: s1.version, status: 'complete' });
    expect(await baselineOf(db, 'PL-01-002')).toMatchObject({ ecog: 4, version: s2.version, status: 'complete' });
  });

  it('(b) a signature after the preview: refused, the signature and the signed values stay', async () => {
    const { db } = database;
    const { coordinator, admin, versions, csv } = await setup(db, { verify: true });
    const file = editCell(csv, 1, 'ecog', '3');
    const preview = await previewImport(db, admin, { fileName: 'f.csv', text: file });
    expect(preview).toMatchObject({ ok: true, updatedPatients: 1 });
    const signed = await signForm(db, coordinator, { patientCode: 'PL-01-001', form: 'baseline', version: versions[0] ?? 0, password: PASSWORD });
    const before = await auditCount(db);
    const err = await failure(runImport(db, admin, { fileName: 'f.csv', text: file, previewId: preview.previewId ?? '', reason: 'update' }));
    expect(err).toBeInstanceOf(ImportRejected);
    expect((err as ImportRejected).report.problems).toEqual([expect.objectContaining({
      patientId: 'PL-01-001', message: expect.stringContaining('the baseline form: version 2, verified → version 3, locked'),
    })]);
    expect(await auditCount(db)).toBe(before);
    expect(await baselineOf(db, 'PL-01-001')).toMatchObject({
      ecog: 1, status: 'locked', version: signed.version, signedByUserId: coordinator.id, signedAt: new Date(signed.signedAt),
    });
  });

  it('(c) a locked form is never changed: refused at the check, and the writer refuses a plan that thinks it is unlocked', async () => {
    const { db } = database;
    const { coordinator, admin, versions, csv } = await setup(db, { verify: true });
    const signed = await signForm(db, coordinator, { patientCode: 'PL-01-001', form: 'baseline', version: versions[0] ?? 0, password: PASSWORD });
    const file = editCell(csv, 1, 'ecog', '3');
    const preview = await previewImport(db, admin, { fileName: 'f.csv', text: file });
    expect(preview.previewId).toBeNull();
    expect(preview.problems).toEqual([expect.objectContaining({ patientId: 'PL-01-001', message: expect.stringContaining('locked') })]);

    // The write itself: a plan holding the state before the signature (verified, version 2) or one
    // that knows the form is locked both stop before any change, whatever called the writer.
    const [loaded] = await loadExchangePatients(db, { centreIds: null, codes: ['PL-01-001'] });
    if (!loaded) throw new Error('not loaded');
    const after = { ...loaded.patient, ecog: 3 };
    const stale = { ...loaded.state, forms: { ...loaded.state.forms, baseline: { version: versions[0] ?? 0, status: 'verified' as const } } };
    for (const state of [stale, loaded.state]) {
      const e = await failure(db.transaction(async (tx) => {
        await setAuditContext(tx, { id: admin.id, label: admin.email }, 'import: test');
        await updateExchangePatient(tx, loaded.dbId, state, loaded.patient, after, admin.id);
      }));
      expect(e).toBeInstanceOf(ServiceError);
      expect((e as ServiceError).code).toBe('conflict');
    }
    expect(await baselineOf(db, 'PL-01-001')).toMatchObject({ ecog: 1, status: 'locked', version: signed.version, signedByUserId: coordinator.id });
  });

  it('the import needs its own fresh check of the same file, and a reason when it changes complete or verified forms', async () => {
    const { db } = database;
    const { investigator, admin, csv } = await setup(db);
    const file = editCell(csv, 1, 'ecog', '3');
    const preview = await previewImport(db, admin, { fileName: 'f.csv', text: file });
    const previewId = preview.previewId ?? '';
    const before = await auditCount(db);
    const refusals = [
      [() => runImport(db, admin, { fileName: 'f.csv', text: file, previewId: 'made-up', reason: 'r' }), /does not follow a check of the file by you/],
      [() => runImport(db, { ...investigator, role: 'coordinator' }, { fileName: 'f.csv', text: file, previewId, reason: 'r' }), /does not follow a check of the file by you/],
      [() => runImport(db, admin, { fileName: 'f.csv', text: editCell(file, 1, 'ecog', '4'), previewId, reason: 'r' }), /not the one that was checked/],
      [() => runImport(db, admin, { fileName: 'f.csv', text: file, previewId }), /changes 1 form already complete or verified: give a reason/],
    ] as const;
    for (const [attempt, message] of refusals) {
      const e = await failure(attempt());
      expect(e).toBeInstanceOf(ServiceError);
      expect((e as ServiceError).message).toMatch(message);
    }
    expect(await auditCount(db)).toBe(before);
    expect(await runImport(db, admin, { fileName: 'f.csv', text: file, previewId, reason: 'paper CRF re-read' })).toMatchObject({ ok: true, updatedPatients: 1 });
    const [ecog] = await db.select().from(auditLog).where(and(eq(auditLog.field, 'ecog'), eq(auditLog.action, 'update')));
    expect(ecog).toMatchObject({ oldValue: '1', newValue: '3', reason: 'import: f.csv — paper CRF re-read' });
    // One check, one import.
    expect((await failure(runImport(db, admin, { fileName: 'f.csv', text: file, previewId, reason: 'again' })) as ServiceError).message)
      .toMatch(/already used for an import/);
  });
});

/**
 * A third connection takes SHARE on audit_log: every writer of patient data (its audit rows) then
 * stops at its first write, holding the row locks it already has. Released by ending that transaction.
 */
async function auditGate(url: string) {
  const client = await connectClient(url, { label: 'audit-gate' });
  await client.query('BEGIN');
  await client.query('LOCK TABLE audit_log IN SHARE MODE');
  return {
    /** Waits until `n` other sessions of this database wait for a lock. */
    async waiters(n: number) {
      for (let i = 0; i < 400; i++) {
        // Inside its transaction a session sees one snapshot of the statistics unless it drops it.
        await client.query('SELECT pg_stat_clear_snapshot()');
        const r = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`);
        if ((r.rows[0]?.n ?? 0) >= n) return;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`fewer than ${n} sessions ever waited`);
    },
    async open() { await client.query('COMMIT'); await client.end(); },
  };
}

describe.skipIf(TEST_DB_KIND !== 'pg')('issue 11 item 1 on PostgreSQL: truly concurrent import and CRF verbs (two pools)', () => {
  it('(d) a signature holding the patient when the import starts: the import waits, then is refused; the signature stays', async () => {
    const { db } = database;
    const { coordinator, admin, versions, csv } = await setup(db, { verify: true });
    const file = editCell(csv, 1, 'ecog', '3');
    const preview = await previewImport(db, admin, { fileName: 'f.csv', text: file });
    const gate = await auditGate(database.url ?? '');
    // The signature locks PL-01-001 and stops at its audit rows; the import then queues on that patient.
    const signing = signForm(other.db, coordinator, { patientCode: 'PL-01-001', form: 'baseline', version: versions[0] ?? 0, password: PASSWORD });
    await gate.waiters(1);
    const importing = failure(runImport(db, admin, { fileName: 'f.csv', text: file, previewId: preview.previewId ?? '', reason: 'update' }));
    await gate.waiters(2);
    await gate.open();
    const signed = await signing;
    const err = await importing;
    expect(err).toBeInstanceOf(ImportRejected);
    expect((err as ImportRejected).report.problems.map((p) => p.patientId)).toEqual(['PL-01-001']);
    expect(await baselineOf(db, 'PL-01-001')).toMatchObject({ ecog: 1, status: 'locked', version: signed.version, signedByUserId: coordinator.id });
    expect(await db.select().from(auditLog).where(eq(auditLog.action, 'data_import'))).toHaveLength(0);
  });

  it('(d) an import holding its patients: a save and a signature wait, then meet the imported version as a conflict; nothing acknowledged is lost', async () => {
    const { db } = database;
    const { investigator, coordinator, admin, versions, csv } = await setup(db, { verify: true });
    // Patient 2 verified too, so the coordinator can try to sign it during the import.
    const v2 = (await setFormStatus(db, coordinator, { patientCode: 'PL-01-002', form: 'baseline', version: versions[1] ?? 0, status: 'verified' })).version;
    const file = editCell(editCell(csv, 1, 'ecog', '3'), 2, 'ecog', '4');
    const preview = await previewImport(db, admin, { fileName: 'f.csv', text: file });
    expect(preview).toMatchObject({ ok: true, updatedPatients: 2 });
    const gate = await auditGate(database.url ?? '');
    // The import locks both patients, then stops at its first audit row.
    const importing = runImport(db, admin, { fileName: 'f.csv', text: file, previewId: preview.previewId ?? '', reason: 'update' });
    await gate.waiters(1);
    const saving = failure(saveBaseline(other.db, investigator, baseline('PL-01-001', versions[0] ?? 0, 2, { changeReason: 'source says 2' })));
    const signing = failure(signForm(other.db, coordinator, { patientCode: 'PL-01-002', form: 'baseline', version: v2, password: PASSWORD }));
    await gate.waiters(3);
    await gate.open();
    expect(await importing).toMatchObject({ ok: true, updatedPatients: 2 });
    const [saveErr, signErr] = await Promise.all([saving, signing]);
    expect(saveErr).toBeInstanceOf(ServiceError);
    expect((saveErr as ServiceError).code).toBe('conflict');
    expect(signErr).toBeInstanceOf(ServiceError);
    expect((signErr as ServiceError).code).toBe('conflict');
    // Neither verb was acknowledged; the stored values are the import's, unsigned.
    expect(await baselineOf(db, 'PL-01-001')).toMatchObject({ ecog: 3, status: 'complete', signedAt: null });
    expect(await baselineOf(db, 'PL-01-002')).toMatchObject({ ecog: 4, status: 'complete', signedAt: null });
    expect(await db.select().from(auditLog).where(eq(auditLog.action, 'form_signed'))).toHaveLength(0);
  });
});
