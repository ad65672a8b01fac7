/**
 * The edit-check pass kept between views (lib/services/crf/edit-check-pass.ts, migration 0012): after
 * every kind of change — a CRF save, a form status change, a patient withdrawn, a query raised and
 * closed, an import, a bulk statement — the next view equals a pass read from scratch, re-checking
 * only the changed patients where it can; a second instance on the same database sees a change made
 * through the first; a change committed while a view reads is picked up by the next view. PGlite and
 * PostgreSQL (TEST_DB_KIND=pg).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Database, Db } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { patients } from '@/db/schema';
import { checkInputBatches } from '@/lib/dal/edit-check-inputs';
import { COLUMNS } from '@/lib/exchange/codes';
import { csvHeader } from '@/lib/exchange/csv-format';
import { patientFindings, type CheckRow } from '@/lib/edit-checks/findings';
import { currentEditCheckPass, forgetEditCheckPass } from '@/lib/services/crf/edit-check-pass';
import { editCheckView } from '@/lib/services/crf/edit-checks';
import { closeQuery } from '@/lib/services/crf/close-query';
import { raiseQuery } from '@/lib/services/crf/raise-query';
import { registerPatient } from '@/lib/services/crf/register-patient';
import { saveBaseline } from '@/lib/services/crf/save-baseline';
import { setFormStatus } from '@/lib/services/crf/set-form-status';
import type { CrfUser } from '@/lib/services/crf/form-access';
import { checkAndImport } from '@/lib/services/exchange/check-and-import';
import { saveBaselineSchema } from '@/lib/validation/baseline';
import { makeCentre, makeUser, principal } from './helpers/fixtures';
import { secondInstance, testDbFactory, TEST_DB_KIND, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;
beforeAll(async () => { factory = await testDbFactory(); });
afterAll(async () => { await factory.dispose(); });
beforeEach(async () => { database = await factory.fresh(); });

const TODAY = '2026-11-27';
let n = 0;
const key = () => `pass-key-${++n}-${Math.random().toString(36).slice(2)}`;

/** What a pass read from scratch gives: every active patient's findings in pseudonym-id order. */
async function fromScratch(db: Db): Promise<{ code: string; centreId: number; rows: CheckRow[] }[]> {
  const out: { code: string; centreId: number; rows: CheckRow[] }[] = [];
  for await (const batch of checkInputBatches(db, null)) for (const p of batch) out.push({ code: p.input.code, centreId: p.centreId, rows: patientFindings(p.input, TODAY) });
  return out;
}

/** The kept pass, brought up to date, must equal the scratch one; returns how it was brought up to date. */
async function expectCurrent(db: Db) {
  const pass = await currentEditCheckPass(db, TODAY);
  expect(pass.ordered.map(({ code, centreId, rows }) => ({ code, centreId, rows }))).toEqual(await fromScratch(db));
  return pass.last;
}

async function world() {
  const { db } = database;
  const c1 = await makeCentre(db, 'PL-01');
  const inv = await makeUser(db, { email: 'inv1@x.org', role: 'investigator', centreId: c1.id });
  const coord = await makeUser(db, { email: 'coord@x.org', role: 'coordinator' });
  const admin = await makeUser(db, { email: 'admin@x.org', role: 'admin' });
  const u = (x: typeof inv): CrfUser & { email: string } => ({ ...principal(x), email: x.email });
  const w = { db, c1, inv: u(inv), coord: u(coord), admin: u(admin) };
  for (let i = 0; i < 3; i++) await registerPatient(db, w.inv, { sex: 'female', birthYear: 1950, idempotencyKey: key() });
  return w;
}

const baseline = (code: string, over: Record<string, unknown> = {}) => saveBaselineSchema.parse({
  patientCode: code, version: null, idempotencyKey: key(), ibrutinibStart: '2018-03-10', ecog: 1, raiStage: 'II', binetStage: null,
  del17p: 'absent', ighv: 'unmutated', priorLines: 2, priorPurineAnalogue: true, priorAntiCd20: true, inclusionCriteria: ['a'], ...over,
});

