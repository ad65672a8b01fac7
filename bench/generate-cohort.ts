/**
 * Synthetic cohort of N patients (fictional, fixed seed) written into a database through the same
 * insert path as the demo seed and the cohort import (db/seed/seed-demo.ts insertPatients →
 * lib/exchange/insert-patients.ts: the dictionary's columns, multi-row inserts), with the demo's
 * course generator (db/seed/insert-course.ts), inside ONE transaction with the audit context set,
 * so the audit triggers run as in production.
 *
 *   npx tsx bench/generate-cohort.ts 100000      (PGLITE_DATA_DIR or DATABASE_URL; adds centres PL-01..PL-08 if missing)
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { setAuditContext } from '../db/audit-context';
import { centres } from '../db/schema';
import type { CohortPatient } from '../db/seed/cohort-types';
import type { ExchangePatient } from '../lib/exchange/patient';
import { insertPatients } from '../db/seed/seed-demo';
import { REAL_WORLD } from '../db/seed/course-plan';
import { insertCourse } from '../db/seed/insert-course';
import { mulberry32 } from './random';

const DAY = 86_400_000;
const iso = (d: number) => new Date(d * DAY).toISOString().slice(0, 10);
const dayOf = (s: string) => Math.round(Date.parse(`${s}T00:00:00Z`) / DAY);

export const BENCH_CENTRES = ['PL-01', 'PL-02', 'PL-03', 'PL-04', 'PL-05', 'PL-06', 'PL-07', 'PL-08'];

const AES = [
  { verbatim: 'pneumonia', term: 'Lung infection', soc: 'Infections and infestations', etiology: 'unknown' },
  { verbatim: 'diarrhea', term: 'Diarrhea', soc: 'Gastrointestinal disorders', etiology: null },
  { verbatim: 'heart failure', term: 'Heart failure', soc: 'Cardiac disorders', etiology: null },
  { verbatim: 'neutropenia', term: 'Neutrophil count decreased', soc: 'Investigations', etiology: null },
];
const CAUSES = ['progression of CLL', 'infection', 'multi-organ failure', 'heart failure', 'unknown'];

/** A synthetic patient: the demo file's fields and the registry's newer ones the benchmark fills. */
export type SyntheticPatient = CohortPatient & Pick<ExchangePatient, 'tp53' | 'b2m' | 'missing'>;

/**
 * TP53 and β2-microglobulin, from their own random stream (so every other value stays what it was
 * for a seed): TP53 mostly mutated with del(17p), about a third not tested; β2-microglobulin
 * log-normal around 3.5 mg/L (2 decimals, as stored), not done for about 1 in 10 and unknown for 1 in 20.
 */
function laboratory(r: () => number, del17p: CohortPatient['del17p']): Pick<SyntheticPatient, 'tp53' | 'b2m' | 'missing'> {
  const tested = r() >= 0.3;
  const tp53 = !tested ? 'not_tested' as const : r() < (del17p === 'present' ? 0.8 : 0.12) ? 'mutated' as const : 'unmutated' as const;
  const u = r();
  if (u < 0.1) return { tp53, b2m: null, missing: { b2m: 'not_done' } };
  if (u < 0.15) return { tp53, b2m: null, missing: { b2m: 'unknown' } };
  // Box–Muller: ln(b2m) ~ N(ln 3.5, 0.5), within the dictionary's 0.1–100 mg/L.
  const z = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return { tp53, b2m: Math.min(100, Math.max(0.5, Math.round(Math.exp(Math.log(3.5) + 0.5 * z) * 100) / 100)) };
}

