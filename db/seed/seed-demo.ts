/**
 * First-start demo: the 8 centres and 165 patients of the fictional demo cohort, written into the
 * real CRF tables (through the audit triggers, as actor "system (demo seed)"), and the demo users.
 * Runs only on an empty database, under a transaction-level advisory lock so two instances starting
 * together seed once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../client';
import { setAuditContext } from '../audit-context';
import {
  baselineForms, centres, discontinuationForms, followUpForms, patients, responseForms, subsequentTherapies,
  therapyForms, users,
} from '../schema';
import { hashPassword } from '../../lib/auth/password';
import { recordEvent } from '../../lib/services/audit/record-event';
import type { CohortFile, CohortPatient } from './cohort-types';
import { DEMO_USERS, type DemoUser } from './demo-users';

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
    await insertPatients(tx, cohort.patients, centreId);
    return { seeded: true, users: DEMO_USERS, patients: cohort.patients.length };
  });
}

function seqOf(code: string): number {
  const seq = Number(code.split('-').at(-1));
  if (!Number.isInteger(seq) || seq < 1) throw new Error(`patient id ${code} does not end in a sequence number`);
  return seq;
}

/** Inserts patients with all their CRFs (status `complete`). Also used by the cohort import. */
export async function insertPatients(tx: Tx, list: CohortPatient[], centreId: Map<string, number>): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const CHUNK = 500;
  for (let i = 0; i < list.length; i += CHUNK) {
    const chunk = list.slice(i, i + CHUNK);
    const rows = await tx.insert(patients).values(chunk.map((p) => {
      const cid = centreId.get(p.centre);
      if (cid === undefined) throw new Error(`patient ${p.id}: unknown centre ${p.centre}`);
      return { code: p.id, centreId: cid, seq: seqOf(p.id), sex: p.sex, birthYear: p.birthYear };
    })).returning({ id: patients.id, code: patients.code });
    for (const r of rows) ids.set(r.code, r.id);
    const pid = (p: CohortPatient) => ids.get(p.id) ?? -1;
    await tx.insert(baselineForms).values(chunk.map((p) => ({
      patientId: pid(p), ibrutinibStart: p.ibrutinibStart, ageAtStart: p.ageAtStart, ecog: p.ecog,
      raiStage: p.raiStage, del17p: p.del17p, priorLines: p.priorLines, status: 'complete' as const,
    })));
    await tx.insert(responseForms).values(chunk.map((p) => ({
      patientId: pid(p), bestResponse: p.bestResponse, status: 'complete' as const,
    })));
    const disc = chunk.filter((p) => p.discontinuation);
    if (disc.length) {
      await tx.insert(discontinuationForms).values(disc.map((p) => {
        const d = p.discontinuation;
        const ae = d?.adverseEvent ?? null;
        return {
          patientId: pid(p), lastDoseDate: d?.date ?? null, reason: d?.reason ?? null,
          progressionType: d?.progressionType ?? null, rtHistology: d?.rtHistology ?? null,
          cnsInvolvement: d?.cnsInvolvement ?? null,
          aeTerm: ae?.term ?? null, aeSoc: ae?.soc ?? null, aeGrade: ae?.grade ?? null,
          aeEtiology: ae?.etiology ?? null, aeVerbatim: ae?.verbatim ?? null, aeOnsetDate: ae?.onsetDate ?? null,
          status: 'complete' as const,
        };
      }));
    }
    const forms = await tx.insert(therapyForms).values(chunk.map((p) => ({ patientId: pid(p), status: 'complete' as const })))
      .returning({ id: therapyForms.id, patientId: therapyForms.patientId });
    const formOf = new Map(forms.map((f) => [f.patientId, f.id]));
    const therapies = chunk.flatMap((p) => p.subsequentTherapies.map((t, k) => ({
      formId: formOf.get(pid(p)) ?? -1, patientId: pid(p), position: k + 1, regimen: t.regimen,
      startDate: t.startDate ?? null, bestResponse: (t.response ?? null) as typeof subsequentTherapies.$inferInsert.bestResponse,
    })));
    if (therapies.length) await tx.insert(subsequentTherapies).values(therapies);
    await tx.insert(followUpForms).values(chunk.map((p) => ({
      patientId: pid(p), vitalStatus: p.vitalStatus, lastContactDate: p.lastContactDate, deathDate: p.deathDate,
      deathCause: p.deathCause as typeof followUpForms.$inferInsert.deathCause, status: 'complete' as const,
    })));
  }
  return ids;
}
