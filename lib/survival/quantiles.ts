import type { KmCurve, QuantileEstimate } from './types';

/**
 * Median and quantiles of a KM curve with confidence limits. Two R rules exist
 * and we mirror both exactly:
 *  - `survivalMedian` = print.survfit / summary(fit)$table (survival:::survmean,
 *    helper `minmin`): first time the curve is < 0.5 (+tol); if it sits at 0.5
 *    (within tol) the midpoint between that time and the next drop.
 *  - `survivalQuantile` = quantile.survfit (helper `findq`): the same midpoint
 *    rule for any p, plus a flat stretch at the very end of the curve averaged
 *    with the last time.
 * The CI of a quantile is where the lower / upper confidence curves cross p.
 * "Not reached" is null (R's NA).
 */

const TOL = Math.sqrt(2.220446049250313e-16); // R: sqrt(.Machine$double.eps)

/** survmean's minmin(y, x), for the 0.5 crossing. */
function minmin(y: ArrayLike<number>, x: ArrayLike<number>): number | null {
  let first = -1;
  for (let i = 0; i < y.length; i++) {
    const v = y[i] as number;
    if (!Number.isNaN(v) && v < 0.5 + TOL) {
      first = i;
      break;
    }
  }
  if (first < 0) return null;
  const y1 = y[first] as number;
  const x1 = x[first] as number;
  if (Math.abs(y1 - 0.5) < TOL) {
    for (let i = first + 1; i < y.length; i++) {
      const v = y[i] as number;
      if (!Number.isNaN(v) && v < 0.5 + TOL && v < y1) return (x1 + (x[i] as number)) / 2;
    }
  }
  return x1;
}

/** Median with CI exactly as R's print.survfit. */
export function survivalMedian(curve: KmCurve): QuantileEstimate {
  return {
    quantile: minmin(curve.surv, curve.time),
    lower: minmin(curve.lower, curve.time),
    upper: minmin(curve.upper, curve.time),
  };
}

/**
 * quantile.survfit's findq for one p. x = c(0, time), y = c(0, 1 - S) (S being
 * the estimate or one of the confidence curves; NaN = NA).
 */
function findq(time: ArrayLike<number>, s: ArrayLike<number>, p: number, firstx: number): number | null {
  const m = time.length + 1;
  const xs: number[] = [firstx];
  const ys: number[] = [0];
  const seen = new Set<number>([0]);
  let maxY = 0;
  for (let i = 0; i < time.length; i++) {
    const y = 1 - (s[i] as number);
    if (!Number.isNaN(y) && y > maxY) maxY = y;
    // R's duplicated(y): drop every repeat of an earlier value (a Set also treats NA/NaN as equal)
    if (seen.has(y)) continue;
    seen.add(y);
    xs.push(time[i] as number);
    ys.push(y);
  }
  if (maxY < p) return null;
  if (p === 0) return xs[0] as number;
  const xmax = m > 1 ? (time[time.length - 1] as number) : firstx;
  // approx(y +/- tol, 1:n, p, "constant", f = 1): the point with the smallest value >= p.
  const pick = (shift: number): number => {
    let best = -1;
    let bestV = Infinity;
    for (let i = 0; i < ys.length; i++) {
      const v = (ys[i] as number) + shift;
      if (!Number.isNaN(v) && v >= p && v < bestV) {
        bestV = v;
        best = i;
      }
    }
    return best;
  };
  const i1 = pick(TOL);
  const i2 = pick(-TOL);
  const last = ys[ys.length - 1] as number;
  if (!Number.isNaN(last) && Math.abs(p - last) < TOL && i1 >= 0) return ((xs[i1] as number) + xmax) / 2;
  if (i1 < 0 || i2 < 0) return null;
  return ((xs[i1] as number) + (xs[i2] as number)) / 2;
}

/** Quantile of the survival time: the time t where S(t) crosses 1 - p (p = 0.5: median), R quantile.survfit. */
export function survivalQuantile(curve: KmCurve, p = 0.5): QuantileEstimate {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}`);
  return {
    quantile: findq(curve.time, curve.surv, p, 0),
    lower: findq(curve.time, curve.lower, p, 0),
    upper: findq(curve.time, curve.upper, p, 0),
  };
}
