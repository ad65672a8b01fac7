/**
 * Thin typed wrappers around @stdlib distribution functions (never hand-written).
 */
import chisqCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/**
 * Upper tail P(X > x) of a chi-square with df degrees of freedom (R:
 * `pchisq(x, df, lower.tail = FALSE)`). For df = 1 we use the identity
 * P(X > x) = 2 Phi(-sqrt(x)), which keeps full relative precision for tiny
 * p-values (1 - cdf would round to 0 below ~1e-16); otherwise 1 - cdf.
 */
export function chisqUpper(x: number, df: number): number {
  if (!(df > 0) || Number.isNaN(x)) return NaN;
  if (df === 1) return x <= 0 ? 1 : 2 * normalCdf(-Math.sqrt(x), 0, 1);
  return 1 - chisqCdf(x, df);
}

/** Two-sided normal p-value for a z statistic. */
export function normalTwoSided(z: number): number {
  return 2 * normalCdf(-Math.abs(z), 0, 1);
}

/** z such that P(|Z| < z) = confLevel, R: `qnorm(1 - (1 - conf.int)/2)`. */
export function zForConfLevel(confLevel: number): number {
  return normalQuantile(1 - (1 - confLevel) / 2, 0, 1);
}
