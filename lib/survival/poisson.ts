/**
 * Exact (Garwood) confidence interval for a Poisson rate: x events over `exposure` units of time.
 * It is R's `poisson.test(x, T, conf.level = )$conf.int`:
 *
 *   lower = qchisq(α/2, 2x) / (2T)      (0 when x = 0)
 *   upper = qchisq(1 − α/2, 2x + 2) / (2T)
 *
 * @stdlib's chi-square quantile is the starting point, but it rests on an incomplete gamma that is
 * off by up to 1e-4 relative for large shapes (x ≈ 1000), so each bound is then polished by Newton
 * steps on its defining equation, written with the Poisson distribution function, which is a finite
 * sum computed exactly here:
 *
 *   upper μ:  P(X ≤ x; μ) = α/2          lower μ:  P(X ≥ x; μ) = α/2
 *
 * (the chi-square/Poisson identity P(χ²(2k) > 2μ) = P(X < k; μ)). Checked against R to 1e-10 in
 * poisson.test.ts with the fixture test/reference/poisson/poisson.expected.json.
 */
import gammaln from '@stdlib/math-base-special-gammaln';
import chisqQuantile from '@stdlib/stats-base-dists-chisquare-quantile';
import { SurvivalInputError } from './errors';

export interface PoissonRate {
  events: number;
  exposure: number;
  /** events / exposure */
  rate: number;
  lower: number;
  upper: number;
  confLevel: number;
}

/**
 * P(X ≤ k; μ) and the probability P(X = k; μ), summed from k downwards by the ratio p(j−1) = p(j)·j/μ
 * relative to p(k) (no underflow of e^−μ for large means), stopping when terms no longer count.
 */
function poissonCdf(k: number, mu: number): { cdf: number; pmf: number } {
  const logPk = k * Math.log(mu) - mu - gammaln(k + 1);
  let term = 1;
  let sum = 1;
  for (let j = k; j > 0; j--) {
    term *= j / mu;
    sum += term;
    if (term < sum * 1e-17 && j < mu) break;
  }
  const pmf = Math.exp(logPk);
  return { cdf: Math.min(1, pmf * sum), pmf };
}

/** μ with P(X ≤ k; μ) = target, by Newton from a close start (dP/dμ = −P(X = k; μ)). */
function solveMean(k: number, target: number, start: number): number {
  let mu = start;
  for (let i = 0; i < 50; i++) {
    const { cdf, pmf } = poissonCdf(k, mu);
    if (!(pmf > 0)) break;
    const next = mu + (cdf - target) / pmf;
    const done = Math.abs(next - mu) <= 1e-15 * mu;
    mu = next > 0 ? next : mu / 2;
    if (done) break;
  }
  return mu;
}

export function poissonRateCi(events: number, exposure: number, confLevel = 0.95): PoissonRate {
  if (!Number.isInteger(events) || events < 0) throw new SurvivalInputError(`events must be a whole number ≥ 0, got ${events}`, 'events');
  if (!(exposure > 0) || !Number.isFinite(exposure)) throw new SurvivalInputError(`exposure must be a positive number, got ${exposure}`, 'exposure');
  if (!(confLevel > 0 && confLevel < 1)) throw new SurvivalInputError(`confLevel must be between 0 and 1, got ${confLevel}`, 'confLevel');
  const alpha = (1 - confLevel) / 2;
  // Means of the count; the rate's bounds divide them by the exposure.
  const lowerMu = events === 0 ? 0 : solveMean(events - 1, 1 - alpha, chisqQuantile(alpha, 2 * events) / 2);
  const upperMu = solveMean(events, alpha, chisqQuantile(1 - alpha, 2 * events + 2) / 2);
  return { events, exposure, rate: events / exposure, lower: lowerMu / exposure, upper: upperMu / exposure, confLevel };
}
