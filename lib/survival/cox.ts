import { chisqUpper, normalTwoSided, zForConfLevel } from './distributions';
import { SurvivalInputError } from './errors';
import { cholesky, cholSolve, invertSpd } from './linalg';
import { buildDesign, sortRecords, type CoxCovariate } from './cox-data';
import { evaluate, type Eval } from './cox-likelihood';
import type { TimeIndex } from './time-index';
import { validateSurvival } from './validate';

export type { CoxCovariate } from './cox-data';

/**
 * Cox proportional hazards model with Efron ties, mirroring R
 * `coxph(Surv(time, status) ~ ...)` (survival's C routine coxfit6):
 *  - covariates are centred on their means (changes nothing but round-off),
 *  - Newton–Raphson from beta = 0; a step whose log-likelihood decreases (or
 *    is not finite) is pulled back towards the last good beta (halving, then
 *    2/3, 3/4 ... as coxfit6); converged when |1 - loglik_best / loglik_new| <= eps
 *    (1e-9); at most 20 iterations, after which the last good beta is reported;
 *  - variance = inverse information at the final beta; score test at beta = 0;
 *    Wald = b' V^-1 b; LR = 2 (loglik - loglik0).
 * Each iteration is one pass over subjects sorted by time (descending), with
 * running sums over the risk set and Efron's correction per tied-time block:
 * O(records x p^2), where a record is a subject or, for all-categorical models,
 * the subjects sharing a time and covariate pattern. Data are sorted once.
 */

export interface CoxOptions {
  maxIter?: number;
  eps?: number;
  confLevel?: number;
}

export interface CoxTerm {
  /** R-style coefficient name: covariate name + level for dummies (e.g. "groupB"), or the covariate name. */
  name: string;
  covariate: string;
  /** Level compared with the reference (categorical only). */
  level: string | null;
  coef: number;
  se: number;
  hr: number;
  hrLower: number;
  hrUpper: number;
  z: number;
  pWald: number;
}

export interface CoxResult {
  ties: 'efron';
  terms: CoxTerm[];
  /** Reference level per categorical covariate. */
  references: Record<string, string>;
  /** [null model, final model], as coxph's `loglik`. */
  loglik: [number, number];
  lrChisq: number;
  waldChisq: number;
  scoreChisq: number;
  df: number;
  pLr: number;
  pWald: number;
  pScore: number;
  /** Variance matrix of the coefficients, row-major p x p. */
  variance: number[][];
  iterations: number;
  converged: boolean;
  n: number;
  events: number;
}

export function coxPh(
  time: ArrayLike<number>,
  status: ArrayLike<number>,
  covariates: readonly CoxCovariate[],
  opts: CoxOptions = {},
): CoxResult {
  validateSurvival(time, status);
  return fitCox(time, status, covariates, opts);
}

/** coxPh without re-validation, optionally reusing a time index (used by analyse). */
export function fitCox(
  time: ArrayLike<number>,
  status: ArrayLike<number>,
  covariates: readonly CoxCovariate[],
  opts: CoxOptions = {},
  idx?: TimeIndex,
): CoxResult {
  const maxIter = opts.maxIter ?? 20;
  const eps = opts.eps ?? 1e-9;
  const design = buildDesign(time, covariates);
  const { p } = design;
  const n = time.length;
  if (p === 0) throw new SurvivalInputError('coxPh needs at least one covariate with two or more levels', 'covariates');

  let events = 0;
  for (let i = 0; i < n; i++) events += status[i] === 1 ? 1 : 0;
  const sorted = sortRecords(design, status, time, idx);
  const eta = new Float64Array(sorted.n);
  const w = new Float64Array(sorted.n);
  const ws = new Float64Array(2 * p + 2 * p * p);

  let beta = new Float64Array(p);
  const e0 = evaluate(sorted, beta, eta, w, ws);
  const loglik0 = e0.loglik;
  const l0 = Float64Array.from(e0.imat);
  if (!cholesky(l0, p)) throw new SurvivalInputError('Cox model information matrix is singular at beta = 0 (no events, or a level without subjects at risk)', 'covariates');
  const step0 = cholSolve(l0, p, e0.u);
  let scoreChisq = 0;
  for (let i = 0; i < p; i++) scoreChisq += (step0[i] as number) * (e0.u[i] as number);

  let newBeta = new Float64Array(p);
  for (let i = 0; i < p; i++) newBeta[i] = (beta[i] as number) + (step0[i] as number);
  let best = loglik0; // coxfit6's loglik[1]: best so far
  let halving = 0;
  let cur: Eval = e0;
  let iter = 0;
  let converged = false;
  let b = newBeta;
  for (iter = 1; iter <= maxIter; iter++) {
    cur = evaluate(sorted, newBeta, eta, w, ws);
    const finite = Number.isFinite(cur.loglik) && cur.u.every(Number.isFinite) && cur.imat.every(Number.isFinite);
    if (finite && Math.abs(1 - best / cur.loglik) <= eps) {
      converged = true;
      b = newBeta;
      break;
    }
    if (!finite || cur.loglik < best) {
      // not converging: coxfit6 moves back towards the last good beta, more each time
      halving++;
      const nb = new Float64Array(p);
      for (let i = 0; i < p; i++) nb[i] = ((newBeta[i] as number) + halving * (beta[i] as number)) / (halving + 1);
      newBeta = nb;
    } else {
      halving = 0;
      best = cur.loglik;
      const l = Float64Array.from(cur.imat);
      if (!cholesky(l, p)) break;
      const step = cholSolve(l, p, cur.u);
      beta = newBeta;
      newBeta = new Float64Array(p);
      for (let i = 0; i < p; i++) newBeta[i] = (beta[i] as number) + (step[i] as number);
    }
  }
  if (!converged) {
    // Out of iterations: like coxfit6, report the last good beta with its loglik and information.
    iter = Math.min(iter, maxIter);
    b = beta;
    if (maxIter > 1) cur = evaluate(sorted, beta, eta, w, ws);
  }
  const vinv = invertSpd(cur.imat, p);
  const z = zForConfLevel(opts.confLevel ?? 0.95);
  let waldChisq = 0;
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) waldChisq += (b[i] as number) * (cur.imat[i * p + j] as number) * (b[j] as number);
  const terms: CoxTerm[] = design.terms.map((t, j) => {
    const coef = b[j] as number;
    const se = vinv ? Math.sqrt(vinv[j * p + j] as number) : NaN;
    return {
      ...t,
      coef,
      se,
      hr: Math.exp(coef),
      hrLower: Math.exp(coef - z * se),
      hrUpper: Math.exp(coef + z * se),
      z: coef / se,
      pWald: normalTwoSided(coef / se),
    };
  });
  const variance: number[][] = [];
  for (let i = 0; i < p; i++) variance.push(vinv ? Array.from(vinv.subarray(i * p, (i + 1) * p)) : new Array<number>(p).fill(NaN));
  const lrChisq = 2 * (cur.loglik - loglik0);
  return {
    ties: 'efron',
    terms,
    references: design.references,
    loglik: [loglik0, cur.loglik],
    lrChisq,
    waldChisq,
    scoreChisq,
    df: p,
    pLr: chisqUpper(lrChisq, p),
    pWald: chisqUpper(waldChisq, p),
    pScore: chisqUpper(scoreChisq, p),
    variance,
    iterations: iter,
    converged,
    n,
    events,
  };
}
