/**
 * The Course dashboard's analyses on a seeded demo database: the course query and the derivation
 * agree with the database (last contact, progression events), a record entered in error changes
 * nothing, new course records move exactly the numbers they should, and an investigator's course
 * data holds only their centre. Expectations are computed from the data, not fixed counts, so a
 * richer demo course does not break them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { adverseEvents, dosePeriods, molecularTests, patients, users, visits } from '@/db/schema';
import { seedDemo } from '@/db/seed/seed-demo';
import { coursePatients, courseInputOf, NO_RECORDS } from '@/lib/analysis/course';
import { courseView, exportCourseCsv } from '@/lib/analysis/course-views';
import { isoOfDay, parseIsoDay } from '@/lib/analysis/dates';
import { parseDashboardQuery } from '@/lib/analysis/params';
import { applyCutoff } from '@/lib/analysis/population';
import { deriveCourse } from '@/lib/course/derive';
import type { Principal } from '@/lib/auth/permissions';
import { readAnalysisDataset } from '@/lib/services/analysis/read-analysis-dataset';
import { readCourseRecords } from '@/lib/services/analysis/read-course-records';
import { principal } from './helpers/fixtures';
import { testDbFactory, type TestDbFactory } from './helpers/test-db';

let factory: TestDbFactory;
let database: Database;
let coordinator: Principal;
let investigator: Principal;

const PAPER = '2017-06-30';
const q = (sp: Record<string, string> = {}) => parseDashboardQuery({ cutoff: PAPER, ...sp }, { population: 'all' });

async function view(sp: Record<string, string> = {}, user: Principal = coordinator) {
  const rows = await readAnalysisDataset(database.db, user);
  const records = await readCourseRecords(database.db, user);
  return courseView(rows, records, q(sp), 'any');
}

const events = (v: Awaited<ReturnType<typeof view>>, k: keyof typeof v.km) => v.km[k].result.groups.reduce((a, g) => a + g.events, 0);

beforeAll(async () => {
  factory = await testDbFactory();
  database = await factory.fresh();
  await seedDemo(database);
  const byEmail = async (email: string) => {
    const [u] = await database.db.select().from(users).where(eq(users.email, email));
    if (!u) throw new Error(`no ${email}`);
    return principal(u);
  };
  coordinator = await byEmail('coordinator@demo.cll-registry.org');
  investigator = await byEmail('investigator.pl01@demo.cll-registry.org');
}, 120_000);
afterAll(async () => { await factory.dispose(); });

describe('course analyses on the demo cohort', () => {
  it('last contact: the dataset (SQL) and lib/course give the same date, and on the demo it is the follow-up date', async () => {
    const rows = await readAnalysisDataset(database.db, coordinator);
    const records = await readCourseRecords(database.db, coordinator);
    const fu = (await database.db.execute(sql`SELECT patient_id AS id, (last_contact_date - DATE '1970-01-01') AS d FROM follow_up_forms`)) as unknown as { rows: { id: number; d: number | null }[] };
    const followUp = new Map(fu.rows.map((r) => [Number(r.id), r.d === null ? null : Number(r.d)]));
    for (const row of rows) {
      const derived = deriveCourse(courseInputOf({ ...row, lastContact: followUp.get(row.patientId) ?? null }, records.get(row.patientId) ?? NO_RECORDS));
      expect([row.code, row.lastContact]).toEqual([row.code, derived.lastContact === null ? null : parseIsoDay(derived.lastContact)]);
      // Migrated and seeded visits are never later than the follow-up's last contact: the existing dashboards keep their numbers.
      expect([row.code, row.lastContact]).toEqual([row.code, followUp.get(row.patientId) ?? null]);
    }
  });

  it('PFS events are the patients with a progression or a death by the cut-off (counted in SQL)', async () => {
    const res = (await database.db.execute(sql`
      SELECT count(*)::int AS n FROM patients p
      JOIN baseline_forms b ON b.patient_id = p.id
      LEFT JOIN discontinuation_forms d ON d.patient_id = p.id
      LEFT JOIN follow_up_forms f ON f.patient_id = p.id
      WHERE p.status <> 'entered_in_error' AND b.ibrutinib_start <= ${PAPER}::date AND (
        EXISTS (SELECT 1 FROM visits v WHERE v.patient_id = p.id AND NOT v.entered_in_error AND v.progression AND v.visit_date <= ${PAPER}::date)
        OR (d.reason = 'progression' AND d.last_dose_date <= ${PAPER}::date)
        OR f.death_date <= ${PAPER}::date)`)) as unknown as { rows: { n: number }[] };
    const v = await view();
    expect(events(v, 'pfs')).toBe(Number(res.rows[0]?.n));
    expect(events(v, 'pfs')).toBeGreaterThan(0);
    expect(v.km.pfs.result.n).toBe(v.n);
  });

  it('every number matches the course derived patient by patient (AE rates: events and exposure)', async () => {
    const rows = await readAnalysisDataset(database.db, coordinator);
    const records = await readCourseRecords(database.db, coordinator);
    const query = q();
    const ps = coursePatients(applyCutoff(rows, query.cutoff), records, query.cutoff);
    const v = courseView(rows, records, query, 'any');
    const any = v.rates.find((r) => r.category === 'any');
    let n = 0;
    let days = 0;
    for (const p of ps) {
      const end = p.discAt ?? p.endAt;
      days += end - p.start;
      n += p.course.adverseEvents.filter((e) => (e.grade ?? 0) >= 3 && e.onsetDate !== null
        && (parseIsoDay(e.onsetDate) ?? 0) >= p.start && (parseIsoDay(e.onsetDate) ?? 0) <= end).length;
    }
    expect(any?.events).toBe(n);
    expect(any?.patientYears).toBeCloseTo(days / 365.25, 9);
  });
});

describe('course records change exactly what they should', () => {
  it('a progression visit, a grade 3 AE and a dose reduction count; marked entered in error they count no more', async () => {
    const cutoff = isoOfDay(Math.floor(Date.now() / 86_400_000));
    // A patient on ibrutinib, alive, without a progression or a dose other than 420 mg.
    const cand = (await database.db.execute(sql`
      SELECT p.id, p.code, b.ibrutinib_start::text AS start,
             (SELECT count(*)::int FROM dose_periods d WHERE d.patient_id = p.id) AS periods
      FROM patients p JOIN baseline_forms b ON b.patient_id = p.id
      JOIN follow_up_forms f ON f.patient_id = p.id
      WHERE p.status <> 'entered_in_error' AND f.vital_status = 'alive' AND f.last_contact_date > b.ibrutinib_start + 200
        AND NOT EXISTS (SELECT 1 FROM discontinuation_forms d WHERE d.patient_id = p.id)
        AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.patient_id = p.id AND v.progression)
        AND NOT EXISTS (SELECT 1 FROM dose_periods d WHERE d.patient_id = p.id AND d.dose <> '420')
      ORDER BY p.id LIMIT 1`)) as unknown as { rows: { id: number; code: string; start: string; periods: number }[] };
    const target = cand.rows[0];
    if (!target) throw new Error('no patient on ibrutinib without course events in the demo cohort');
    const start = parseIsoDay(target.start) ?? 0;
    const day = (n: number) => isoOfDay(start + n);
    const before = await view({ cutoff });
    const maxSeq = async (t: typeof visits | typeof adverseEvents | typeof dosePeriods) =>
      Number(((await database.db.select({ m: sql<number>`coalesce(max(${t.seq}), 0)` }).from(t).where(eq(t.patientId, target.id)))[0])?.m ?? 0);
    const vSeq = (await maxSeq(visits)) + 1;
    const aSeq = (await maxSeq(adverseEvents)) + 1;
    const dSeq = (await maxSeq(dosePeriods)) + 1;
    const hadDose = Number(target.periods) > 0;
    await database.db.transaction(async (tx) => {
      await setAuditContext(tx, { id: coordinator.id, label: 'test' }, 'course analysis test');
      await tx.insert(visits).values({ patientId: target.id, seq: vSeq, visitDate: day(100), progression: true, progressionType: 'CLL', ibrutinibStatus: 'full_dose', vitalStatus: 'alive' });
      await tx.insert(adverseEvents).values({ patientId: target.id, seq: aSeq, term: 'Atrial fibrillation', soc: 'Cardiac disorders', grade: 3, onsetDate: day(50), action: 'dose_reduced' });
      // 420 mg from the start (unless recorded already), then 280 mg from day 60: the first reduction.
      await tx.insert(dosePeriods).values([
        ...(hadDose ? [] : [{ patientId: target.id, seq: dSeq + 1, startDate: day(0), dose: '420' as const }]),
        { patientId: target.id, seq: dSeq, startDate: day(60), dose: '280', reason: 'adverse_event', adverseEventSeq: aSeq },
      ]);
    });
    const after = await view({ cutoff });
    expect(events(after, 'pfs')).toBe(events(before, 'pfs') + 1);
    expect(events(after, 'dose_reduction')).toBe(events(before, 'dose_reduction') + 1);
    expect(after.km.dose_reduction.result.n).toBe(before.km.dose_reduction.result.n + (hadDose ? 0 : 1));
    const rate = (v: typeof before, c: string) => v.rates.find((r) => r.category === c);
    expect(rate(after, 'arrhythmia')?.events).toBe((rate(before, 'arrhythmia')?.events ?? 0) + 1);
    expect(rate(after, 'any')?.events).toBe((rate(before, 'any')?.events ?? 0) + 1);
    expect(rate(after, 'any')?.patientYears).toBeCloseTo(rate(before, 'any')?.patientYears ?? 0, 9);

    await database.db.transaction(async (tx) => {
      await setAuditContext(tx, { id: coordinator.id, label: 'test' }, 'entered in error (test)');
      await tx.update(visits).set({ enteredInError: true }).where(and(eq(visits.patientId, target.id), eq(visits.seq, vSeq)));
      await tx.update(adverseEvents).set({ enteredInError: true }).where(and(eq(adverseEvents.patientId, target.id), eq(adverseEvents.seq, aSeq)));
      await tx.update(dosePeriods).set({ enteredInError: true }).where(and(eq(dosePeriods.patientId, target.id), sql`${dosePeriods.seq} >= ${dSeq}`));
    });
    const back = await view({ cutoff });
    expect(back.km).toEqual(before.km);
    expect(back.rates).toEqual(before.rates);
    expect(back.tables).toEqual(before.tables);
  });
});

describe('the dataset follows the course: last contact and the baseline markers', () => {
  const baselineMarkers = async () => {
    const res = (await database.db.execute(sql`SELECT patient_id AS id, del17p::text, tp53::text, ighv::text FROM baseline_forms`)) as unknown as
      { rows: { id: number; del17p: string | null; tp53: string | null; ighv: string | null }[] };
    return new Map(res.rows.map((r) => [Number(r.id), r]));
  };

  it('on the demo, del(17p), TP53 and IGHV are the baseline form\'s (Table 1 and the groupings keep their numbers) and lib/course agrees', async () => {
    const rows = await readAnalysisDataset(database.db, coordinator);
    const records = await readCourseRecords(database.db, coordinator);
    const forms = await baselineMarkers();
    for (const row of rows) {
      const f = forms.get(row.patientId);
      expect([row.code, row.del17p, row.tp53, row.ighv]).toEqual([row.code, f?.del17p ?? null, f?.tp53 ?? null, f?.ighv ?? null]);
      const input = courseInputOf({ ...row, del17p: (f?.del17p ?? null) as typeof row.del17p, tp53: (f?.tp53 ?? null) as typeof row.tp53, ighv: (f?.ighv ?? null) as typeof row.ighv },
        records.get(row.patientId) ?? NO_RECORDS);
      const m = deriveCourse(input).baselineMolecular;
      expect([row.code, m.del17p.value, m.tp53.value, m.ighv.value]).toEqual([row.code, row.del17p, row.tp53, row.ighv]);
    }
  });

  it('a test before the start sets the marker, a later one does not, one entered in error no more; a later visit extends the last contact', async () => {
    const [row] = (await readAnalysisDataset(database.db, coordinator)).filter((r) => r.deathDate === null && r.del17p !== 'present' && r.start !== null);
    if (!row || row.start === null || row.lastContact === null) throw new Error('no living patient without del(17p)');
    const id = row.patientId;
    const seq = async (t: typeof visits | typeof molecularTests) =>
      Number(((await database.db.select({ m: sql<number>`coalesce(max(${t.seq}), 0)` }).from(t).where(eq(t.patientId, id)))[0])?.m ?? 0) + 1;
    const tSeq = await seq(molecularTests);
    const vSeq = await seq(visits);
    const read = async () => (await readAnalysisDataset(database.db, coordinator)).find((r) => r.patientId === id);
    await database.db.transaction(async (tx) => {
      await setAuditContext(tx, { id: coordinator.id, label: 'test' }, 'course dataset test');
      await tx.insert(molecularTests).values([
        { patientId: id, seq: tSeq, sampleDate: isoOfDay((row.start ?? 0) - 10), del17p: 'present', tp53: 'not_tested' },
        { patientId: id, seq: tSeq + 1, sampleDate: isoOfDay((row.start ?? 0) + 10), del17p: 'absent' },
      ]);
      await tx.insert(visits).values({ patientId: id, seq: vSeq, visitDate: isoOfDay((row.lastContact ?? 0) + 30), progression: false, ibrutinibStatus: 'full_dose', vitalStatus: 'alive' });
    });
    const after = await read();
    expect(after?.del17p).toBe('present');
    expect(after?.tp53).toBe(row.tp53);
    expect(after?.lastContact).toBe((row.lastContact ?? 0) + 30);
    await database.db.transaction(async (tx) => {
      await setAuditContext(tx, { id: coordinator.id, label: 'test' }, 'entered in error (test)');
      await tx.update(molecularTests).set({ enteredInError: true }).where(and(eq(molecularTests.patientId, id), eq(molecularTests.seq, tSeq)));
      await tx.update(visits).set({ enteredInError: true }).where(and(eq(visits.patientId, id), eq(visits.seq, vSeq)));
    });
    const back = await read();
    expect([back?.del17p, back?.lastContact]).toEqual([row.del17p, row.lastContact]);
  });
});

describe('centre scope (investigator PL-01)', () => {
  it('course records only of PL-01 patients; the CSV download is built from them', async () => {
    const records = await readCourseRecords(database.db, investigator);
    const pl01 = await database.db.select({ id: patients.id }).from(patients)
      .where(sql`${patients.centreId} = (SELECT id FROM centres WHERE code = 'PL-01')`);
    const allowed = new Set(pl01.map((p) => p.id));
    expect(records.size).toBeGreaterThan(0);
    expect([...records.keys()].filter((id) => !allowed.has(id))).toEqual([]);
    const rows = await readAnalysisDataset(database.db, investigator);
    const v = courseView(rows, records, q(), 'any');
    expect(v.n).toBe(rows.length);
    const { filename, csv } = exportCourseCsv(rows, records, q(), 'any', 'ae-rates');
    expect(filename).toBe(`course-ae-rates-cutoff-${PAPER}.csv`);
    expect(csv).toContain('per 100 patient-years');
    expect(csv).toContain('Garwood');
  });
});
