/**
 * The survival view: Kaplan–Meier per group (Greenwood SE, chosen CI type), medians with CI as
 * R's print.survfit, number at risk, log-rank (and Gehan–Breslow–Wilcoxon), Cox HR for two groups.
 * All statistics come from lib/survival; this module only selects data and shapes the output.
 * Times are computed in days and reported in months (days / 30.4375).
 */
import {
  coxPh, kaplanMeier, logRank, logRankTrend, numberAtRisk, survivalMedian, type ConfType, type KmCurve,
} from '@/lib/survival';
import { monthTicks } from './axis';
import { daysToMonths } from './dates';
import { groupOf, isOrdinal, observe, sortLabels, type Endpoint, type EndpointObservation, type Grouping } from './endpoints';
import type { CutoffPatient } from './types';

export const GROUP_COLOURS = ['#0b5cad', '#c0392b', '#1e7a3c', '#8e44ad', '#d35400', '#16a085', '#7f8c8d', '#b7950b', '#2c3e50', '#e84393'];

export interface Estimate { est: number | null; lower: number | null; upper: number | null }

export interface GroupCurve {
  label: string;
  colour: string;
  n: number;
  events: number;
  /** Median in months with its CI (null = not reached). */
  median: Estimate;
  /** Step function in months: the curve is surv[k] on [time[k], time[k+1]); starts at (0, 1). */
  time: number[];
  surv: number[];
  lower: (number | null)[];
  upper: (number | null)[];
  /** Censoring marks (months, survival at that time). */
  censorTime: number[];
  censorSurv: number[];
  /** Last observed time (months): the curve is drawn up to here. */
  maxTime: number;
}

export interface TestResult { chisq: number; df: number; p: number }

export interface CoxSummary { reference: string; label: string; hr: number; lower: number; upper: number; p: number }

/** Kaplan–Meier per group with the tests, for any time-to-event observation (SurvivalResult adds the endpoint). */
export interface KmResult {
  grouping: Grouping;
  confType: ConfType;
  /** Patients with the endpoint and a group value. */
  n: number;
  /** Patients with the endpoint but no value for the grouping. */
  excluded: number;
  groups: GroupCurve[];
  ticks: number[];
  atRisk: { label: string; counts: number[] }[];
  logRank: TestResult | null;
  gehanBreslowWilcoxon: TestResult | null;
  /** Log-rank test for trend (scores 1..k in group order), for ordered groupings with 3+ groups. */
  trend: TestResult | null;
  cox: CoxSummary | null;
}

export interface SurvivalResult extends KmResult {
  endpoint: Endpoint;
}

export interface SurvivalOptions {
  endpoint: Endpoint;
  grouping: Grouping;
  confType: ConfType;
  /** Compute Gehan–Breslow–Wilcoxon too. */
  gbw?: boolean;
}

const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
const monthsOrNull = (x: number | null): number | null => (x === null ? null : daysToMonths(x));

function curveToMonths(label: string, colour: string, c: KmCurve): GroupCurve {
  const time = [0];
  const surv = [1];
  const lower: (number | null)[] = [1];
  const upper: (number | null)[] = [1];
  const censorTime: number[] = [];
  const censorSurv: number[] = [];
  for (let k = 0; k < c.time.length; k++) {
    const t = daysToMonths(c.time[k] as number);
    const s = c.surv[k] as number;
    if ((c.nEvent[k] as number) > 0) {
      if (t === 0) { surv[0] = s; lower[0] = orNull(c.lower[k] as number); upper[0] = orNull(c.upper[k] as number); } else {
        time.push(t); surv.push(s); lower.push(orNull(c.lower[k] as number)); upper.push(orNull(c.upper[k] as number));
      }
    }
    if ((c.nCensor[k] as number) > 0) { censorTime.push(t); censorSurv.push(s); }
  }
  const m = survivalMedian(c);
  return {
    label, colour, n: c.n, events: c.events,
    median: { est: monthsOrNull(m.quantile), lower: monthsOrNull(m.lower), upper: monthsOrNull(m.upper) },
    time, surv, lower, upper, censorTime, censorSurv,
    maxTime: c.time.length ? daysToMonths(c.time[c.time.length - 1] as number) : 0,
  };
}

