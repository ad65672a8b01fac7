import type { KmCurve } from './types';
import { validateTime } from './validate';

/**
 * Number at risk (time >= t) at each requested time, for the table under a KM
 * plot (R: summary(fit, times=)$n.risk, with 0 after the last observation).
 * Accepts a curve (its rows hold every distinct time, so the count is n.risk at
 * the first row with time >= t) or the raw time vector.
 */
export function numberAtRisk(curveOrTimes: KmCurve | ArrayLike<number>, times: readonly number[]): number[] {
  if (isCurve(curveOrTimes)) {
    const c = curveOrTimes;
    return times.map((t) => {
      const k = lowerBound(c.time, t);
      return k < c.time.length ? (c.nRisk[k] as number) : 0;
    });
  }
  validateTime(curveOrTimes);
  const sorted = Float64Array.from(curveOrTimes);
  sorted.sort();
  return times.map((t) => sorted.length - lowerBound(sorted, t));
}

function isCurve(x: KmCurve | ArrayLike<number>): x is KmCurve {
  return typeof x === 'object' && x !== null && 'nRisk' in x && 'surv' in x;
}

/** First index with a[i] >= t. */
function lowerBound(a: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
