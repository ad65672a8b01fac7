/**
 * Pointwise 95% confidence limits for a cumulative incidence curve, from the variance cmprsk's
 * `cuminc` returns with each estimate (lib/survival/cumulative-incidence.ts, the delta-method
 * variance of Gray's `cinc`).
 *
 * Transformation: log(-log), as tidycmprsk and Stata's `stcrreg` curves draw it and as
 * lib/survival's own `log-log` KM limits are computed. With F the incidence and v its variance,
 * the standard error of log F is sqrt(v) / F, and the limits are F^exp(±z·sqrt(v) / (F·log F)).
 * Unlike the plain F ± z·sqrt(v) it stays inside (0, 1) and is asymmetric near 0, where most
 * incidence curves live (a plain band clipped to 0 would claim "possibly never happens").
 * Undefined (null: no band) where F is 0 (before the first event) or 1.
 */
import { confLimits } from '@/lib/survival/confidence';
import { zForConfLevel } from '@/lib/survival/distributions';

export const CIF_CONF_LEVEL = 0.95;
const Z95 = zForConfLevel(CIF_CONF_LEVEL);

export interface CifBand { lower: (number | null)[]; upper: (number | null)[] }

/** One limit pair; null when undefined (F = 0 or 1, or a variance that is not a number). */
export function cifLimits(est: number, variance: number, z = Z95): [number, number] | null {
  if (!(est > 0 && est < 1) || !(variance >= 0)) return null;
  const [lo, hi] = confLimits(est, Math.sqrt(variance) / est, z, 'log-log');
  return Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : null;
}

export function cifBand(est: readonly number[], variance: readonly number[], z = Z95): CifBand {
  const lower: (number | null)[] = [];
  const upper: (number | null)[] = [];
  for (let k = 0; k < est.length; k++) {
    const l = cifLimits(est[k] as number, variance[k] as number, z);
    lower.push(l ? l[0] : null);
    upper.push(l ? l[1] : null);
  }
  return { lower, upper };
}
