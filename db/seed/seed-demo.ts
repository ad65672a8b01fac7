/**
 * First-start demo: the 8 centres and 165 patients of the fictional demo cohort, written into the
 * real CRF tables (through the audit triggers, as actor "system (demo seed)") with a course
 * consistent with them (insert-course.ts), and the demo users.
 * Runs only on an empty database, under a transaction-level advisory lock so two instances starting
 * together seed once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../client';
import { setAuditContext } from '../audit-context';
import { centres, users } from '../schema';
import { hashPassword } from '../../lib/auth/password';
import { recordEvent } from '../../lib/services/audit/record-event';
import { insertExchangePatients } from '../../lib/exchange/insert-patients';
import { seedPatientSchema, MISSING_FIELDS, type ExchangePatient } from '../../lib/exchange/patient';
import { formValues, VALUE_FORMS } from '../../lib/exchange/form-parts';
import { conditionHolds, missingKey, valueKey, type FieldDef } from '../../lib/dictionary';
import type { CohortFile, CohortPatient } from './cohort-types';
import { DEMO_USERS, type DemoUser } from './demo-users';
import { insertCourse } from './insert-course';

export const DEMO_COHORT_PATH = path.join(process.cwd(), 'db', 'seed', 'demo-cohort.json');
const SEED_LOCK = 727_274_002;
const SYSTEM = { id: 'system' as const, label: 'system (demo seed)' };

export function readDemoCohort(): CohortFile {
  return JSON.parse(fs.readFileSync(DEMO_COHORT_PATH, 'utf8')) as CohortFile;
}

export interface SeedResult { seeded: boolean; users: readonly DemoUser[]; patients: number }

export async function seedDemo(database: Database, cohort: CohortFile = readDemoCohort()): Promise<SeedResult> {
  // Hash outside the transaction: bcrypt at cost 12 takes a while and need not hold the lock.
  const hashes = await Promise.all(DEMO_USERS.map((u) => hashPassword(u.password)));
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${SEED_LOCK})`);
    const existing = (await tx.execute(sql`SELECT 1 FROM centres LIMIT 1`)) as unknown as { rows: unknown[] };
    if (existing.rows.length > 0) return { seeded: false, users: [], patients: 0 };
    await setAuditContext(tx, SYSTEM, 'demo seed');

    const centreRows = await tx.insert(centres).values(cohort.centres).returning({ id: centres.id, code: centres.code });
    const centreId = new Map(centreRows.map((c) => [c.code, c.id]));
    const userRows = await tx.insert(users).values(DEMO_USERS.map((u, i) => ({
      email: u.email, displayName: u.displayName, role: u.role, passwordHash: hashes[i] ?? '',
      centreId: u.centreCode ? centreId.get(u.centreCode) ?? null : null,
    }))).returning({ id: users.id, email: users.email, role: users.role });
    for (const u of userRows) {
      await recordEvent(tx, { actor: SYSTEM, action: 'user_created', tableName: 'users', recordId: u.id, newValue: u.role, details: { email: u.email } });
    }
    const ids = await insertPatients(tx, cohort.patients, centreId);
    // The patients' course (visits, adverse-event log, dose periods, interruptions, tests), drawn from a fixed seed.
    await insertCourse(tx, cohort.patients, ids);
    return { seeded: true, users: DEMO_USERS, patients: cohort.patients.length };
  });
}

/** Whether the CRF asks for a field given the form's other answers (always, on entry, or because of one). */
function asked(f: FieldDef, values: Record<string, unknown>): boolean {
  return f.required === 'always' || f.required === 'on-entry' || (f.requiredWhen !== undefined && conditionHolds(f.requiredWhen, values));
}

/**
 * The published cohort's gaps, said rather than guessed: every field the CRF asks for that the
 * record leaves empty and that may carry the missing-data code `unknown` (IGHV, prior purine
 * analogue, prior anti-CD20, the response assessment date, the AE onset date) gets that code, on
 * forms the record holds. Then a demo form opens and saves unchanged, and its status follows the
 * one definition of complete (lib/dictionary missingRequired) instead of being forced.
 */
export function sayDemoGaps(p: ExchangePatient): ExchangePatient {
  const missing: Record<string, string> = { ...(p.missing as Record<string, string> | undefined) };
  for (const { form } of VALUE_FORMS) {
    const values = formValues(p, form);
    if (!Object.values(values).some((v) => v !== null && v !== undefined)) continue; // no such form
    for (const f of MISSING_FIELDS) {
      if (f.form !== form || !(f.missingCodes ?? []).includes('unknown')) continue;
      const blank = (v: unknown) => v === null || v === undefined;
      if (blank(values[valueKey(f)]) && blank(values[missingKey(f)]) && asked(f, values)) missing[f.exchange.column] = 'unknown';
    }
  }
  return Object.keys(missing).length ? { ...p, missing } as ExchangePatient : p;
}

/**
 * Inserts patients with all their CRFs through the cohort import's own writer
 * (lib/exchange/insert-patients.ts: the data dictionary's columns): each record is read by the
 * import's field schema, so a field the dictionary adds is seeded without an edit here. The gaps
 * of the published cohort are recorded as `unknown` (sayDemoGaps), so every form is complete by
 * the same definition the edit checks, verify/sign and the overview use; a subsequent-therapies
 * form for every patient, and multiple choices the cohort never recorded left null.
 */
export async function insertPatients(tx: Tx, list: CohortPatient[], centreId: Map<string, number>): Promise<Map<string, number>> {
  const records = list.map((p) => {
    const parsed = seedPatientSchema.safeParse(p);
    if (!parsed.success) throw new Error(`patient ${p.id}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    return sayDemoGaps(parsed.data);
  });
  return insertExchangePatients(tx, records, centreId, null, undefined, { therapyFormForEach: true, emptyChoicesAsNull: true });
}