export function survivalAnalysis(patients: readonly CutoffPatient[], opts: SurvivalOptions): SurvivalResult {
  return { endpoint: opts.endpoint, ...kmAnalysis(patients, (p) => observe(p, opts.endpoint), opts) };
}

/**
 * Kaplan–Meier per group of the grouping for the observation `observeOf` gives each patient (null:
 * the endpoint does not apply to the patient). The course endpoints (course-endpoints.ts) use it too.
 */
export function kmAnalysis<P extends CutoffPatient>(
  patients: readonly P[], observeOf: (p: P) => EndpointObservation | null, opts: Omit<SurvivalOptions, 'endpoint'>,
): KmResult {
  const time: number[] = [];
  const status: number[] = [];
  const group: string[] = [];
  let excluded = 0;
  for (const p of patients) {
    const o = observeOf(p);
    if (!o) continue;
    const g = groupOf(p, opts.grouping);
    if (g === null) { excluded++; continue; }
    time.push(o.time); status.push(o.status); group.push(g);
  }
  const labels = sortLabels(opts.grouping, new Set(group));
  const idxOf = new Map(labels.map((l, i) => [l, i]));
  const perTime: number[][] = labels.map(() => []);
  const perStatus: number[][] = labels.map(() => []);
  for (let i = 0; i < time.length; i++) {
    const g = idxOf.get(group[i] as string) ?? 0;
    (perTime[g] as number[]).push(time[i] as number);
    (perStatus[g] as number[]).push(status[i] as number);
  }
  const kms = labels.map((_, g) => kaplanMeier(perTime[g] as number[], perStatus[g] as number[], { confType: opts.confType }));
  const groups = kms.map((c, g) => curveToMonths(labels[g] as string, GROUP_COLOURS[g % GROUP_COLOURS.length] as string, c));
  const maxMonths = groups.reduce((m, c) => Math.max(m, c.maxTime), 0);
  const ticks = monthTicks(maxMonths);
  const tickDays = ticks.map((t) => t * 30.4375);
  const atRisk = kms.map((c, g) => ({ label: labels[g] as string, counts: numberAtRisk(c, tickDays) }));

  let lr: TestResult | null = null;
  let gbw: TestResult | null = null;
  let cox: CoxSummary | null = null;
  let trend: TestResult | null = null;
  if (labels.length >= 3 && isOrdinal(opts.grouping)) {
    const t = logRankTrend(time, status, group, undefined, { levels: labels });
    trend = { chisq: t.chisq, df: t.df, p: t.p };
  }
  if (labels.length >= 2) {
    const r = logRank(time, status, group, { levels: labels });
    lr = { chisq: r.chisq, df: r.df, p: r.p };
    if (opts.gbw) {
      const w = logRank(time, status, group, { levels: labels, weights: 'gehan-breslow-wilcoxon' });
      gbw = { chisq: w.chisq, df: w.df, p: w.p };
    }
    const events = status.reduce((a, b) => a + b, 0);
    if (labels.length === 2 && events > 0) {
      const ref = labels[0] as string;
      const fit = coxPh(time, status, [{ name: 'group', values: group, type: 'categorical', reference: ref }]);
      const term = fit.terms[0];
      if (term && Number.isFinite(term.hr)) {
        cox = { reference: ref, label: term.level ?? (labels[1] as string), hr: term.hr, lower: term.hrLower, upper: term.hrUpper, p: term.pWald };
      }
    }
  }
  return {
    grouping: opts.grouping, confType: opts.confType,
    n: time.length, excluded, groups, ticks, atRisk, logRank: lr, gehanBreslowWilcoxon: gbw, trend, cox,
  };
}
