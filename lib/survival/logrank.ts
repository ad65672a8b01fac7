import { chisqUpper } from './distributions';
import { codeGroups } from './groups';
import { quadFormInv } from './linalg';
import { buildTimeIndex, countTable, type CountTable } from './time-index';
import type { GroupLabel } from './types';
import { validateGroup, validateSurvival } from './validate';
import { SurvivalInputError } from './errors';

/**
 * k-sample tests of equal survival (R survival::survdiff and Prism's
 * Gehan–Breslow–Wilcoxon), computed from the per-group count table in
 * O(distinct times x groups^2).
 *
 * At each event time with n at risk and d events (n_j, d_j in group j) and weight w:
 *   O_j += w d_j,  E_j += w d n_j / n,
 *   V_jk += w^2 d (n - d) / (n - 1) * n_j / n * (delta_jk - n_k / n)   (n > 1)
 * Weights: log-rank w = 1 (rho = 0); Fleming–Harrington rho: w = S(t-)^rho of the
 * pooled KM (survdiff's `rho`, rho = 1 Peto–Peto); Gehan–Breslow–Wilcoxon: w = n.
 * Chi-square as survdiff: groups with E = 0 (e.g. empty groups) are dropped, then
 * the first remaining group, and chisq = (O-E)' V^-1 (O-E); df = groups with E > 0 minus 1.
 * With fewer than two usable groups chisq = 0, df = 0 and p = NaN; when V is
 * singular (no variance, e.g. all events at a single time with no survivors)
 * chisq and p are NaN (R's solve() stops with an error there).
 */

export type LogRankWeights = 'logrank' | 'gehan-breslow-wilcoxon';

export interface LogRankOptions {
  /** Fleming–Harrington exponent (survdiff `rho`): 0 log-rank (default), 1 Peto–Peto. */
  rho?: number;
  /** 'gehan-breslow-wilcoxon' uses w = number at risk (ignores rho). */
  weights?: LogRankWeights;
  /** Explicit level order (otherwise sorted labels); levels with no subjects are kept with zeros. */
  levels?: readonly GroupLabel[];
}

export interface LogRankResult {
  groups: string[];
  n: number[];
  observed: number[];
  expected: number[];
  /** Full groups x groups variance matrix of O - E, row-major. */
  variance: number[][];
  chisq: number;
  df: number;
  p: number;
}

export interface LogRankTrendResult {
  groups: string[];
  scores: number[];
  observed: number[];
  expected: number[];
  /** Sum of scores x (O - E). */
  statistic: number;
  variance: number;
  chisq: number;
  df: 1;
  p: number;
}

interface Accumulated {
  observed: Float64Array;
  expected: Float64Array;
  variance: Float64Array;
}

function accumulate(table: CountTable, sizes: Int32Array, opts: LogRankOptions): Accumulated {
  const G = table.nGroups;
  const u = table.nTimes;
  const rho = opts.rho ?? 0;
  const gehan = opts.weights === 'gehan-breslow-wilcoxon';
  const observed = new Float64Array(G);
  const expected = new Float64Array(G);
  const variance = new Float64Array(G * G);
  const risk = Float64Array.from(sizes);
  let nTotal = 0;
  for (let g = 0; g < G; g++) nTotal += sizes[g] as number;
  let km = 1; // pooled KM, left-continuous, for the rho weights
  for (let k = 0; k < u; k++) {
    let d = 0;
    let leaving = 0;
    for (let g = 0; g < G; g++) {
      const e = table.event[g * u + k] as number;
      d += e;
      leaving += e + (table.censor[g * u + k] as number);
    }
    if (d > 0) {
      const n = nTotal;
      const w = gehan ? n : rho === 0 ? 1 : km ** rho;
      for (let j = 0; j < G; j++) {
        const nj = risk[j] as number;
        observed[j] = (observed[j] as number) + w * (table.event[j * u + k] as number);
        expected[j] = (expected[j] as number) + (w * d * nj) / n;
      }
      if (n > 1) {
        const kt = (w * w * d * (n - d)) / (n * (n - 1));
        for (let j = 0; j < G; j++) {
          const nj = risk[j] as number;
          if (nj === 0) continue;
          variance[j * G + j] = (variance[j * G + j] as number) + kt * nj;
          for (let l = 0; l < G; l++) {
            variance[j * G + l] = (variance[j * G + l] as number) - (kt * nj * (risk[l] as number)) / n;
          }
        }
      }
      km *= (n - d) / n;
    }
    for (let g = 0; g < G; g++) {
      risk[g] = (risk[g] as number) - (table.event[g * u + k] as number) - (table.censor[g * u + k] as number);
    }
    nTotal -= leaving;
  }
  return { observed, expected, variance };
}

