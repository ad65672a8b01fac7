/**
 * Grade ≥ 3 adverse events of the course by category (ae-categories.ts), from ibrutinib start:
 * - cumulative incidence of the first event of a category while on ibrutinib (onset from the start to
 *   the last dose, or to the end of follow-up while on drug), with discontinuation of ibrutinib
 *   (cause 2) and death on ibrutinib (cause 3) as competing events; censored at the end of follow-up;
 * - rates per 100 patient-years on drug: every event of the category with onset in that window, over
 *   the time on drug (start → last dose, or → end of follow-up), with exact Poisson 95% CIs.
 * Events without an onset date cannot be placed in time: a patient with such an event of the
 * category is left out of its cumulative incidence, and the event out of the rate (both counted).
 */
import { cumulativeIncidence, poissonRateCi } from '@/lib/survival';
import { dayOrNull } from '@/lib/course/days';
import { AE_CATEGORIES, AE_CATEGORY_LABELS, aeCategory, type AeCategory } from './ae-categories';
import { monthTicks } from './axis';
import { cifBand } from './cif-bands';
import type { CifLine } from './competing';
import type { CoursePatient } from './course';
import { daysToMonths } from './dates';
import { groupOf, sortLabels, type Grouping } from './endpoints';
import { GROUP_COLOURS } from './survival';

/** Grades counted: CTCAE grade 3 (severe) to 5 (death). */
export const MIN_GRADE = 3;
export const DAYS_PER_YEAR = 365.25;

export const AE_CIF_CAUSES = ['Adverse event', 'Discontinuation', 'Death on ibrutinib'] as const;

export interface PlacedEvent { category: AeCategory; onset: number | null }

/** The patient's grade ≥ 3 events (entered-in-error ones are already left out by lib/course). */
export function severeEvents(p: CoursePatient): PlacedEvent[] {
  return p.course.adverseEvents.filter((e) => e.grade !== null && e.grade >= MIN_GRADE)
    .map((e) => ({ category: aeCategory(e.term, e.soc), onset: dayOrNull(e.onsetDate) }));
}

/** Last day on ibrutinib within follow-up: the last dose, else the end of follow-up. */
export const onDrugEnd = (p: CoursePatient): number => (p.discAt !== null ? Math.min(p.discAt, p.endAt) : p.endAt);

const matches = (e: PlacedEvent, category: AeCategory | 'any'): boolean => category === 'any' || e.category === category;

/** Time and cause (0 censored, 1 event, 2 discontinuation, 3 death on drug), or null when an event cannot be placed. */
export function aeCompetingObservation(p: CoursePatient, category: AeCategory | 'any'): { time: number; cause: number } | null {
  const evs = severeEvents(p).filter((e) => matches(e, category));
  if (evs.some((e) => e.onset === null)) return null;
  const end = onDrugEnd(p);
  let first: number | null = null;
  for (const e of evs) if (e.onset !== null && e.onset >= p.start && e.onset <= end && (first === null || e.onset < first)) first = e.onset;
  if (first !== null) return { time: first - p.start, cause: 1 };
  if (p.discAt !== null) return { time: p.discAt - p.start, cause: 2 };
  if (p.deathAt !== null) return { time: p.deathAt - p.start, cause: 3 };
  return { time: p.endAt - p.start, cause: 0 };
}

export interface AeCifResult {
  category: AeCategory | 'any';
  grouping: Grouping;
  n: number;
  /** Without a value for the grouping. */
  excluded: number;
  /** With an event of the category without an onset date. */
  undated: number;
  events: { cause: string; n: number }[];
  lines: CifLine[];
  ticks: number[];
  gray: { cause: string; stat: number; df: number; p: number }[] | null;
}

export const categoryLabel = (c: AeCategory | 'any'): string => (c === 'any' ? 'Any grade ≥ 3 event' : AE_CATEGORY_LABELS[c]);

