import 'server-only';
/**
 * The edit checks' findings for every active patient, kept between views while no patient data
 * changed, and brought up to date by re-checking only the patients that did.
 *
 * Why: every view of the report (summary, a page, a kind, one centre, the CSV) needs every finding of
 * its scope, and one pass over 10⁵ patients takes 2–5 s (reading their forms is most of it). Data
 * change far less often than the report is viewed, and a save touches one patient.
 *
 * How it stays exact across instances: the database notes, in the writer's own transaction, which
 * patients each transaction changed (migration 0012: patient_data_changes, by statement-level
 * triggers on every patient-data table, so CRF saves, status changes, queries, imports and the seed
 * are all seen, whoever writes). A pass remembers the snapshot it started from; before each view one
 * query returns the changes committed since that snapshot (pg_visible_in_snapshot, not "highest id":
 * ids are handed out before commit) and a new snapshot taken in the same statement. Those patients
 * are re-read and re-checked, everyone else's findings stand. A change committed while re-reading is
 * not in the new snapshot either, so the next view re-reads it again: the report is never older than
 * the moment the view began. Another instance keeps its own pass and asks the same question: nothing
 * in this process is state another instance needs.
 *
 * Read again in full: on the first view, when `today` moves (date rules depend on it), after a bulk
 * statement (an import chunk: more than 200 rows), when more than FULL_PASS_ABOVE patients changed,
 * and after PASS_TTL_MS (the change notes are pruned after a day).
 *
 * Memory: the findings (~150,000 rows for 10⁵ patients) and one small entry per patient, held per
 * database handle (a WeakMap: a closed test database takes its pass with it).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { checkInputBatches, checkInputsOf, type CheckBatchRow } from '@/lib/dal/edit-check-inputs';
import { patientFindings, type CheckRow } from '@/lib/edit-checks/findings';

/** Beyond this many changed patients one full pass (batched keyset reads) is cheaper than id look-ups. */
export const FULL_PASS_ABOVE = 20_000;
/** Older than this a pass is read again in full (well inside the day the change notes are kept). */
export const PASS_TTL_MS = 12 * 60 * 60 * 1000;

export interface PatientChecks { id: number; code: string; centreId: number; rows: CheckRow[] }

export interface EditCheckPass {
  today: string;
  /** pg_current_snapshot() the pass is current as of (every change committed before it is in). */
  snapshot: string;
  startedAt: number;
  byId: Map<number, PatientChecks>;
  /** The patients in pseudonym-id order (the report's order); rebuilt after patients come or go. */
  ordered: PatientChecks[];
  /** How the last call brought it up to date, for the bench and the tests. */
  last: { kind: 'full' | 'changes' | 'current'; patients: number };
}

const passes = new WeakMap<Db, Promise<EditCheckPass>>();

const entryOf = (p: CheckBatchRow, today: string): PatientChecks =>
  ({ id: p.id, code: p.input.code, centreId: p.centreId, rows: patientFindings(p.input, today) });

const byCode = (a: PatientChecks, b: PatientChecks) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

async function snapshotNow(db: Db): Promise<string> {
  const res = (await db.execute(sql`SELECT pg_current_snapshot()::text AS s`)) as unknown as { rows: { s: string }[] };
  const s = res.rows[0]?.s;
  if (!s) throw new Error('edit checks: no snapshot');
  return s;
}

async function fullPass(db: Db, today: string): Promise<EditCheckPass> {
  // Taken before the first read, so every change committed before it is in what follows.
  const snapshot = await snapshotNow(db);
  const startedAt = Date.now();
  const byId = new Map<number, PatientChecks>();
  const ordered: PatientChecks[] = [];
  for await (const batch of checkInputBatches(db, null)) {
    for (const p of batch) {
      const e = entryOf(p, today);
      byId.set(e.id, e);
      ordered.push(e);
    }
  }
  // Notes older than a day can matter to no pass (PASS_TTL_MS); whoever reads in full tidies up.
  await db.execute(sql`SELECT prune_patient_data_changes()`);
  return { today, snapshot, startedAt, byId, ordered, last: { kind: 'full', patients: ordered.length } };
}

interface Changes { now_snapshot: string; many: boolean; ids: number[] | string }

async function changesSince(db: Db, snapshot: string): Promise<{ snapshot: string; many: boolean; ids: number[] }> {
  const res = (await db.execute(sql`SELECT now_snapshot, many, ids FROM patient_data_changes_since(${snapshot})`)) as unknown as { rows: Changes[] };
  const row = res.rows[0];
  if (!row) throw new Error('edit checks: no change summary');
  // node-postgres parses int[]; a driver handing back the text form '{1,2}' is read as well.
  const ids = Array.isArray(row.ids) ? row.ids.map(Number) : row.ids.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number);
  return { snapshot: row.now_snapshot, many: row.many, ids };
}

/** Brings `pass` up to date in place (views read it synchronously, so none sees it half done). */
async function refresh(db: Db, pass: EditCheckPass, today: string): Promise<EditCheckPass> {
  if (pass.today !== today || Date.now() - pass.startedAt > PASS_TTL_MS) return fullPass(db, today);
  const changes = await changesSince(db, pass.snapshot);
  if (changes.many || changes.ids.length > FULL_PASS_ABOVE) return fullPass(db, today);
  if (!changes.ids.length) {
    pass.snapshot = changes.snapshot;
    pass.last = { kind: 'current', patients: 0 };
    return pass;
  }
  // A changed patient may have been withdrawn (not returned: dropped), registered or moved.
  for (const id of changes.ids) pass.byId.delete(id);
  for (const p of await checkInputsOf(db, changes.ids)) pass.byId.set(p.id, entryOf(p, today));
  // One sort of 10⁵ entries (tens of ms) rather than splicing: it keeps the order obviously right.
  pass.ordered = [...pass.byId.values()].sort(byCode);
  pass.snapshot = changes.snapshot;
  pass.last = { kind: 'changes', patients: changes.ids.length };
  return pass;
}

/**
 * The findings of every active patient as of now (every change committed before this call is in).
 * Calls on one database handle run one after another, so two views never read the same changes twice.
 */
export function currentEditCheckPass(db: Db, today: string): Promise<EditCheckPass> {
  const before = passes.get(db);
  const next = before
    ? before.then((pass) => refresh(db, pass, today), () => fullPass(db, today))
    : fullPass(db, today);
  passes.set(db, next);
  return next;
}

/** Forgets the pass held for `db` (tests, and a restore that rewinds the database under a running app). */
export function forgetEditCheckPass(db: Db): void {
  passes.delete(db);
}