function prepare(time: ArrayLike<number>, status: ArrayLike<number>, group: ArrayLike<GroupLabel>, levels?: readonly GroupLabel[]) {
  validateSurvival(time, status);
  validateGroup(time, group);
  const coding = codeGroups(group, levels);
  const idx = buildTimeIndex(time);
  const table = countTable(idx, status, coding.index, coding.labels.length);
  return { coding, table };
}

/** Log-rank (or weighted) test for k >= 2 groups; R `survdiff(Surv(time, status) ~ group, rho = 0)`. */
export function logRank(
  time: ArrayLike<number>,
  status: ArrayLike<number>,
  group: ArrayLike<GroupLabel>,
  opts: LogRankOptions = {},
): LogRankResult {
  const { coding, table } = prepare(time, status, group, opts.levels);
  return logRankFromTable(coding.labels, coding.sizes, table, opts);
}

export function logRankFromTable(labels: string[], sizes: Int32Array, table: CountTable, opts: LogRankOptions = {}): LogRankResult {
  const G = labels.length;
  const acc = accumulate(table, sizes, opts);
  const keep: number[] = [];
  for (let g = 0; g < G; g++) if ((acc.expected[g] as number) > 0) keep.push(g);
  let chisq = 0;
  const df = Math.max(keep.length - 1, 0);
  if (keep.length >= 2) {
    const sub = keep.slice(1);
    const p = sub.length;
    const v = new Float64Array(p * p);
    const x = new Float64Array(p);
    sub.forEach((gi, i) => {
      x[i] = (acc.observed[gi] as number) - (acc.expected[gi] as number);
      sub.forEach((gj, j) => {
        v[i * p + j] = acc.variance[gi * G + gj] as number;
      });
    });
    chisq = quadFormInv(v, p, x);
  }
  const variance: number[][] = [];
  for (let j = 0; j < G; j++) variance.push(Array.from(acc.variance.subarray(j * G, (j + 1) * G)));
  return {
    groups: labels.slice(),
    n: Array.from(sizes),
    observed: Array.from(acc.observed),
    expected: Array.from(acc.expected),
    variance,
    chisq,
    df,
    p: df > 0 ? chisqUpper(chisq, df) : NaN,
  };
}

/**
 * Log-rank test for trend (as in Prism / Collett 2015 §2.6): U = sum_j c_j (O_j - E_j),
 * Var U = c' V c, chisq = U^2 / Var U on 1 df. Scores c default to 1..k in
 * group order (sorted labels, or `levels` if given).
 */
export function logRankTrend(
  time: ArrayLike<number>,
  status: ArrayLike<number>,
  group: ArrayLike<GroupLabel>,
  scores?: readonly number[],
  opts: LogRankOptions = {},
): LogRankTrendResult {
  const { coding, table } = prepare(time, status, group, opts.levels);
  const G = coding.labels.length;
  const c = scores ? scores.slice() : coding.labels.map((_, i) => i + 1);
  if (c.length !== G) {
    throw new SurvivalInputError(`scores has length ${c.length} but there are ${G} groups`, 'scores');
  }
  const acc = accumulate(table, coding.sizes, opts);
  let u = 0;
  let v = 0;
  for (let j = 0; j < G; j++) {
    u += (c[j] as number) * ((acc.observed[j] as number) - (acc.expected[j] as number));
    for (let l = 0; l < G; l++) v += (c[j] as number) * (c[l] as number) * (acc.variance[j * G + l] as number);
  }
  const chisq = v > 0 ? (u * u) / v : NaN;
  return {
    groups: coding.labels,
    scores: c,
    observed: Array.from(acc.observed),
    expected: Array.from(acc.expected),
    statistic: u,
    variance: v,
    chisq,
    df: 1,
    p: chisqUpper(chisq, 1),
  };
}
