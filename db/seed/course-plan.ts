/**
 * A fictional but clinically coherent ibrutinib course for each demo (or benchmark) patient, drawn
 * from a fixed seed so every start gives the same data. Pure: patients and the course the snapshot
 * forms already gave them (course_from_snapshot: the follow-up's last contact as a visit, the
 * discontinuation's adverse event as a logged one) in, rows out; insert-course.ts writes them.
 *
 * Nothing here may contradict the snapshot forms the published figures come from:
 * - visits every ~3 months from the start, all before the last contact (which stays the last visit);
 *   the iwCLL responses never exceed the recorded best response and reach it on treatment; a
 *   progression visit on the date of a discontinuation for progression, none for anyone else;
 * - adverse events start on treatment (before the last dose) and resolve by the last contact; all are
 *   grade 1–4 (the only grade 5 events are the discontinuation events that caused the death);
 *   none has the action "discontinued" (that action names the cause of the discontinuation);
 * - 420 mg from the start; reductions to 280 and 140 mg (about 14 % of patients), each for a logged
 *   adverse event; temporary interruptions (about 10 %), a quarter restarted, the rest ending in the
 *   discontinuation for an adverse event, all inside the time on drug;
 * - molecular tests dated before the start whose latest gives the baseline del(17p) (and TP53 when
 *   the record has one); IGHV is unknown in the published cohort, so no test reports it.
 */
import type { CohortPatient } from './cohort-types';
import { BACKGROUND, INFECTIONS, INTERRUPTING, REDUCING, type AeKind } from './course-events';

/** The PRNG of the synthetic cohorts (mulberry32): deterministic U(0,1) draws from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY_MS = 86_400_000;
export const dayOf = (iso: string): number => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
export const isoOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

type Status = 'complete';
type Response = 'CR' | 'CRi' | 'nPR' | 'PR' | 'PR-L' | 'SD' | 'PD' | 'NE';
type IbrutinibStatus = 'full_dose' | 'reduced_dose' | 'interrupted' | 'discontinued';

export interface PlannedVisit {
  patient: string; seq: number; visitDate: string; ecog: number | null; response: Response | null; progression: boolean;
  progressionType: 'CLL' | 'RT' | null; ibrutinibStatus: IbrutinibStatus; vitalStatus: 'alive'; status: Status;
}
/** The visit course_from_snapshot made from the follow-up, completed with what the course knows at that date. */
export interface LastVisitUpdate { patient: string; seq: number; ecog: number | null; response: Response | null; ibrutinibStatus: IbrutinibStatus }
export interface PlannedAdverseEvent {
  patient: string; seq: number; term: string; soc: string; grade: number; onsetDate: string; ongoing: boolean;
  resolutionDate: string | null; serious: boolean; relation: 'unlikely' | 'possible' | 'probable';
  action: 'none' | 'interrupted' | 'dose_reduced'; outcome: 'recovered' | 'recovering' | 'not_recovered'; status: Status;
}
export interface PlannedDosePeriod {
  patient: string; seq: number; startDate: string; dose: '420' | '280' | '140'; reason: 'adverse_event' | null; adverseEventSeq: number | null; status: Status;
}
export interface PlannedInterruption {
  patient: string; seq: number; startDate: string; endDate: string | null; reason: 'adverse_event' | 'procedure';
  adverseEventSeq: number | null; status: Status;
}
export interface PlannedTest {
  patient: string; seq: number; sampleDate: string; del17p: 'present' | 'absent' | null; tp53: 'mutated' | 'unmutated' | null;
  del11q: 'present' | 'absent' | null; complexKaryotype: 'complex' | 'not_complex' | null; status: Status;
}
export interface PlannedCourse {
  visits: PlannedVisit[]; lastVisits: LastVisitUpdate[]; adverseEvents: PlannedAdverseEvent[]; dosePeriods: PlannedDosePeriod[];
  interruptions: PlannedInterruption[]; tests: PlannedTest[];
}

/** What the snapshot already gave a patient: its visit (the last contact) and, after a discontinuation for an AE, that logged AE. */
export interface SnapshotCourse { lastVisitSeq: number | null; maxVisitSeq: number; maxAdverseEventSeq: number; discontinuationAeSeq: number | null }

