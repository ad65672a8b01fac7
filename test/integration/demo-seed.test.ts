/**
 * The demo cohort satisfies the one definition of complete (lib/dictionary missingRequired): the
 * seed says "unknown" where the published data has a gap, so every demo form is complete by the
 * rule the edit checks, verify/sign and the overview share, the edit-check report has no
 * "required field missing", and each stored form opens in its CRF and validates unchanged
 * (issue 16, defect 4: the report listed 185 findings while the overview said 100 %).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import {
  adverseEvents, baselineForms, discontinuationForms, doseInterruptions, dosePeriods, followUpForms, molecularTests, patients, responseForms, users, visits,
} from '@/db/schema';
import { generatePatients } from '@/bench/generate-cohort';
import { planCourse, REAL_WORLD } from '@/db/seed/course-plan';
import { readDemoCohort, seedDemo } from '@/db/seed/seed-demo';
import { deriveCourse } from '@/lib/course/derive';
import { findTerm, gradeDefinition } from '@/lib/ctcae/terms';
import { missingRequired, RECORDS } from '@/lib/dictionary';
import { splitStoredTerm } from '@/lib/ctcae/terms';
import { conditionHolds, fieldsOf, valueKey } from '@/lib/dictionary';
import { formDefaults } from '@/lib/dictionary/form-values';
import { editCheckReport } from '@/lib/services/crf/edit-checks';
import { saveBaseline } from '@/lib/services/crf/save-baseline';
import { saveResponse } from '@/lib/services/crf/save-response';
import { baselineFormSchema, saveBaselineSchema } from '@/lib/validation/baseline';
import { discontinuationFormSchema } from '@/lib/validation/discontinuation';
import { followUpFormSchema } from '@/lib/validation/follow-up';
import { missingRequiredFields } from '@/lib/validation/required-fields';
import { checkCourseRules, type CourseRecords } from '@/lib/validation/course-rules';
import { responseFormSchema, saveResponseSchema } from '@/lib/validation/response';
import { principal } from './helpers/fixtures';
import { testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;

beforeAll(async () => {
  factory = await testDbFactory();
  database = await factory.fresh();
  await seedDemo(database);
});
afterAll(async () => { await factory.dispose(); });

const issuesOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.success ? [] : (r.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('demo seed', () => {
  it('stores every form complete, and the edit checks find no required field missing', async () => {
    const { db } = database;
    const statuses = await db.execute(sql`
      SELECT 'baseline' AS form, status::text, count(*)::int AS n FROM baseline_forms GROUP BY 2
      UNION ALL SELECT 'response', status::text, count(*)::int FROM response_forms GROUP BY 2
      UNION ALL SELECT 'discontinuation', status::text, count(*)::int FROM discontinuation_forms GROUP BY 2
      UNION ALL SELECT 'follow-up', status::text, count(*)::int FROM follow_up_forms GROUP BY 2 ORDER BY 1, 2`) as unknown as { rows: unknown[] };
    expect(statuses.rows).toEqual([
      { form: 'baseline', status: 'complete', n: 165 }, { form: 'discontinuation', status: 'complete', n: 37 },
      { form: 'follow-up', status: 'complete', n: 165 }, { form: 'response', status: 'complete', n: 165 },
    ]);
    const [coord] = await db.select().from(users).where(eq(users.email, 'coordinator@demo.cll-registry.org'));
    if (!coord) throw new Error('no coordinator');
    const report = await editCheckReport(db, principal(coord), null, '2026-12-01');
    expect(report.rows.filter((r) => r.kind === 'missing_field' || r.kind === 'not_complete')).toEqual([]);
  });

  it('records "unknown" only where the published cohort has a gap the CRF asks about', async () => {
    const { db } = database;
    const base = await db.select().from(baselineForms);
    expect(base.every((b) => b.ighv === null && b.ighvMissing === 'unknown' && b.priorPurineAnalogueMissing === 'unknown' && b.priorAntiCd20Missing === 'unknown')).toBe(true);
    // Optional fields the CRF does not ask for stay empty, not "unknown".
    expect(base.every((b) => b.b2m === null && b.b2mMissing === null)).toBe(true);
    const resp = await db.select().from(responseForms);
    expect(resp.every((r) => r.assessedDate === null && r.assessedDateMissing === 'unknown')).toBe(true);
    const disc = await db.select().from(discontinuationForms);
    const ae = readDemoCohort().patients.filter((p) => p.discontinuation?.reason === 'adverse_event').length;
    expect(disc.filter((d) => d.aeOnsetDateMissing === 'unknown')).toHaveLength(ae);
    expect(disc.filter((d) => d.reason !== 'adverse_event').every((d) => d.aeOnsetDateMissing === null)).toBe(true);
  });

  it('opens every demo form in its CRF with values that validate unchanged', async () => {
    const { db } = database;
    const problems: string[] = [];
    const check = (form: string, id: number, r: Parameters<typeof issuesOf>[0]) => {
      for (const i of issuesOf(r)) problems.push(`${form} ${id} ${i}`);
    };
    for (const row of await db.select().from(baselineForms)) check('baseline', row.patientId, baselineFormSchema.safeParse(formDefaults('baseline', row)));
    for (const row of await db.select().from(responseForms)) check('response', row.patientId, responseFormSchema.safeParse(formDefaults('response', row)));
    for (const row of await db.select().from(followUpForms)) check('follow-up', row.patientId, followUpFormSchema.safeParse(formDefaults('follow-up', row)));
    for (const row of await db.select().from(discontinuationForms)) {
      const t = row.aeTerm ? splitStoredTerm(row.aeTerm) : null;
      const values: Record<string, unknown> = { ...formDefaults('discontinuation', row), aeTerm: t?.term ?? null, aeTermSpecify: t?.specify ?? null };
      // The CRF shows a field only when its condition holds and submits only what it shows
      // (shouldUnregister): the published cohort's "no CNS involvement" beside other reasons stays stored, unshown.
      for (const f of fieldsOf('discontinuation')) if (f.onlyWhen && !conditionHolds(f.onlyWhen, values)) delete values[valueKey(f)];
      check('discontinuation', row.patientId, discontinuationFormSchema.safeParse(values));
      expect(missingRequiredFields('discontinuation', row)).toEqual([]);
    }
    expect(problems).toEqual([]);
  });

  it('saves a demo form unchanged: no invented data, no reason asked, the recorded age kept (PL-01-006: 68, issue 16 defect 8)', async () => {
    const { db } = database;
    const [inv] = await db.select().from(users).where(eq(users.email, 'investigator.pl01@demo.cll-registry.org'));
    const [p] = await db.select().from(patients).where(eq(patients.code, 'PL-01-006'));
    if (!inv || !p) throw new Error('no demo investigator or patient');
    const [base] = await db.select().from(baselineForms).where(eq(baselineForms.patientId, p.id));
    const [resp] = await db.select().from(responseForms).where(eq(responseForms.patientId, p.id));
    if (!base || !resp) throw new Error('no demo forms');
    expect(base.ageAtStart).toBe(68);
    const meta = (version: number) => ({ patientCode: 'PL-01-006', version, changeReason: null, idempotencyKey: `demo-${version}-${Math.random()}`, markComplete: true });
    const b = await saveBaseline(db, { ...principal(inv), email: inv.email }, saveBaselineSchema.parse({ ...formDefaults('baseline', base), ...meta(base.version) }));
    expect(b).toMatchObject({ changed: false, status: 'complete' });
    const r = await saveResponse(db, { ...principal(inv), email: inv.email }, saveResponseSchema.parse({ ...formDefaults('response', resp), ...meta(resp.version) }));
    expect(r).toMatchObject({ changed: false, status: 'complete' });
    const [after] = await db.select().from(baselineForms).where(eq(baselineForms.patientId, p.id));
    expect(after?.ageAtStart).toBe(68);
  });
});

type Row = Record<string, unknown>;
const rowsOf = async (text: ReturnType<typeof sql>) => ((await database.db.execute(text)) as unknown as { rows: Row[] }).rows;

/** Each patient's start, stop, last contact, death and recorded values, joined to a course table `x`. */
const SPAN = sql.raw(`
  JOIN patients p ON p.id = x.patient_id
  JOIN baseline_forms b ON b.patient_id = p.id
  JOIN follow_up_forms f ON f.patient_id = p.id
  JOIN response_forms r ON r.patient_id = p.id
  LEFT JOIN discontinuation_forms d ON d.patient_id = p.id`);

