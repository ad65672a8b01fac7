import 'server-only';
/**
 * The import plan: parse + validate the file (lib/exchange/parse-import), then check it against the
 * database — centres known and active, investigator only for their own centre, existing patients
 * identical (skipped), changed (updated) or in conflict. Used by the preview and again, inside the
 * writing transaction, by the import itself (the preview is never trusted).
 */
import { isDeepStrictEqual } from 'node:util';
import type { Db, Tx } from '@/db/client';
import { centres } from '@/db/schema';
import type { Principal } from '@/lib/auth/permissions';
import { exchangedFieldsOf, formParts, VALUE_FORMS } from '@/lib/exchange/form-parts';
import { loadExchangePatients, type LoadedPatient } from '@/lib/exchange/load-patients';
import { lockPatientsByCode } from '@/lib/exchange/lock-patients';
import { parseImport, type ParseResult, type Problem } from '@/lib/exchange/parse-import';
import type { ExchangePatient } from '@/lib/exchange/patient';
import { reportProblems } from '@/lib/exchange/problem-sentence';
import { readOnlyRecordMessage } from '@/lib/services/crf/form-access';
import { encodeState } from '@/lib/exchange/record-state';

export interface ImportPlan {
  format: 'csv' | 'json';
  rows: number;
  problems: Problem[];
  create: ExchangePatient[];
  update: { before: LoadedPatient; after: ExchangePatient }[];
  unchanged: number;
  centreIdByCode: Map<string, number>;
  /** Every patient of the file that passed the centre checks: its row and stored state (record-state.ts; '' = new). */
  seen: Map<string, { row: number; state: string }>;
}

/** What the user sees: counts and every problem (capped for display; the total is always given). */
export interface ImportReport {
  fileName: string;
  format: 'csv' | 'json';
  rows: number;
  newPatients: number;
  updatedPatients: number;
  unchangedPatients: number;
  problemCount: number;
  problems: Problem[];
  ok: boolean;
}

export const REPORT_PROBLEM_LIMIT = 1000;

/** `lock`: take the CRF save's row lock on the file's registered patients before reading them (the import's own plan, in its transaction). */
export async function planImport(
  db: Db | Tx, user: Principal, fileName: string, text: string, onProgress?: (done: number, total: number) => void, opts: { lock?: Tx } = {},
): Promise<ImportPlan> {
  const parsed: ParseResult = parseImport(fileName, text);
  onProgress?.(parsed.rows, parsed.rows);
  const problems = [...parsed.problems];
  const centreRows = await db.select({ id: centres.id, code: centres.code, city: centres.city, active: centres.active }).from(centres);
  const centreByCode = new Map(centreRows.map((c) => [c.code, c]));
  const ownCentre = user.role === 'investigator' ? centreRows.find((c) => c.id === user.centreId) : undefined;

  const candidates = parsed.patients.filter(({ row, patient: p, centreCity }) => {
    const centre = centreByCode.get(p.centre);
    const fail = (column: string, message: string) => { problems.push({ row, patientId: p.id, column, message }); return false; };
    if (user.role === 'investigator' && (!ownCentre || p.centre !== ownCentre.code)) {
      return fail('centre', `is ${p.centre}: you can import patients of your own centre (${ownCentre?.code ?? 'none'}) only`);
    }
    if (!centre) return fail('centre', `${p.centre} is not a centre of the registry (an administrator adds centres first)`);
    if (!centre.active) return fail('centre', `centre ${p.centre} is deactivated`);
    if (centreCity !== null && centreCity !== centre.city) return fail('centre_city', `is "${centreCity}" but centre ${p.centre} is in ${centre.city}`);
    return true;
  });

  if (opts.lock) await lockPatientsByCode(opts.lock, candidates.map((c) => c.patient.id));
  // Existing patients with these ids, in any centre: a clash with another centre is a conflict.
  const existing = new Map((await loadExchangePatients(db, { centreIds: null, codes: candidates.map((c) => c.patient.id) }))
    .map((l) => [l.patient.id, l]));
  const plan: ImportPlan = { format: parsed.format, rows: parsed.rows, problems, create: [], update: [], unchanged: 0,
    centreIdByCode: new Map(centreRows.map((c) => [c.code, c.id])), seen: new Map() };
  for (const { row, patient } of candidates) {
    const before = existing.get(patient.id);
    plan.seen.set(patient.id, { row, state: encodeState(before?.state ?? null) });
    if (!before) { plan.create.push(patient); continue; }
    const fail = (column: string, message: string) => problems.push({ row, patientId: patient.id, column, message });
    if (before.patient.centre !== patient.centre) { fail('centre', `patient ${patient.id} is registered in another centre`); continue; }
    if (isDeepStrictEqual(before.patient, patient)) { plan.unchanged++; continue; }
    // The CRF's rule: a withdrawn or entered-in-error record is read-only, and no form or import changes a record's status.
    const readOnly = readOnlyRecordMessage({ code: patient.id, status: before.patient.status });
    if (readOnly) { fail('patientStatus', readOnly); continue; }
    if (before.patient.status !== patient.status) {
      fail('patientStatus', `is ${patient.status} but the registry has ${before.patient.status}: an import does not change a record's status`); continue;
    }
    if (before.locked) { fail('id', `patient ${patient.id} has locked forms in the registry; ask a coordinator to unlock them before importing changes`); continue; }
    const removed = removedForms(before.patient, patient);
    if (removed.length) { for (const r of removed) fail(r.column, `the registry has a ${r.form} form for this patient; an import cannot remove it`); continue; }
    plan.update.push({ before, after: patient });
  }
  problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return plan;
}

/**
 * Forms the registry holds that the file leaves out entirely. Forms are never deleted (patient data
 * is retired, not removed), so such a row is refused; clearing single values is an update.
 */
function removedForms(before: ExchangePatient, after: ExchangePatient): { form: string; column: string }[] {
  const was = formParts(before);
  const now = formParts(after);
  // Named by the form's first column of the cohort file (baseline → ibrutinibStart, discontinuation → disc_date).
  return VALUE_FORMS.filter(({ part }) => was[part] && !now[part])
    .map(({ form }) => ({ form, column: exchangedFieldsOf(form)[0]?.exchange.column ?? form }));
}

export function reportOf(fileName: string, plan: ImportPlan): ImportReport {
  const problems = reportProblems(plan.problems);
  return {
    fileName, format: plan.format, rows: plan.rows, newPatients: plan.create.length, updatedPatients: plan.update.length,
    unchangedPatients: plan.unchanged, problemCount: problems.length, problems: problems.slice(0, REPORT_PROBLEM_LIMIT),
    ok: problems.length === 0,
  };
}
