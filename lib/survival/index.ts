/**
 * lib/survival — survival statistics for the CLL Registry dashboards.
 * Pure TypeScript (no React, DB or Next imports); numbers match R survival 3.5.3
 * and cmprsk 2.2 (see test/reference/survival and lib/survival/README.md).
 *
 * Public API (all inputs are ArrayLike, so plain arrays or typed arrays work;
 * bad input throws SurvivalInputError whose message names the 0-based index):
 *
 *   kaplanMeier(time, status, { confType?: 'log'|'log-log'|'plain', confLevel?: 0.95 }): KmCurve
 *     KmCurve = { time[], nRisk[], nEvent[], nCensor[], surv[], stdErr[], lower[], upper[],
 *                 n, events, confType, confLevel }   (one row per distinct time, like survfit;
 *                 stdErr = Greenwood SE of -log S, Infinity once S = 0; lower/upper NaN where R has NA)
 *   withConfidence(curve, confType, confLevel?): KmCurve          other CI type without refitting
 *   survivalMedian(curve): { quantile, lower, upper }              print.survfit rule (null = not reached)
 *   survivalQuantile(curve, p = 0.5): { quantile, lower, upper }   quantile.survfit rule, time where S = 1 - p
 *   restrictedMean(curve, horizon = last time of curve): number    survmean's rmean
 *   reverseKmMedianFollowUp(time, status): number | null
 *   numberAtRisk(curveOrTimes, times[]): number[]                  number with time >= t
 *   logRank(time, status, group, { rho?, weights?: 'logrank'|'gehan-breslow-wilcoxon', levels? })
 *     -> { groups, n, observed, expected, variance, chisq, df, p }   (survdiff)
 *   logRankTrend(time, status, group, scores? = 1..k, opts?)
 *     -> { groups, scores, observed, expected, statistic, variance, chisq, df: 1, p }
 *   coxPh(time, status, [{ name, values, type: 'categorical'|'numeric', reference? }], { maxIter?, eps?, confLevel? })
 *     -> { terms: [{ name, covariate, level, coef, se, hr, hrLower, hrUpper, z, pWald }], references,
 *          loglik: [null, final], lrChisq, waldChisq, scoreChisq, df, pLr, pWald, pScore, variance,
 *          iterations, converged, n, events }                      (coxph, Efron ties)
 *   cumulativeIncidence(time, cause /* 0 censored, 1.. causes *\/, group?, { rho? })
 *     -> { groups, causes, curves: [{ name: "<group> <cause>", group, cause, time[], est[], var[] }],
 *          grayTest: [{ cause, stat, p, df }] | null }            (cmprsk::cuminc)
 *   poissonRateCi(events, exposure, confLevel = 0.95) -> { events, exposure, rate, lower, upper, confLevel }
 *     exact (Garwood) CI of a Poisson rate, R: poisson.test(x, T)$conf.int
 *   analyse({ time, status, group?, cause?, confTypes?, confLevel? }): AnalysisJson
 *     the reference-file JSON (overall, groups[], logrank, cox, cumulative_incidence); used by the CLI
 *     (scripts/survival-cli.ts) and the dashboards.
 *
 * Empty input: kaplanMeier returns a curve with no rows (n = 0); medians are null; restrictedMean 0.
 * Groups: labels sorted like R factor levels (numeric if all numeric); groups without subjects are
 * omitted (tests drop groups with no expected events, as survdiff does).
 */
export { SurvivalInputError } from './errors';
export type { ConfType, GroupLabel, KmCurve, KmOptions, QuantileEstimate } from './types';
export { CONF_TYPES } from './types';
export { kaplanMeier, withConfidence } from './kaplan-meier';
export { survivalMedian, survivalQuantile } from './quantiles';
export { restrictedMean } from './rmean';
export { reverseKmMedianFollowUp } from './followup';
export { numberAtRisk } from './number-at-risk';
export { logRank, logRankTrend } from './logrank';
export type { LogRankOptions, LogRankResult, LogRankTrendResult, LogRankWeights } from './logrank';
export { coxPh } from './cox';
export type { CoxCovariate, CoxOptions, CoxResult, CoxTerm } from './cox';
export { cumulativeIncidence } from './cumulative-incidence';
export type { CifCurve, CumulativeIncidenceResult, GrayTest } from './cumulative-incidence';
export { poissonRateCi } from './poisson';
export type { PoissonRate } from './poisson';
export { analyse } from './analyse';
export type { AnalyseInput, AnalysisJson, CurveJson, GroupSummaryJson, MedianJson } from './analyse';
