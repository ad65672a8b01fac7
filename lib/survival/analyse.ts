import { fitCox } from './cox';
import { cumulativeIncidence } from './cumulative-incidence';
import { codeGroups } from './groups';
import { withConfidence, kmFromTable } from './kaplan-meier';
import { logRankFromTable } from './logrank';
import { survivalMedian } from './quantiles';
import { restrictedMean } from './rmean';
import { buildTimeIndex, countTable, type CountTable } from './time-index';
import { CONF_TYPES, type ConfType, type GroupLabel, type KmCurve } from './types';
import { validateCause, validateConfLevel, validateGroup, validateSurvival } from './validate';

/**
 * One call that analyses a data set the way the reference files
 * (test/reference/survival/*.expected.json) were produced in R:
 *   overall + per-group survfit (all three CI types), print.survfit medians,
 *   rmean up to each curve's own last time (what the reference files hold),
 *   reverse-KM median follow-up, survdiff (rho = 0), coxph(~ group) with Efron
 *   ties and the first sorted group as reference, and cmprsk::cuminc when a
 *   cause vector is given. The output uses the reference files' snake_case
 *   field names so that the CLI can print it verbatim and tests can diff it.
 * Numbers R reports as NA/Inf are null.
 */

export interface AnalyseInput {
  time: ArrayLike<number>;
  status: ArrayLike<number>;
  group?: ArrayLike<GroupLabel>;
  /** Competing-risk codes: 0 censored, 1 cause of interest, 2.. competing. */
  cause?: ArrayLike<number>;
  /** Restrict the CI types reported (default all three, like the reference files). */
  confTypes?: readonly ConfType[];
  confLevel?: number;
}

export interface MedianJson {
  median: number | null;
  lower: number | null;
  upper: number | null;
}

export type CiKey = 'log' | 'log_log' | 'plain';

export type CurveJson = {
  time: number[];
  n_risk: number[];
  n_event: number[];
  n_censor: number[];
  surv: number[];
  std_err: (number | null)[];
} & { [K in `${'lower' | 'upper'}_${CiKey}`]?: (number | null)[] };

export interface GroupSummaryJson {
  name?: string;
  n: number;
  events: number;
  median: Partial<Record<CiKey, MedianJson>>;
  rmean: number;
  followup_median_reverse_km: number | null;
  curve: CurveJson;
}

export interface AnalysisJson {
  conf_level: number;
  overall: GroupSummaryJson;
  groups: GroupSummaryJson[];
  logrank: { groups: string[]; observed: number[]; expected: number[]; chisq: number; df: number; p: number } | null;
  cox: {
    ties: 'efron';
    reference: string;
    terms: { group: string; coef: number; se: number; hr: number; hr_lower: number; hr_upper: number; p_wald: number }[];
    loglik: [number, number];
    lr_chisq: number;
    /** Rounded to 2 decimals exactly as summary.coxph prints/stores it (the reference files hold that value). */
    wald_chisq: number;
    score_chisq: number;
  } | null;
  cumulative_incidence?: {
    method: string;
    causes: string;
    curves: { curve: string; time: number[]; est: number[]; var: number[] }[];
    gray_test: { cause: string[]; stat: number[]; p: number[]; df: number[] } | null;
  };
}

const ciKey = (t: ConfType): CiKey => (t === 'log-log' ? 'log_log' : t);
const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * Reverse-KM median follow-up from the same count table: swapping events and
 * censorings is exactly survfit(Surv(time, 1 - status)), so no second sort.
 */
function followUpFromTable(times: Float64Array, table: CountTable, g: number): number | null {
  const swapped: CountTable = { ...table, event: table.censor, censor: table.event };
  return survivalMedian(kmFromTable(times, swapped, g)).quantile;
}