export function generatePatients(n: number, seed = 20170630, cutoff = '2017-06-30'): SyntheticPatient[] {
  const r = mulberry32(seed);
  const lab = mulberry32(seed ^ 0x5bd1e995);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const start0 = dayOf('2014-07-01');
  const cut = dayOf(cutoff);
  const seqs = new Map<string, number>();
  const out: SyntheticPatient[] = [];
  for (let i = 0; i < n; i++) {
    const centre = BENCH_CENTRES[Math.min(7, Math.floor(-Math.log(1 - r() * 0.95) * 2.5))] as string;
    const seq = (seqs.get(centre) ?? 0) + 1;
    seqs.set(centre, seq);
    const start = start0 + Math.floor(r() * 730);
    const age = 46 + Math.floor(r() * 39);
    const base = {
      id: `${centre}-${String(seq).padStart(3, '0')}`, centre, sex: r() < 0.64 ? 'male' as const : 'female' as const,
      birthYear: Number(iso(start).slice(0, 4)) - age, ibrutinibStart: iso(start), ageAtStart: age,
      ecog: Math.floor(r() * 5), raiStage: pick(['0', 'I', 'II', 'III', 'IV'] as const),
      del17p: pick(['present', 'absent', 'not_tested'] as const), priorLines: 1 + Math.floor(-Math.log(1 - r()) * 2.5),
      bestResponse: pick(['CR', 'PR', 'PR-L', 'SD', 'PD', 'NE'] as const), subsequentTherapies: [],
    };
    const labValues = laboratory(lab, base.del17p);
    const discDay = start + Math.floor(-Math.log(1 - r()) * 2000);
    if (discDay <= cut) {
      const reason = r() < 0.55 ? 'adverse_event' as const : r() < 0.85 ? 'progression' as const : pick(['patient_decision', 'lost_to_follow_up', 'other'] as const);
      const ae = reason === 'adverse_event' ? pick(AES) : null;
      const deathDay = discDay + 5 + Math.floor(-Math.log(1 - r()) * 150);
      const dead = deathDay <= cut;
      out.push({
        ...base, ...labValues,
        discontinuation: {
          date: iso(discDay), reason, progressionType: reason === 'progression' ? (r() < 0.2 ? 'RT' : 'CLL') : null,
          rtHistology: null, cnsInvolvement: false,
          adverseEvent: ae ? { term: ae.term, soc: ae.soc, verbatim: ae.verbatim, grade: 3 + Math.floor(r() * 3), etiology: ae.etiology } : null,
        },
        vitalStatus: dead ? 'dead' : 'alive', deathDate: dead ? iso(deathDay) : null, deathCause: dead ? pick(CAUSES) : null,
        lastContactDate: dead ? iso(deathDay) : iso(cut - Math.floor(r() * 60)),
      });
    } else {
      out.push({ ...base, ...labValues, discontinuation: null, vitalStatus: 'alive', deathDate: null, deathCause: null, lastContactDate: iso(cut - Math.floor(r() * 60)) });
    }
  }
  return out;
}

export interface SyntheticOptions {
  /**
   * Each patient's course as the demo has it (db/seed/course-plan.ts: visits, adverse-event log, dose
   * periods, interruptions, tests), so the course analyses and the dataset's visit subqueries are
   * measured on realistic data; visits every 6 months (a registry's long-term follow-up) rather than
   * the demo's 3, since each row is audited field by field and the load is the benchmark's slowest
   * part. Default on; BENCH_COURSE=0 loads the snapshot forms alone (about twice as fast).
   */
  course?: boolean;
}

/** Writes n synthetic patients (and the centres if missing), with their course, in one audited transaction. */
export async function loadSyntheticCohort(database: Database, n: number, seed?: number, options: SyntheticOptions = {}): Promise<void> {
  const patients = generatePatients(n, seed);
  const course = options.course ?? process.env.BENCH_COURSE !== '0';
  await database.db.transaction(async (tx) => {
    await setAuditContext(tx, { id: 'system', label: 'system (benchmark cohort)' }, 'synthetic benchmark cohort');
    await tx.insert(centres).values(BENCH_CENTRES.map((code) => ({ code, name: `Benchmark centre ${code}`, city: 'Bench' })))
      .onConflictDoNothing();
    const rows = (await tx.execute(sql`SELECT id, code FROM centres`)) as unknown as { rows: { id: number; code: string }[] };
    const ids = await insertPatients(tx, patients, new Map(rows.rows.map((c) => [c.code, c.id])));
    if (course) await insertCourse(tx, patients, ids, seed, { ...REAL_WORLD, visitEveryDays: 182 });
  });
}

if (process.argv[1]?.endsWith('generate-cohort.ts')) {
  const n = Number(process.argv[2] ?? 100_000);
  void (async () => {
    const { getDatabase } = await import('../db/client');
    const { migrate } = await import('../db/migrate');
    const database = await getDatabase();
    await migrate(database);
    const t0 = performance.now();
    await loadSyntheticCohort(database, n);
    console.log(`inserted ${n} synthetic patients${process.env.BENCH_COURSE === '0' ? '' : ' with their course'} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await database.close();
  })();
}