function importFile(codes: string[]): string {
  const row: Record<string, string | number> = { centre: 'PL-01', sex: 'male', birthYear: 1948, ibrutinibStart: '2018-02-01', ecog: 1, raiStage: 'III', del17p: 'present', priorLines: 2 };
  const line = (code: string) => COLUMNS.map((c) => {
    const v = c.name === 'id' ? code : row[c.name];
    return v === undefined ? '' : typeof v === 'number' ? String(v) : `"${v}"`;
  }).join(',');
  return [csvHeader(), ...codes.map(line)].join('\n') + '\n';
}

describe('the edit-check pass kept between views', () => {
  it('is re-checked for exactly the changed patients after saves, status changes, withdrawals, queries and an import', async () => {
    const w = await world();
    const { db } = w;
    expect(await expectCurrent(db)).toEqual({ kind: 'full', patients: 3 });
    const first = await currentEditCheckPass(db, TODAY);
    expect((await currentEditCheckPass(db, TODAY)).last).toEqual({ kind: 'current', patients: 0 });
    expect(await currentEditCheckPass(db, TODAY)).toBe(first); // nothing changed: the same pass, not re-read

    // A CRF save (a draft baseline: 'not complete' instead of 'form missing'), then another value.
    const saved = await saveBaseline(db, w.inv, baseline('PL-01-001'));
    expect(await expectCurrent(db)).toEqual({ kind: 'changes', patients: 1 });
    await saveBaseline(db, w.inv, baseline('PL-01-001', { version: saved.version, ibrutinibStart: '2019-01-05' }));
    expect(await expectCurrent(db)).toEqual({ kind: 'changes', patients: 1 });
    // A status change (draft → complete): the 'not complete' finding goes.
    const form = (await db.execute(sql`SELECT version FROM baseline_forms`)) as unknown as { rows: { version: number }[] };
    await setFormStatus(db, w.inv, { patientCode: 'PL-01-001', form: 'baseline', version: Number(form.rows[0]?.version), status: 'complete' });
    expect(await expectCurrent(db)).toEqual({ kind: 'changes', patients: 1 });

    // A query raised (open_query finding) and closed.
    const q = await raiseQuery(db, w.coord, { patientCode: 'PL-01-001', form: 'baseline', field: 'ecog', question: 'Source?' });
    const view = await editCheckView(db, w.coord, { kind: 'open_query' }, 1, { today: TODAY });
    expect(view.rows.map((r) => r.patientCode)).toEqual(['PL-01-001']);
    await closeQuery(db, w.coord, { queryId: q.id });
    expect(await expectCurrent(db)).toEqual({ kind: 'changes', patients: 1 });
    expect((await editCheckView(db, w.coord, { kind: 'open_query' }, 1, { today: TODAY })).matching).toBe(0);

    // A patient withdrawn leaves the report (active patients only), and comes back when active again.
    const setStatus = (status: 'active' | 'withdrawn') => db.transaction(async (tx) => {
      await setAuditContext(tx, { id: w.coord.id, label: w.coord.email }, 'test');
      await tx.update(patients).set({ status }).where(eq(patients.code, 'PL-01-002'));
    });
    await setStatus('withdrawn');
    expect(await expectCurrent(db)).toEqual({ kind: 'changes', patients: 1 });
    expect((await editCheckView(db, w.coord, {}, 1, { today: TODAY })).totals.patients).toBe(2);
    await setStatus('active');
    await expectCurrent(db);
    expect((await editCheckView(db, w.coord, {}, 1, { today: TODAY })).totals.patients).toBe(3);

    // An import of new patients: they appear, in pseudonym-id order among the others.
    await checkAndImport(db, w.admin, { fileName: 'new.csv', text: importFile(['PL-01-010', 'PL-01-004']) });
    expect(await expectCurrent(db)).toEqual({ kind: 'changes', patients: 2 });
    expect((await currentEditCheckPass(db, TODAY)).ordered.map((p) => p.code)).toEqual(['PL-01-001', 'PL-01-002', 'PL-01-003', 'PL-01-004', 'PL-01-010']);

    // Another day: date rules depend on it, so everything is read again.
    expect((await currentEditCheckPass(db, '2026-11-28')).last.kind).toBe('full');
  });

  it('reads everything again after a bulk statement (an import chunk, a seed), and when the pass is forgotten', async () => {
    const w = await world();
    const { db } = w;
    await currentEditCheckPass(db, TODAY);
    await checkAndImport(db, w.admin, { fileName: 'bulk.csv', text: importFile(Array.from({ length: 250 }, (_, i) => `PL-01-${String(i + 100).padStart(3, '0')}`)) });
    expect(await expectCurrent(db)).toEqual({ kind: 'full', patients: 253 });
    forgetEditCheckPass(db);
    expect((await currentEditCheckPass(db, TODAY)).last.kind).toBe('full');
  });

  it('a change made through another instance is seen by this one, and one committed during a view by the next view', async () => {
    const w = await world();
    const other = secondInstance(database);
    try {
      await currentEditCheckPass(w.db, TODAY);
      await currentEditCheckPass(other.db, TODAY);
      await saveBaseline(other.db, w.inv, baseline('PL-01-003'));
      expect(await expectCurrent(w.db)).toEqual({ kind: 'changes', patients: 1 });
      expect((await editCheckView(w.db, w.coord, { kind: 'not_complete' }, 1, { today: TODAY })).rows.map((r) => r.patientCode)).toEqual(['PL-01-003']);
      if (TEST_DB_KIND !== 'pg') return; // one embedded connection: no transaction can stay open across a view
      // A transaction open (its change made, not committed) while this instance brings its pass up to
      // date: not seen yet, and seen by the next view once committed, though its xid is older.
      let commit: () => void = () => undefined;
      const committed = new Promise<void>((resolve) => { commit = resolve; });
      let changed: () => void = () => undefined;
      const made = new Promise<void>((resolve) => { changed = resolve; });
      const writer = other.db.transaction(async (tx) => {
        await setAuditContext(tx, { id: w.coord.id, label: w.coord.email }, 'test');
        await tx.update(patients).set({ status: 'withdrawn' }).where(eq(patients.code, 'PL-01-001'));
        changed();
        await committed;
      });
      await made;
      await saveBaseline(w.db, w.inv, baseline('PL-01-002')); // a later transaction, committed first
      expect(await expectCurrent(w.db)).toEqual({ kind: 'changes', patients: 1 });
      expect((await currentEditCheckPass(w.db, TODAY)).ordered.map((p) => p.code)).toContain('PL-01-001');
      commit();
      await writer;
      expect(await expectCurrent(w.db)).toEqual({ kind: 'changes', patients: 1 });
      expect((await currentEditCheckPass(w.db, TODAY)).ordered.map((p) => p.code)).not.toContain('PL-01-001');
    } finally {
      await other.close();
    }
  });
});

describe('change notes from another cluster (a restore)', () => {
  it('a note whose transaction id lies ahead of this cluster is ignored and pruned', async () => {
    const w = await world();
    await currentEditCheckPass(w.db, TODAY);
    // As a restore would leave it: a "many patients" note with an id this cluster has not reached.
    await w.db.execute(sql`INSERT INTO patient_data_changes (xid, patient_id) VALUES ('900000000000'::xid8, 0)`);
    expect(await expectCurrent(w.db)).toEqual({ kind: 'current', patients: 0 });
    forgetEditCheckPass(w.db);
    await currentEditCheckPass(w.db, TODAY); // a full read prunes
    const left = (await w.db.execute(sql`SELECT count(*)::int AS n FROM patient_data_changes WHERE patient_id = 0`)) as unknown as { rows: { n: number }[] };
    expect(left.rows[0]?.n).toBe(0);
  });
});