function summarise(curve: KmCurve, horizon: number | undefined, followup: number | null, confTypes: readonly ConfType[], name?: string): GroupSummaryJson {
  const median: GroupSummaryJson['median'] = {};
  const curveJson: CurveJson = {
    time: curve.time,
    n_risk: curve.nRisk,
    n_event: curve.nEvent,
    n_censor: curve.nCensor,
    surv: curve.surv,
    std_err: curve.stdErr.map(finiteOrNull),
  };
  for (const t of confTypes) {
    const c = withConfidence(curve, t);
    const m = survivalMedian(c);
    median[ciKey(t)] = { median: m.quantile, lower: m.lower, upper: m.upper };
    curveJson[`lower_${ciKey(t)}`] = c.lower.map(finiteOrNull);
    curveJson[`upper_${ciKey(t)}`] = c.upper.map(finiteOrNull);
  }
  return {
    ...(name === undefined ? {} : { name }),
    n: curve.n,
    events: curve.events,
    median,
    rmean: restrictedMean(curve, horizon),
    followup_median_reverse_km: followup,
    curve: curveJson,
  };
}

export function analyse(input: AnalyseInput): AnalysisJson {
  const { time, status } = input;
  validateSurvival(time, status);
  if (input.group) validateGroup(time, input.group);
  if (input.cause) validateCause(time, input.cause);
  const confLevel = input.confLevel ?? 0.95;
  validateConfLevel(confLevel);
  const confTypes = input.confTypes ?? CONF_TYPES;
  const opts = { confLevel };

  const idx = buildTimeIndex(time);
  const overallTable = countTable(idx, status, null, 1);
  const overallCurve = kmFromTable(idx.times, overallTable, 0, opts);
  const horizon = idx.times.length > 0 ? (idx.times[idx.times.length - 1] as number) : 0;
  const overall = summarise(overallCurve, horizon, followUpFromTable(idx.times, overallTable, 0), confTypes);

  const result: AnalysisJson = { conf_level: confLevel, overall, groups: [], logrank: null, cox: null };
  if (input.group) {
    const coding = codeGroups(input.group);
    const G = coding.labels.length;
    const table = countTable(idx, status, coding.index, G);
    result.groups = coding.labels.map((label, g) => {
      const follow = followUpFromTable(idx.times, table, g);
      // The reference files hold survmean's rmean with each curve's own last time as the
      // horizon (summary(fit)$table, rmean = "individual"), e.g. ovarian rx1 = 649.6 up to
      // t = 1106, not 701.7 up to the common 1227.
      return summarise(kmFromTable(idx.times, table, g, opts), undefined, follow, confTypes, label);
    });
    if (G >= 2) {
      const lr = logRankFromTable(coding.labels, coding.sizes, table);
      result.logrank = { groups: lr.groups, observed: lr.observed, expected: lr.expected, chisq: lr.chisq, df: lr.df, p: lr.p };
      if (overallCurve.events > 0) {
        const cox = fitCox(time, status, [{ name: 'group', values: input.group, type: 'categorical' }], opts, idx);
        result.cox = {
          ties: 'efron',
          reference: cox.references.group ?? '',
          terms: cox.terms.map((t) => ({
            group: t.level ?? t.name,
            coef: t.coef,
            se: t.se,
            hr: t.hr,
            hr_lower: t.hrLower,
            hr_upper: t.hrUpper,
            p_wald: t.pWald,
          })),
          loglik: cox.loglik,
          lr_chisq: cox.lrChisq,
          wald_chisq: Math.round(cox.waldChisq * 100) / 100,
          score_chisq: cox.scoreChisq,
        };
      }
    }
  }
  if (input.cause) {
    const cif = cumulativeIncidence(time, input.cause, input.group);
    result.cumulative_incidence = {
      method: "cmprsk::cuminc (Aalen-Johansen; Gray's test)",
      causes: '1 = cause of interest, 2 = competing',
      curves: cif.curves.map((c) => ({ curve: c.name, time: c.time, est: c.est, var: c.var })),
      gray_test: cif.grayTest
        ? {
            cause: cif.grayTest.map((g) => String(g.cause)),
            stat: cif.grayTest.map((g) => g.stat),
            p: cif.grayTest.map((g) => g.p),
            df: cif.grayTest.map((g) => g.df),
          }
        : null,
    };
  }
  return result;
}