/** A patient of the cohort file, with the TP53 result the benchmark cohort also carries. */
export type CoursePatient = CohortPatient & { tp53?: 'mutated' | 'unmutated' | 'not_tested' | null };

/** Order of the iwCLL categories the snapshot's best response uses, worst first. */
const RANK: Record<string, number> = { PD: 0, SD: 1, 'PR-L': 2, PR: 3, nPR: 4, CRi: 5, CR: 6 };
const CLIMB: readonly Response[] = ['SD', 'PR-L', 'PR', 'CR'];

interface Window { from: number; to: number | null; dose?: '280' | '140'; interrupted?: boolean }

/** Picks `n` distinct items, deterministically for a given stream. */
function sample<T>(r: () => number, xs: readonly T[], n: number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a.slice(0, Math.max(0, n));
}

export interface CourseRates { doseReduction: number; interruption: number; restartedShare: number; aesPerYear: number; visitEveryDays: number }
/** Real-world ibrutinib (issue 15): ~14 % dose reductions, ~10 % temporary stops of which a quarter restarted; visits every 3 months. */
export const REAL_WORLD: CourseRates = { doseReduction: 0.14, interruption: 0.10, restartedShare: 0.25, aesPerYear: 0.45, visitEveryDays: 91 };

export function planCourse(
  patients: readonly CoursePatient[], snapshot: ReadonlyMap<string, SnapshotCourse>, seed = 20170630, rates: CourseRates = REAL_WORLD,
): PlannedCourse {
  const r = mulberry32(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const between = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const out: PlannedCourse = { visits: [], lastVisits: [], adverseEvents: [], dosePeriods: [], interruptions: [], tests: [] };

  const span = (p: CoursePatient) => {
    const start = dayOf(p.ibrutinibStart);
    const last = dayOf(p.lastContactDate);
    const disc = p.discontinuation ? dayOf(p.discontinuation.date) : null;
    return { start, last, disc, end: disc ?? last };
  };
  // Who gets which change of treatment: disjoint groups, drawn once for the cohort.
  const n = patients.length;
  const stopped = patients.filter((p) => p.discontinuation?.reason === 'adverse_event' && snapshot.get(p.id)?.discontinuationAeSeq != null
    && span(p).end - span(p).start >= 21);
  const notRestarted = new Set(sample(r, stopped, Math.round(n * rates.interruption * (1 - rates.restartedShare))).map((p) => p.id));
  const long = patients.filter((p) => !notRestarted.has(p.id) && span(p).end - span(p).start >= 150);
  const restarted = new Set(sample(r, long, Math.round(n * rates.interruption * rates.restartedShare)).map((p) => p.id));
  const reduced = new Set(sample(r, long.filter((p) => !restarted.has(p.id)), Math.round(n * rates.doseReduction)).map((p) => p.id));

  for (const p of patients) {
    const snap = snapshot.get(p.id) ?? { lastVisitSeq: null, maxVisitSeq: 0, maxAdverseEventSeq: 0, discontinuationAeSeq: null };
    const { start, last, disc, end } = span(p);
    const T = end - start;
    const windows: Window[] = [];
    const events: Omit<PlannedAdverseEvent, 'seq'>[] = [];
    const doses: Omit<PlannedDosePeriod, 'seq'>[] = [{ patient: p.id, startDate: p.ibrutinibStart, dose: '420', reason: null, adverseEventSeq: null, status: 'complete' }];
    const breaks: (Omit<PlannedInterruption, 'seq' | 'adverseEventSeq'> & { ae: number | null })[] = [];

    const addEvent = (kind: AeKind, onset: number, action: PlannedAdverseEvent['action'], resolvedBy?: number): number => {
      const grade = pick(kind.grades);
      const resolved = Math.min(resolvedBy ?? Infinity, onset + between(kind.days[0], kind.days[1]));
      const ongoing = resolved > last;
      events.push({
        patient: p.id, term: kind.term, soc: kind.soc, grade, onsetDate: isoOf(onset), ongoing, resolutionDate: ongoing ? null : isoOf(resolved),
        serious: grade >= 3 && (kind.soc === INFECTIONS || grade === 4), relation: kind.relation, action,
        outcome: ongoing ? (grade >= 3 ? 'not_recovered' : 'recovering') : 'recovered', status: 'complete',
      });
      return events.length - 1; // index; seqs are given in onset order below
    };

    if (reduced.has(p.id)) {
      const onset = start + between(30, T - 100);
      const at = Math.min(end - 60, onset + between(3, 12));
      windows.push({ from: at, to: null, dose: '280' });
      doses.push({ patient: p.id, startDate: isoOf(at), dose: '280', reason: 'adverse_event', adverseEventSeq: addEvent(pick(REDUCING), onset, 'dose_reduced'), status: 'complete' });
      if (r() < 1 / 3 && end - at >= 120) {
        const onset2 = at + between(30, end - at - 60);
        const at2 = onset2 + between(3, 12);
        windows.push({ from: at2, to: null, dose: '140' });
        doses.push({ patient: p.id, startDate: isoOf(at2), dose: '140', reason: 'adverse_event', adverseEventSeq: addEvent(pick(REDUCING), onset2, 'dose_reduced'), status: 'complete' });
      }
    }
    if (restarted.has(p.id)) {
      const from = start + between(30, T - 100);
      const to = from + between(7, 28);
      const procedure = r() < 0.25;
      windows.push({ from, to, interrupted: true });
      const ae = procedure ? null : addEvent(pick(INTERRUPTING), Math.max(start + 1, from - between(0, 3)), 'interrupted', to);
      breaks.push({ patient: p.id, startDate: isoOf(from), endDate: isoOf(to), reason: procedure ? 'procedure' : 'adverse_event', ae, status: 'complete' });
    }
    if (notRestarted.has(p.id) && disc !== null) {
      // The drug was held for the adverse event and never restarted: the interruption runs into the discontinuation.
      const from = Math.max(start + 3, disc - between(3, Math.min(21, T - 10)));
      windows.push({ from, to: disc, interrupted: true });
      breaks.push({ patient: p.id, startDate: isoOf(from), endDate: null, reason: 'adverse_event', ae: -1, status: 'complete' });
    }
    // Further events on treatment (before the last dose: the start of a hold that ran into the
    // discontinuation, else the discontinuation or last contact), about `aesPerYear` per patient-year.
    const lastDose = Math.min(end, ...windows.filter((w) => w.interrupted && w.to === disc).map((w) => w.from));
    if (lastDose - start > 30) {
      let t = start;
      for (;;) {
        t += Math.ceil(-Math.log(1 - r()) * 365.25 / rates.aesPerYear);
        if (t >= lastDose - 7) break;
        addEvent(pick(BACKGROUND), Math.max(start + 7, t), 'none');
      }
    }

    // Logged-event seqs in onset order after the ones the snapshot gave; links follow.
    const order = events.map((e, i) => ({ e, i })).sort((a, b) => a.e.onsetDate.localeCompare(b.e.onsetDate) || a.i - b.i);
    const seqOfEvent = new Map(order.map(({ i }, j) => [i, snap.maxAdverseEventSeq + j + 1]));
    for (const { e, i } of order) out.adverseEvents.push({ ...e, seq: seqOfEvent.get(i) ?? 0 });
    doses.forEach((d, j) => out.dosePeriods.push({ ...d, seq: j + 1, adverseEventSeq: d.adverseEventSeq === null ? null : seqOfEvent.get(d.adverseEventSeq) ?? null }));
    breaks.forEach(({ ae, ...b }, j) => out.interruptions.push({
      ...b, seq: j + 1, adverseEventSeq: ae === null ? null : ae === -1 ? snap.discontinuationAeSeq : seqOfEvent.get(ae) ?? null,
    }));

    // Visits: what the drug was at a date, and the response climbing to the recorded best.
    const statusAt = (day: number): IbrutinibStatus => {
      if (disc !== null && day >= disc) return 'discontinued';
      // An interruption's end is its last day without the drug.
      if (windows.some((w) => w.interrupted && day >= w.from && day <= (w.to ?? Infinity))) return 'interrupted';
      return windows.some((w) => w.dose && day >= w.from) ? 'reduced_dose' : 'full_dose';
    };
    const progressed = p.discontinuation?.reason === 'progression';
    const best = p.bestResponse;
    const onDrug: number[] = [];
    for (let q = 1; ; q++) {
      const day = start + rates.visitEveryDays * q + between(-7, 7);
      if (day > end - 14) break;
      onDrug.push(day);
    }
    // The best response was assessed on treatment: a patient who stopped before the first 3-month visit had an earlier one.
    if (onDrug.length === 0 && best !== null && !(progressed && best === 'PD') && T >= 2) onDrug.push(start + Math.max(1, Math.floor(T / 2)));
    const reach = Math.min(onDrug.length - 1, Math.floor(r() * 3));
    const climb = best && best in RANK && best !== 'PD' ? CLIMB.filter((c) => (RANK[c] ?? 0) <= (RANK[best] ?? 0)) : [];
    const responseAt = (j: number): Response | null => {
      if (best === null || best === 'NE' || best === 'PD') return best;
      if (j >= reach) return best;
      return climb[Math.min(j, Math.max(0, climb.length - 2))] ?? best;
    };
    const improved = best !== null && (RANK[best] ?? 0) >= 2 && r() < 0.4 ? Math.max(0, p.ecog - 1) : p.ecog;
    const worse = Math.min(4, p.ecog + 1);
    // A PD assessment is a progression (CLL unless the discontinuation for it says otherwise).
    const mine: Omit<PlannedVisit, 'seq'>[] = onDrug.map((day, j) => {
      const pd = responseAt(j) === 'PD';
      return {
        patient: p.id, visitDate: isoOf(day), ecog: j === 0 ? p.ecog : improved, response: responseAt(j), progression: pd,
        progressionType: pd ? (progressed ? p.discontinuation?.progressionType ?? 'CLL' : 'CLL') : null, ibrutinibStatus: statusAt(day),
        vitalStatus: 'alive', status: 'complete',
      };
    });
    const progressionType = progressed ? p.discontinuation?.progressionType ?? null : null;
    if (disc !== null && disc < last) {
      mine.push({
        patient: p.id, visitDate: isoOf(disc), ecog: worse, response: progressed ? 'PD' : onDrug.length ? null : best, progression: progressed,
        progressionType, ibrutinibStatus: 'discontinued', vitalStatus: 'alive', status: 'complete',
      });
      for (let q = 1; ; q++) {
        const day = disc + rates.visitEveryDays * q + between(-7, 7);
        if (day > last - 14) break;
        mine.push({ patient: p.id, visitDate: isoOf(day), ecog: worse, response: null, progression: progressed, progressionType, ibrutinibStatus: 'discontinued', vitalStatus: 'alive', status: 'complete' });
      }
    }
    mine.forEach((v, j) => out.visits.push({ ...v, seq: snap.maxVisitSeq + j + 1 }));
    if (snap.lastVisitSeq !== null) {
      const dead = p.vitalStatus === 'dead';
      out.lastVisits.push({
        patient: p.id, seq: snap.lastVisitSeq, ecog: dead ? null : disc !== null ? worse : improved,
        response: disc === null ? responseAt(onDrug.length) : disc === last && progressed ? 'PD' : null, ibrutinibStatus: statusAt(last),
      });
    }

    // Tests before the start: the latest gives the baseline del(17p) and TP53.
    const del17p = p.del17p === 'not_tested' ? null : p.del17p;
    const tp53 = p.tp53 === 'mutated' || p.tp53 === 'unmutated' ? p.tp53 : null;
    if (del17p !== null || tp53 !== null) {
      const tests: Omit<PlannedTest, 'seq'>[] = [];
      // del(17p) acquired on an earlier line: an older test without it.
      if (del17p === 'present' && r() < 0.35) {
        tests.push({ patient: p.id, sampleDate: isoOf(start - between(365, 1095)), del17p: 'absent', tp53: null, del11q: r() < 0.2 ? 'present' : 'absent', complexKaryotype: null, status: 'complete' });
      }
      const karyotype = r() < 0.4 ? (r() < 0.25 ? 'complex' : 'not_complex') : null;
      tests.push({
        patient: p.id, sampleDate: isoOf(start - between(14, 120)), del17p, tp53, del11q: del17p === null ? null : r() < 0.18 ? 'present' : 'absent',
        complexKaryotype: karyotype, status: 'complete',
      });
      tests.forEach((t, j) => out.tests.push({ ...t, seq: j + 1 }));
    }
  }
  return out;
}
