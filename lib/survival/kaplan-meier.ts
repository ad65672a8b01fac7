import { confBands } from './confidence';
import { zForConfLevel } from './distributions';
import { buildTimeIndex, countTable, type CountTable } from './time-index';
import type { ConfType, KmCurve, KmOptions } from './types';
import { validateConfLevel, validateSurvival } from './validate';

/**
 * Kaplan–Meier estimator for right-censored data, as R `survfit(Surv(time, status) ~ 1)`:
 * one row per distinct time (events and censorings), events counted before
 * censorings at a tied time (a subject censored at t is still at risk at t),
 * Greenwood variance of the cumulative hazard: sum d / (n (n - d)).
 *
 * Empty input gives a curve with no rows, n = 0 and events = 0.
 */
export function kaplanMeier(time: ArrayLike<number>, status: ArrayLike<number>, opts: KmOptions = {}): KmCurve {
  validateSurvival(time, status);
  const idx = buildTimeIndex(time);
  const table = countTable(idx, status, null, 1);
  return kmFromTable(idx.times, table, 0, opts);
}

/**
 * Curve for group `g` of a pre-built count table (the grouped code paths use
 * this so that data are sorted once for all groups).
 */
export function kmFromTable(times: Float64Array, table: CountTable, g: number, opts: KmOptions = {}): KmCurve {
  const confType: ConfType = opts.confType ?? 'log';
  const confLevel = opts.confLevel ?? 0.95;
  validateConfLevel(confLevel);
  const u = table.nTimes;
  const off = g * u;
  let n = 0;
  let rows = 0;
  for (let k = 0; k < u; k++) {
    const c = (table.event[off + k] as number) + (table.censor[off + k] as number);
    n += c;
    if (c > 0) rows++;
  }
  const outTime = new Array<number>(rows);
  const nRisk = new Array<number>(rows);
  const nEvent = new Array<number>(rows);
  const nCensor = new Array<number>(rows);
  const surv = new Array<number>(rows);
  const stdErr = new Array<number>(rows);
  let atRisk = n;
  let s = 1;
  let varHaz = 0;
  let events = 0;
  let r = 0;
  for (let k = 0; k < u; k++) {
    const d = table.event[off + k] as number;
    const c = table.censor[off + k] as number;
    if (d + c === 0) continue;
    if (d > 0) {
      s *= (atRisk - d) / atRisk;
      // Greenwood increment for the cumulative hazard; Inf when everyone at risk dies (R gives Inf too).
      varHaz += atRisk === d ? Infinity : d / (atRisk * (atRisk - d));
      events += d;
    }
    outTime[r] = times[k] as number;
    nRisk[r] = atRisk;
    nEvent[r] = d;
    nCensor[r] = c;
    surv[r] = s;
    stdErr[r] = Math.sqrt(varHaz);
    r++;
    atRisk -= d + c;
  }
  const { lower, upper } = confBands(surv, stdErr, zForConfLevel(confLevel), confType);
  return { time: outTime, nRisk, nEvent, nCensor, surv, stdErr, lower, upper, n, events, confType, confLevel };
}

/** The same curve with limits recomputed for another CI type/level (no refit). */
export function withConfidence(curve: KmCurve, confType: ConfType, confLevel = curve.confLevel): KmCurve {
  validateConfLevel(confLevel);
  const { lower, upper } = confBands(curve.surv, curve.stdErr, zForConfLevel(confLevel), confType);
  return { ...curve, lower, upper, confType, confLevel };
}