/**
 * The demo course (db/seed/course-plan.ts) against the snapshot forms the published figures come
 * from: each query looks for one way the course could contradict them, and must find nothing.
 */
describe('demo course', () => {
  it('has a course for every patient, all complete, with the real-world share of dose reductions and interruptions', async () => {
    const counts = await rowsOf(sql`
      SELECT 'visits' AS t, count(*)::int AS n, count(DISTINCT patient_id)::int AS patients, count(*) FILTER (WHERE status <> 'complete')::int AS not_complete FROM visits
      UNION ALL SELECT 'adverse_events', count(*)::int, count(DISTINCT patient_id)::int, count(*) FILTER (WHERE status <> 'complete')::int FROM adverse_events
      UNION ALL SELECT 'dose_periods', count(*)::int, count(DISTINCT patient_id)::int, count(*) FILTER (WHERE status <> 'complete')::int FROM dose_periods
      UNION ALL SELECT 'dose_interruptions', count(*)::int, count(DISTINCT patient_id)::int, count(*) FILTER (WHERE status <> 'complete')::int FROM dose_interruptions
      UNION ALL SELECT 'molecular_tests', count(*)::int, count(DISTINCT patient_id)::int, count(*) FILTER (WHERE status <> 'complete')::int FROM molecular_tests`);
    const by = Object.fromEntries(counts.map((r) => [String(r.t), r]));
    expect(by.visits).toMatchObject({ patients: 165, not_complete: 0 });
    expect(Number(by.visits?.n)).toBeGreaterThan(165 * 5);
    expect(by.dose_periods).toMatchObject({ patients: 165, not_complete: 0 });
    expect(by.molecular_tests).toMatchObject({ patients: 165 - 50, not_complete: 0 }); // 50 never tested for del(17p)
    expect(by.adverse_events?.not_complete).toBe(0);
    expect(Number(by.adverse_events?.patients)).toBeGreaterThan(60);
    const [reduced] = await rowsOf(sql`SELECT count(DISTINCT patient_id)::int AS n FROM dose_periods WHERE dose <> '420'`);
    expect(reduced?.n).toBe(23); // 14 % of 165
    const [held] = await rowsOf(sql`SELECT count(DISTINCT patient_id)::int AS n, count(DISTINCT patient_id) FILTER (WHERE end_date IS NOT NULL)::int AS restarted FROM dose_interruptions`);
    expect(held).toEqual({ n: 16, restarted: 4 }); // 10 %, a quarter of them restarted
    // Every record is complete by the dictionary's one definition of complete.
    const { db } = database;
    const tables = { visit: visits, 'adverse-event': adverseEvents, 'dose-period': dosePeriods, interruption: doseInterruptions, 'molecular-test': molecularTests } as const;
    const missing: string[] = [];
    for (const r of RECORDS) {
      for (const row of await db.select().from(tables[r.kind])) {
        for (const f of missingRequired(r.kind, row)) missing.push(`${r.kind} ${row.patientId}/${row.seq} ${f}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('keeps the follow-up as the last visit: no visit before the start or after the last contact, the vital status agrees', async () => {
    expect(await rowsOf(sql`
      SELECT p.code FROM visits x ${SPAN}
      GROUP BY p.code, f.last_contact_date, f.vital_status
      HAVING max(x.visit_date) IS DISTINCT FROM f.last_contact_date
          OR bool_or(x.visit_date = f.last_contact_date AND x.vital_status IS DISTINCT FROM f.vital_status)
          OR bool_or(x.visit_date < f.last_contact_date AND x.vital_status <> 'alive')
          OR bool_or(x.visit_date <= b.ibrutinib_start)`)).toEqual([]);
  });

  it('agrees with the recorded best response, the discontinuation and its progression', async () => {
    // Best of the visits' iwCLL responses = the response form's best response (NE where not evaluable).
    const rank = `CASE x.response WHEN 'CR' THEN 6 WHEN 'CRi' THEN 5 WHEN 'nPR' THEN 4 WHEN 'PR' THEN 3 WHEN 'PR-L' THEN 2 WHEN 'SD' THEN 1 WHEN 'PD' THEN 0 WHEN 'NE' THEN -1 END`;
    expect(await rowsOf(sql`
      SELECT p.code, r.best_response::text AS recorded, (array_agg(x.response::text ORDER BY ${sql.raw(rank)} DESC NULLS LAST))[1] AS visits
      FROM visits x ${SPAN} GROUP BY p.code, r.best_response
      HAVING (array_agg(x.response::text ORDER BY ${sql.raw(rank)} DESC NULLS LAST))[1] IS DISTINCT FROM r.best_response::text`)).toEqual([]);
    // The ibrutinib status follows the discontinuation; progression only with a discontinuation for it, and on its date.
    expect(await rowsOf(sql`
      SELECT p.code, x.seq FROM visits x ${SPAN}
      WHERE (x.ibrutinib_status = 'discontinued') IS DISTINCT FROM (d.last_dose_date IS NOT NULL AND x.visit_date >= d.last_dose_date)
         OR (x.progression AND NOT (d.reason = 'progression' AND x.visit_date >= d.last_dose_date) AND x.response IS DISTINCT FROM 'PD')
         OR (x.progression AND x.progression_type IS DISTINCT FROM coalesce(d.progression_type, 'CLL'))`)).toEqual([]);
    expect(await rowsOf(sql`
      SELECT p.code FROM discontinuation_forms d JOIN patients p ON p.id = d.patient_id
      WHERE d.reason = 'progression' AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.patient_id = d.patient_id AND v.progression AND v.visit_date = d.last_dose_date)`)).toEqual([]);
  });

  it('logs adverse events on treatment only, grade 5 only for the death it caused, each graded as CTCAE defines', async () => {
    expect(await rowsOf(sql`
      SELECT p.code, x.seq FROM adverse_events x ${SPAN}
      WHERE x.onset_date <= b.ibrutinib_start OR x.onset_date > coalesce(d.last_dose_date, f.last_contact_date)
         OR x.resolution_date > f.last_contact_date OR x.resolution_date < x.onset_date OR x.onset_date > f.death_date
         OR (x.grade = 5 AND (f.vital_status <> 'dead' OR x.action <> 'discontinued' OR x.outcome <> 'fatal'))
         OR (x.action = 'discontinued') IS DISTINCT FROM (x.seq = 1 AND d.reason IS NOT DISTINCT FROM 'adverse_event')`)).toEqual([]);
    const { db } = database;
    const badGrades = (await db.select().from(adverseEvents)).filter((a) => {
      const t = findTerm(a.term?.split(': ')[0] ?? '');
      return !t || a.grade === null || gradeDefinition(t, a.grade) === null;
    }).map((a) => `${a.patientId}/${a.seq} ${a.term} grade ${a.grade}`);
    // The published cohort's own discontinuation events are as published (an "Other, specify" term keeps its text).
    expect(badGrades.filter((b) => !/Other, specify/.test(b))).toEqual([]);
  });

  it('keeps dose changes and interruptions inside the time on drug, each linked to the adverse event that caused it', async () => {
    expect(await rowsOf(sql`
      SELECT p.code, x.seq FROM dose_periods x ${SPAN}
      LEFT JOIN adverse_events a ON a.patient_id = x.patient_id AND a.seq = x.adverse_event_seq
      WHERE (x.seq = 1 AND (x.start_date <> b.ibrutinib_start OR x.dose <> '420' OR x.reason IS NOT NULL))
         OR (x.seq > 1 AND (x.start_date <= b.ibrutinib_start OR x.start_date >= coalesce(d.last_dose_date, f.last_contact_date)
             OR x.reason <> 'adverse_event' OR a.action <> 'dose_reduced' OR a.onset_date > x.start_date))`)).toEqual([]);
    expect(await rowsOf(sql`
      SELECT p.code, x.seq FROM dose_interruptions x ${SPAN}
      LEFT JOIN adverse_events a ON a.patient_id = x.patient_id AND a.seq = x.adverse_event_seq
      WHERE x.start_date <= b.ibrutinib_start OR x.start_date >= coalesce(d.last_dose_date, f.last_contact_date)
         OR x.end_date >= coalesce(d.last_dose_date, f.last_contact_date)
         OR (x.end_date IS NULL AND d.reason IS DISTINCT FROM 'adverse_event')
         OR (x.reason = 'adverse_event') IS DISTINCT FROM (a.id IS NOT NULL)
         OR (x.end_date IS NULL AND a.action <> 'discontinued') OR (x.end_date IS NOT NULL AND a.action <> 'interrupted')`)).toEqual([]);
    // The visit dated inside an interruption says so.
    expect(await rowsOf(sql`
      SELECT v.patient_id, v.seq FROM visits v JOIN dose_interruptions i ON i.patient_id = v.patient_id
      WHERE v.visit_date >= i.start_date AND v.visit_date <= coalesce(i.end_date, 'infinity') AND v.ibrutinib_status NOT IN ('interrupted', 'discontinued')`)).toEqual([]);
  });

  it('dates the molecular tests before the start, the latest giving the baseline del(17p)', async () => {
    expect(await rowsOf(sql`
      SELECT p.code, b.del17p::text AS baseline, (array_agg(x.del17p::text ORDER BY x.sample_date DESC))[1] AS latest
      FROM molecular_tests x ${SPAN}
      GROUP BY p.code, b.del17p, b.ibrutinib_start
      HAVING bool_or(x.sample_date > b.ibrutinib_start) OR (array_agg(x.del17p::text ORDER BY x.sample_date DESC))[1] IS DISTINCT FROM b.del17p::text`)).toEqual([]);
    expect(await rowsOf(sql`SELECT x.patient_id FROM molecular_tests x JOIN baseline_forms b ON b.patient_id = x.patient_id WHERE b.del17p = 'not_tested' OR x.ighv IS NOT NULL`)).toEqual([]);
  });

  it('passes the course rules and gives, through the course derivations, the snapshot forms\' last contact, best response, progression, time on drug and baseline del(17p)', async () => {
    const { db } = database;
    const all = async <T extends { patientId: number }>(rows: Promise<T[]>) => {
      const by = new Map<number, T[]>();
      for (const r of await rows) by.set(r.patientId, [...(by.get(r.patientId) ?? []), r]);
      return by;
    };
    const one = async <T extends { patientId: number }>(rows: Promise<T[]>) => new Map((await rows).map((r) => [r.patientId, r]));
    const [base, disc, fu, resp, vis, aes, doses, breaks, tests] = await Promise.all([
      one(db.select().from(baselineForms)), one(db.select().from(discontinuationForms)), one(db.select().from(followUpForms)),
      one(db.select().from(responseForms)), all(db.select().from(visits)), all(db.select().from(adverseEvents)),
      all(db.select().from(dosePeriods)), all(db.select().from(doseInterruptions)), all(db.select().from(molecularTests)),
    ]);
    const problems: string[] = [];
    let reductions = 0;
    let interrupted = 0;
    for (const p of await db.select().from(patients)) {
      const b = base.get(p.id);
      const d = disc.get(p.id) ?? null;
      const f = fu.get(p.id) ?? null;
      if (!b || !f) throw new Error(`no forms for ${p.code}`);
      const c = deriveCourse({
        baseline: b, discontinuation: d, followUp: f, therapies: [], visits: vis.get(p.id) ?? [], adverseEvents: aes.get(p.id) ?? [],
        dosePeriods: doses.get(p.id) ?? [], interruptions: breaks.get(p.id) ?? [], molecularTests: tests.get(p.id) ?? [],
      });
      const recorded = resp.get(p.id)?.bestResponse ?? null;
      const check = (what: string, got: unknown, want: unknown) => { if (got !== want) problems.push(`${p.code} ${what}: ${String(got)} ≠ ${String(want)}`); };
      check('last contact', c.lastContact, f.lastContactDate);
      check('best response', c.bestResponse?.response ?? null, recorded === 'NE' ? null : recorded);
      check('progression', c.progression?.date ?? null, d?.reason === 'progression' ? d.lastDoseDate : recorded === 'PD' ? c.progression?.date : null);
      check('end of treatment', c.treatmentEnd, d?.lastDoseDate ?? f.lastContactDate);
      check('baseline del(17p)', c.baselineMolecular.del17p.value, b.del17p);
      check('baseline del(17p) from a test', c.baselineMolecular.del17p.source, b.del17p === 'not_tested' ? 'baseline' : 'test');
      if (c.relativeDoseIntensity === null || c.relativeDoseIntensity > 1 || c.relativeDoseIntensity < 0.3) problems.push(`${p.code} RDI ${c.relativeDoseIntensity}`);
      // The course rules the saves, the edit checks and the import apply (lib/validation/course-rules.ts).
      for (const i of checkCourseRules(
        { ibrutinibStart: b.ibrutinibStart, lastDoseDate: d?.lastDoseDate ?? null, vitalStatus: f.vitalStatus, deathDate: f.deathDate, deathCause: f.deathCause, deathContributingCauses: f.deathContributingCauses },
        { visit: vis.get(p.id) ?? [], 'adverse-event': aes.get(p.id) ?? [], 'dose-period': doses.get(p.id) ?? [], interruption: breaks.get(p.id) ?? [], 'molecular-test': tests.get(p.id) ?? [] },
        '2026-12-01',
      )) problems.push(`${p.code} ${i.form} ${i.seq ?? ''} ${i.field}: ${i.message}`);
      if (c.firstDoseReduction) reductions++;
      if (c.interruptions.count) interrupted++;
    }
    expect(problems).toEqual([]);
    expect([reductions, interrupted]).toEqual([23, 16]);
  });

  it('gives the benchmark cohort (other shapes: stops on the first day, PD as best response) courses that break no course rule', () => {
    const cohort = generatePatients(3000, 11);
    const aeStop = (p: (typeof cohort)[number]) => p.discontinuation?.reason === 'adverse_event' && p.discontinuation.adverseEvent !== null;
    const snap = new Map(cohort.map((p) => [p.id, { lastVisitSeq: 1, maxVisitSeq: 1, maxAdverseEventSeq: aeStop(p) ? 1 : 0, discontinuationAeSeq: aeStop(p) ? 1 : null }]));
    const plan = planCourse(cohort, snap, 11, { ...REAL_WORLD, visitEveryDays: 182 });
    const of = <T extends { patient: string }>(rows: T[]) => {
      const by = new Map<string, T[]>();
      for (const r of rows) by.set(r.patient, [...(by.get(r.patient) ?? []), r]);
      return (id: string) => by.get(id) ?? [];
    };
    const [vis, aes, doses, breaks, tests] = [of(plan.visits), of(plan.adverseEvents), of(plan.dosePeriods), of(plan.interruptions), of(plan.tests)];
    const problems: string[] = [];
    for (const p of cohort) {
      const d = p.discontinuation;
      // What course_from_snapshot gives (visit 1, logged AE 1), then the plan.
      const visit1 = {
        seq: 1, visitDate: p.lastContactDate, progression: d?.reason === 'progression', progressionType: d?.reason === 'progression' ? d.progressionType : null,
        ibrutinibStatus: d ? 'discontinued' : 'full_dose', vitalStatus: p.vitalStatus,
      };
      const ae1 = aeStop(p) && d?.adverseEvent ? [{ seq: 1, term: d.adverseEvent.term, grade: d.adverseEvent.grade, onsetDate: null, action: 'discontinued' }] : [];
      const issues = checkCourseRules(
        { ibrutinibStart: p.ibrutinibStart, lastDoseDate: d?.date ?? null, vitalStatus: p.vitalStatus, deathDate: p.deathDate, deathCause: p.deathCause, deathContributingCauses: null },
        // The planned rows are keyed by value key, as the rules read stored rows.
        { visit: [visit1, ...vis(p.id)], 'adverse-event': [...ae1, ...aes(p.id)], 'dose-period': doses(p.id), interruption: breaks(p.id), 'molecular-test': tests(p.id) } as unknown as CourseRecords,
        '2026-12-01',
      );
      // The generator's own snapshot (a random grade 5 beside a random cause of death) is not the course's to answer for.
      for (const i of issues) if (!(i.form === 'adverse-event' && i.seq === 1 && ae1.length) && i.seq !== null) problems.push(`${p.id} ${i.form} ${i.seq} ${i.field}: ${i.message}`);
    }
    expect(problems).toEqual([]);
    expect(plan.visits.length).toBeGreaterThan(3000 * 2);
    expect(new Set(plan.dosePeriods.filter((x) => x.dose !== '420').map((x) => x.patient)).size).toBe(Math.round(3000 * 0.14));
  });

  it('leaves the edit checks nothing to report, the course\'s own and its agreement with the snapshot forms included', async () => {
    const { db } = database;
    const [coord] = await db.select().from(users).where(eq(users.email, 'coordinator@demo.cll-registry.org'));
    if (!coord) throw new Error('no coordinator');
    const report = await editCheckReport(db, principal(coord), null, '2026-12-01');
    expect(report.rows).toEqual([]);
  });

  it('is the same course at every start (fixed seed)', () => {
    const cohort = readDemoCohort().patients;
    const snap = new Map(cohort.map((p) => [p.id, {
      lastVisitSeq: 1, maxVisitSeq: 1, maxAdverseEventSeq: p.discontinuation?.reason === 'adverse_event' ? 1 : 0,
      discontinuationAeSeq: p.discontinuation?.reason === 'adverse_event' ? 1 : null,
    }]));
    expect(planCourse(cohort, snap)).toEqual(planCourse(cohort, snap));
    expect(planCourse(cohort, snap, 1)).not.toEqual(planCourse(cohort, snap));
  });
});
