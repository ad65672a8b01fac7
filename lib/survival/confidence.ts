import type { ConfType } from './types';

/**
 * Pointwise confidence limits for a survival probability, mirroring R
 * survival:::survfit_confint with `logse = TRUE` (the `se` passed is the
 * standard error of the cumulative hazard, i.e. of log S):
 *   plain:   S -/+ z*se*S, clipped to [0, 1]
 *   log:     exp(log S -/+ z*se), upper clipped to 1; NA when S = 0
 *   log-log: exp(-exp(log(-log S) -/+ z*se/log S)); NA when S is 0 or 1
 * NA is returned as NaN.
 */
export function confLimits(surv: number, se: number, z: number, type: ConfType): [number, number] {
  if (type === 'plain') {
    const se2 = se * surv * z;
    if (Number.isNaN(se2)) return [NaN, NaN];
    return [Math.max(surv - se2, 0), Math.min(surv + se2, 1)];
  }
  if (type === 'log') {
    if (surv === 0) return [NaN, NaN];
    const se2 = z * se;
    const ls = Math.log(surv);
    return [Math.exp(ls - se2), Math.min(Math.exp(ls + se2), 1)];
  }
  if (surv === 0 || surv === 1) return [NaN, NaN];
  const ls = Math.log(surv);
  const se2 = (z * se) / ls;
  const lls = Math.log(-ls);
  return [Math.exp(-Math.exp(lls - se2)), Math.exp(-Math.exp(lls + se2))];
}

/** Limits for a whole curve, as plain number arrays. */
export function confBands(surv: ArrayLike<number>, se: ArrayLike<number>, z: number, type: ConfType): { lower: number[]; upper: number[] } {
  const m = surv.length;
  const lower = new Array<number>(m);
  const upper = new Array<number>(m);
  for (let k = 0; k < m; k++) {
    const [lo, hi] = confLimits(surv[k] as number, se[k] as number, z, type);
    lower[k] = lo;
    upper[k] = hi;
  }
  return { lower, upper };
}
