import type { KmCurve } from './types';

/**
 * Restricted mean survival time: area under the KM step function from 0 to
 * `horizon`, as survival:::survmean (print.survfit's `rmean`). Integration
 * starts at min(0, first time); rectangles use the survival just before each
 * time, and the last rectangle runs from the last time <= horizon to horizon.
 *
 * Default horizon = last time of this curve (survmean with rmean = "individual";
 * this is what the reference files hold for every group, e.g. ovarian rx1 = 649.6).
 * For R's print.survfit `rmean = "common"` pass the largest last time over all groups.
 */
export function restrictedMean(curve: KmCurve, horizon?: number): number {
  const m = curve.time.length;
  if (m === 0) return horizon ?? 0;
  const end = horizon ?? (curve.time[m - 1] as number);
  const start = Math.min(0, curve.time[0] as number);
  let area = 0;
  let prevT = start;
  let prevS = 1;
  for (let k = 0; k < m; k++) {
    const t = curve.time[k] as number;
    if (t > end) break;
    area += (t - prevT) * prevS;
    prevT = t;
    prevS = curve.surv[k] as number;
  }
  area += (end - prevT) * prevS;
  return area + start;
}