export function aeCifAnalysis(ps: readonly CoursePatient[], category: AeCategory | 'any', grouping: Grouping): AeCifResult {
  const time: number[] = [];
  const cause: number[] = [];
  const group: string[] = [];
  let excluded = 0;
  let undated = 0;
  for (const p of ps) {
    const g = groupOf(p, grouping);
    if (g === null) { excluded++; continue; }
    const o = aeCompetingObservation(p, category);
    if (!o) { undated++; continue; }
    time.push(o.time); cause.push(o.cause); group.push(g);
  }
  const names = [categoryLabel(category), AE_CIF_CAUSES[1], AE_CIF_CAUSES[2]];
  const events = names.map((name, i) => ({ cause: name, n: cause.filter((c) => c === i + 1).length }));
  const base = { category, grouping, n: time.length, excluded, undated, events };
  if (time.length === 0) return { ...base, lines: [], ticks: monthTicks(1), gray: null };
  const res = cumulativeIncidence(time, cause, group);
  const groupIdx = new Map(sortLabels(grouping, res.groups).map((g, i) => [g, i]));
  // The event of interest and discontinuation are drawn; death on drug is reported as a count.
  const lines: CifLine[] = res.curves.filter((c) => c.cause <= 2).map((c) => {
    const gi = groupIdx.get(c.group) ?? 0;
    const causeName = names[c.cause - 1] ?? String(c.cause);
    return {
      label: grouping === 'none' ? causeName : `${c.group} · ${causeName}`,
      group: c.group, cause: causeName,
      colour: GROUP_COLOURS[(grouping === 'none' ? c.cause - 1 : gi) % GROUP_COLOURS.length] as string,
      dashed: c.cause === 2,
      time: c.time.map(daysToMonths), est: c.est, ...cifBand(c.est, c.var), final: c.est[c.est.length - 1] ?? 0,
    };
  });
  const maxMonths = daysToMonths(time.reduce((a, t) => (t > a ? t : a), 0));
  return {
    ...base, lines, ticks: monthTicks(maxMonths),
    gray: res.grayTest ? res.grayTest.filter((g) => g.cause === 1).map((g) => ({ cause: names[0] as string, stat: g.stat, df: g.df, p: g.p })) : null,
  };
}

export interface IncidenceAt { category: AeCategory | 'any'; n: number; events: number; at: (number | null)[]; final: number; undated: number }

/** Cumulative incidence of the first event of every category at the given months (no grouping). */
export function incidenceByCategory(ps: readonly CoursePatient[], months: readonly number[]): IncidenceAt[] {
  return (['any', ...AE_CATEGORIES] as const).map((category) => {
    const r = aeCifAnalysis(ps, category, 'none');
    const line = r.lines.find((l) => l.cause === categoryLabel(category));
    const at = months.map((m) => {
      if (!line) return r.n > 0 ? 0 : null;
      let v = 0;
      for (let k = 0; k < line.time.length; k++) if ((line.time[k] as number) <= m) v = line.est[k] as number;
      return v;
    });
    return { category, n: r.n, events: r.events[0]?.n ?? 0, at, final: line?.final ?? 0, undated: r.undated };
  });
}

export interface AeRate {
  category: AeCategory | 'any';
  events: number;
  patients: number;
  patientYears: number;
  /** Per 100 patient-years, with the exact Poisson 95% CI; null without exposure. */
  rate: number | null;
  lower: number | null;
  upper: number | null;
  /** Events without an onset date (not counted). */
  undated: number;
}

export function aeRates(ps: readonly CoursePatient[]): AeRate[] {
  let days = 0;
  for (const p of ps) days += Math.max(0, onDrugEnd(p) - p.start);
  const years = days / DAYS_PER_YEAR;
  return (['any', ...AE_CATEGORIES] as const).map((category) => {
    let events = 0;
    let undated = 0;
    let patients = 0;
    for (const p of ps) {
      const end = onDrugEnd(p);
      let mine = 0;
      for (const e of severeEvents(p)) {
        if (!matches(e, category)) continue;
        if (e.onset === null) undated++;
        else if (e.onset >= p.start && e.onset <= end) mine++;
      }
      events += mine;
      if (mine > 0) patients++;
    }
    if (!(years > 0)) return { category, events, patients, patientYears: years, rate: null, lower: null, upper: null, undated };
    const ci = poissonRateCi(events, years);
    return { category, events, patients, patientYears: years, rate: 100 * ci.rate, lower: 100 * ci.lower, upper: 100 * ci.upper, undated };
  });
}
