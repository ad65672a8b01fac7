/**
 * The course endpoints against R on a generated data set (test/reference/course, written by
 * make-expected.R there): R derives every patient's PFS, TTNT, time to first dose reduction, AE
 * competing-risk observation and exposure from the raw records with its own code, then runs
 * survival::survfit / survdiff, cmprsk::cuminc and poisson.test. Here the same raw records go
 * through lib/course and lib/analysis: every observation must be equal, every number within 1e-9.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aeCifAnalysis, aeCompetingObservation, onDrugEnd } from './course-ae';
import { coursePatients, type CourseRecords } from './course';
import { observeCourse, type CourseEndpoint } from './course-endpoints';
import { courseView } from './course-views';
import { emptyRow } from './dataset';
import { daysToMonths, isoOfDay, parseIsoDay } from './dates';
import { parseDashboardQuery } from './params';
import { applyCutoff } from './population';
import type { CohortRow } from './types';

const DIR = path.join(process.cwd(), 'test/reference/course');
type Rec = Record<string, string>;

function readCsv(name: string): Rec[] {
  const [head, ...lines] = fs.readFileSync(path.join(DIR, name), 'utf8').trim().split('\n');
  const cols = (head ?? '').split(',').map((c) => c.replace(/"/g, ''));
  return lines.map((l) => {
    const cells = l.split(',').map((c) => c.replace(/"/g, ''));
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
}
const num = (s: string | undefined): number | null => (s === undefined || s === '' || s === 'NA' ? null : Number(s));
const date = (s: string | undefined): string | null => (s ? s : null);
const rel = (a: number | null, b: number | null): number =>
  a === null || b === null ? (a === b ? 0 : Infinity) : a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

// ---- The raw records as the dataset query and the course query would give them ----
const patientsCsv = readCsv('patients.csv');
const visitsCsv = readCsv('visits.csv');
const records = new Map<number, CourseRecords>();
const rows: CohortRow[] = patientsCsv.map((p, i) => {
  const id = i + 1;
  const vs = visitsCsv.filter((v) => v.id === p.id);
  const rec: CourseRecords = {
    visits: vs.map((v) => ({
      seq: Number(v.seq), enteredInError: v.in_error === '1', visitDate: date(v.visit_date), response: null,
      progression: v.progression === '1', progressionType: v.progression === '1' ? 'CLL' : null,
    })),
    therapies: readCsv('therapies.csv').filter((t) => t.id === p.id).map((t) => ({ startDate: date(t.start_date) })),
    adverseEvents: readCsv('aes.csv').filter((a) => a.id === p.id).map((a) => ({
      seq: Number(a.seq), enteredInError: a.in_error === '1', term: a.term ?? null, soc: a.soc ?? null, grade: num(a.grade),
      onsetDate: date(a.onset_date), action: 'none' as const,
    })),
    dosePeriods: readCsv('doses.csv').filter((d) => d.id === p.id).map((d) => ({
      seq: Number(d.seq), enteredInError: false, startDate: date(d.start_date), dose: d.dose as '420' | '280' | '140',
      doseOtherMg: null, reason: null, adverseEventSeq: null,
    })),
    interruptions: [], molecularTests: [],
  };
  records.set(id, rec);
  // Last contact as the dataset query computes it: the latest of the follow-up and the visits (not in error).
  const contacts = [p.last_contact, ...vs.filter((v) => v.in_error !== '1').map((v) => v.visit_date)].map((d) => parseIsoDay(d ?? '') ?? 0);
  return {
    ...emptyRow(), patientId: id, code: p.id ?? '', centreCode: 'XX-01', sex: p.sex as 'male' | 'female',
    start: parseIsoDay(p.start ?? ''), discontinued: Boolean(p.disc_date), discDate: p.disc_date ? parseIsoDay(p.disc_date) : null,
    discReason: (p.disc_reason || null) as CohortRow['discReason'], progressionType: p.disc_reason === 'progression' ? 'CLL' : null,
    deathDate: p.death_date ? parseIsoDay(p.death_date) : null, lastContact: Math.max(...contacts),
  };
});

const q = parseDashboardQuery({ cutoff: '2016-12-31', group: 'sex' }, { population: 'all', now: new Date('2026-01-01T00:00:00Z') });
const ps = coursePatients(applyCutoff(rows, q.cutoff), records, q.cutoff);
const expected = new Map(readCsv('observations.csv').map((o) => [o.id, o]));

describe('course endpoints: the observations equal R’s, patient by patient', () => {
  it('uses every generated patient at the cut-off', () => {
    expect(isoOfDay(q.cutoff)).toBe('2016-12-31');
    expect(ps).toHaveLength(150);
  });

  const pairs: [CourseEndpoint, string][] = [['pfs', 'pfs'], ['ttnt', 'ttnt'], ['dose_reduction', 'dr']];
  it.each(pairs)('%s', (endpoint, col) => {
    const diffs: string[] = [];
    for (const p of ps) {
      const o = observeCourse(p, endpoint);
      const e = expected.get(p.row.code);
      const mine = typeof o === 'string' ? [null, null] : [o.time, o.status];
      const theirs = [num(e?.[`${col}_time`]), num(e?.[`${col}_status`])];
      if (mine[0] !== theirs[0] || mine[1] !== theirs[1]) diffs.push(`${p.row.code}: ${JSON.stringify(mine)} vs R ${JSON.stringify(theirs)}`);
    }
    expect(diffs).toEqual([]);
  });

  it.each(['infection', 'any'] as const)('first grade ≥ 3 %s event with competing discontinuation and death; exposure', (cat) => {
    const diffs: string[] = [];
    for (const p of ps) {
      const o = aeCompetingObservation(p, cat);
      const e = expected.get(p.row.code);
      const mine = o ? [o.time, o.cause] : [null, null];
      const theirs = [num(e?.[`${cat}_time`]), num(e?.[`${cat}_cause`])];
      if (mine[0] !== theirs[0] || mine[1] !== theirs[1]) diffs.push(`${p.row.code}: ${JSON.stringify(mine)} vs R ${JSON.stringify(theirs)}`);
      if (Math.max(0, onDrugEnd(p) - p.start) !== num(e?.exposure_days)) diffs.push(`${p.row.code}: exposure`);
    }
    expect(diffs).toEqual([]);
  });
});

describe('course statistics equal R (1e-9)', () => {
  const v = courseView(rows, records, q, 'infection');
  const km = readCsv('km.csv');
  const curves = readCsv('km-curves.csv');
  const KEY: Record<string, CourseEndpoint> = { pfs: 'pfs', ttnt: 'ttnt', dr: 'dose_reduction' };

  it.each(Object.keys(KEY))('Kaplan–Meier %s by sex: n, events, median with CI, curve, log-rank p', (e) => {
    const r = v.km[KEY[e] as CourseEndpoint].result;
    const exp = km.filter((k) => k.endpoint === e);
    expect(r.groups.map((g) => g.label.toLowerCase())).toEqual(exp.map((k) => k.group));
    for (const [i, g] of r.groups.entries()) {
      const k = exp[i] as Rec;
      expect([g.n, g.events]).toEqual([num(k.n), num(k.events)]);
      const m = (x: string | undefined) => { const d = num(x); return d === null ? null : daysToMonths(d); };
      expect(rel(g.median.est, m(k.median))).toBeLessThanOrEqual(1e-9);
      expect(rel(g.median.lower, m(k.lower))).toBeLessThanOrEqual(1e-9);
      expect(rel(g.median.upper, m(k.upper))).toBeLessThanOrEqual(1e-9);
      const c = curves.filter((x) => x.endpoint === e && x.group === k.group);
      expect(g.time.slice(1).length).toBe(c.length);
      c.forEach((x, j) => {
        expect(rel(g.time[j + 1] ?? null, daysToMonths(Number(x.time)))).toBeLessThanOrEqual(1e-9);
        expect(rel(g.surv[j + 1] ?? null, Number(x.surv))).toBeLessThanOrEqual(1e-9);
      });
    }
    expect(rel(r.logRank?.p ?? null, num(exp[0]?.logrank_p))).toBeLessThanOrEqual(1e-9);
  });

  it.each(['infection', 'any'] as const)('cumulative incidence (%s) by sex: curves and Gray’s test', (cat) => {
    const r = cat === 'infection' ? v.aeCif : aeCifAnalysis(ps, 'any', 'sex');
    const cif = readCsv('cif.csv').filter((c) => c.category === cat);
    expect(r.lines.length).toBe(4);
    for (const l of r.lines) {
      const cause = l.cause === 'Discontinuation' ? 2 : 1;
      const exp = cif.filter((c) => c.group === l.group.toLowerCase() && Number(c.cause) === cause);
      expect(l.est.length).toBe(exp.length);
      exp.forEach((x, j) => {
        expect(rel(l.time[j] ?? null, daysToMonths(Number(x.time)))).toBeLessThanOrEqual(1e-9);
        expect(Math.abs((l.est[j] ?? NaN) - Number(x.est))).toBeLessThanOrEqual(1e-9);
      });
    }
    const g = readCsv('gray.csv').find((x) => x.category === cat && x.cause === '1');
    expect(rel(r.gray?.[0]?.stat ?? null, num(g?.stat))).toBeLessThanOrEqual(1e-6);
    expect(rel(r.gray?.[0]?.p ?? null, num(g?.p))).toBeLessThanOrEqual(1e-6);
  });

  it('AE rates per 100 patient-years with exact Poisson CIs', () => {
    for (const x of readCsv('rates.csv')) {
      const r = v.rates.find((y) => y.category === x.category);
      expect([x.category, r?.events]).toEqual([x.category, num(x.events)]);
      expect(rel(r?.patientYears ?? null, num(x.patient_years))).toBeLessThanOrEqual(1e-9);
      expect(rel(r?.rate ?? null, num(x.rate))).toBeLessThanOrEqual(1e-9);
      expect(rel(r?.lower ?? null, num(x.lower))).toBeLessThanOrEqual(1e-9);
      expect(rel(r?.upper ?? null, num(x.upper))).toBeLessThanOrEqual(1e-9);
    }
  });
});
