import 'server-only';
/**
 * Edit-check report: forms missing or not complete, required fields missing in stored forms (e.g.
 * imports), impossible dates and other cross-form inconsistencies, open queries.
 * Investigators see their own centre only (asking for another reads as "not found"); coordinators
 * and admins see all centres at once (a per-centre summary and one list) or choose one.
 *
 * Every view reads the findings of every patient in its scope, run through the same pure checks
 * (lib/edit-checks/findings.ts) over the stored forms (lib/dal/edit-check-inputs.ts): the summary
 * needs every finding anyway. They are kept between views and re-checked only for the patients whose
 * data changed (edit-check-pass.ts); a view keeps only the asked page of them.
 */
import { asc } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { centres } from '@/db/schema';
import { can, centreFilter, type Principal } from '@/lib/auth/permissions';
import { CHECK_KINDS, type CheckKind, type CheckRow } from '@/lib/edit-checks/findings';
import type { EditCheckQuery } from '@/lib/edit-checks/params';
import { pageWindow, type PageWindow } from '@/lib/paging';
import { recordDenial } from '@/lib/services/audit/record-event';
import { forbidden, notFound } from '@/lib/services/errors';
import { todayIso } from '@/lib/validation/common';
import { currentEditCheckPass } from './edit-check-pass';

export type { CheckKind, CheckRow } from '@/lib/edit-checks/findings';

export const EDIT_CHECK_PAGE_SIZE = 100;

export interface CentreRef { id: number; code: string; name: string }
export interface CentreRow extends CheckRow { centreCode: string }
export interface CheckCounts { patients: number; byKind: Record<CheckKind, number>; findings: number }
export interface CentreSummary extends CheckCounts { centre: CentreRef }

const zeroCounts = (): CheckCounts => ({ patients: 0, byKind: Object.fromEntries(CHECK_KINDS.map((k) => [k, 0])) as Record<CheckKind, number>, findings: 0 });

export interface EditCheckScope {
  /** Centres the caller may see (the centre choice). */
  centres: CentreRef[];
  /** The one centre shown, or null for all the caller's centres (coordinators and admins only). */
  centre: CentreRef | null;
  /** What the queries read: the chosen centre, the caller's centre, or null for all. */
  centreIds: number[] | null;
}

/**
 * What the caller may see of the asked centre. The caller's scope comes from the session, never
 * from the request: an investigator's only choice is their own centre, and any other code (or one
 * that does not exist) is "not found" so the answer tells nothing about other centres.
 */
export async function resolveEditCheckScope(db: Db, user: Principal & { email?: string }, centreCode: string | null | undefined): Promise<EditCheckScope> {
  if (!can(user, 'patient.read')) throw forbidden();
  const allowed = centreFilter(user);
  const all = await db.select({ id: centres.id, code: centres.code, name: centres.name }).from(centres).orderBy(asc(centres.code));
  const visible = allowed === null ? all : all.filter((c) => allowed.includes(c.id));
  if (centreCode) {
    const centre = visible.find((c) => c.code === centreCode);
    if (!centre) {
      // Another centre's report asked for by id: logged as a refused access, answered like a missing one.
      const other = all.find((c) => c.code === centreCode);
      if (other) await recordDenial(db, user, { table: 'centres', recordId: other.id, centreId: other.id, action: 'patient.read' });
      throw notFound('Centre not found.');
    }
    return { centres: visible, centre, centreIds: [centre.id] };
  }
  if (allowed === null) return { centres: visible, centre: null, centreIds: null };
  // An investigator: their centre (none when the account has no centre: nothing to read).
  return { centres: visible, centre: visible[0] ?? null, centreIds: allowed };
}

/**
 * Hands each of the scope's patients' findings to `visit`, in pseudonym-id order. The findings come
 * from the pass kept while no data changed (edit-check-pass.ts: brought up to date before every
 * view, so nothing committed before the call is missed); the scope is applied here, per patient.
 */
export async function scanEditChecks(db: Db, scope: EditCheckScope, today: string,
  visit: (centreId: number, rows: CheckRow[]) => void): Promise<void> {
  if (scope.centreIds !== null && !scope.centreIds.length) return;
  const pass = await currentEditCheckPass(db, today);
  const inScope = scope.centreIds === null ? null : new Set(scope.centreIds);
  for (const p of pass.ordered) if (!inScope || inScope.has(p.centreId)) visit(p.centreId, p.rows);
}

/** Every finding of the scope (one centre, or all the caller's centres), in pseudonym-id order. */
export async function editCheckReport(db: Db, user: Principal & { email?: string }, centreCode: string | null, today = todayIso()) {
  const scope = await resolveEditCheckScope(db, user, centreCode);
  const rows: CentreRow[] = [];
  const codes = new Map(scope.centres.map((c) => [c.id, c.code]));
  await scanEditChecks(db, scope, today, (centreId, found) => {
    for (const r of found) rows.push({ ...r, centreCode: codes.get(centreId) ?? '' });
  });
  return { centres: scope.centres, centre: scope.centre, rows };
}

export interface EditCheckView {
  centres: CentreRef[];
  centre: CentreRef | null;
  /** One row per centre in the scope (all of them, with zeros), and their sum. */
  summary: CentreSummary[];
  totals: CheckCounts;
  /** The findings matching the kind filter, the asked page of them (clamped to the last page). */
  matching: number;
  window: PageWindow;
  rows: CentreRow[];
}

/** The report page: per-centre counts of every kind, and one page of the (kind-filtered) findings. */
export async function editCheckView(db: Db, user: Principal & { email?: string }, query: EditCheckQuery, page: number,
  opts: { pageSize?: number; today?: string } = {}): Promise<EditCheckView> {
  const pageSize = opts.pageSize ?? EDIT_CHECK_PAGE_SIZE;
  const scope = await resolveEditCheckScope(db, user, query.centreCode);
  const shown = scope.centre ? [scope.centre] : scope.centres;
  const counts = new Map(shown.map((c) => [c.id, zeroCounts()]));
  const codes = new Map(shown.map((c) => [c.id, c.code]));
  const want = Math.max(1, Math.floor(page));
  // Keep the asked page, and the latest page seen in case the asked one is past the end.
  let matching = 0;
  let wanted: CentreRow[] = [];
  let latest: CentreRow[] = [];
  await scanEditChecks(db, scope, opts.today ?? todayIso(), (centreId, found) => {
    const c = counts.get(centreId);
    if (!c) return; // cannot happen: the scan reads the scope's centres only
    c.patients += 1;
    for (const r of found) {
      c.byKind[r.kind] += 1;
      c.findings += 1;
      if (query.kind && r.kind !== query.kind) continue;
      const block = Math.floor(matching / pageSize) + 1;
      if (matching % pageSize === 0) latest = [];
      const row = { ...r, centreCode: codes.get(centreId) ?? '' };
      latest.push(row);
      if (block === want) wanted = latest;
      matching += 1;
    }
  });
  const window = pageWindow(want, matching, pageSize);
  const summary = shown.map((centre) => ({ centre, ...(counts.get(centre.id) ?? zeroCounts()) }));
  const totals = zeroCounts();
  for (const s of summary) {
    totals.patients += s.patients;
    totals.findings += s.findings;
    for (const k of CHECK_KINDS) totals.byKind[k] += s.byKind[k];
  }
  return { centres: scope.centres, centre: scope.centre, summary, totals, matching, window, rows: window.clamped ? latest : wanted };
}
