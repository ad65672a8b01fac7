import { chisqUpper, normalTwoSided, zForConfLevel } from './distributions';
import { SurvivalInputError } from './errors';
import { codeGroups } from './groups';
import { cholesky, cholSolve, invertSpd } from './linalg';
import { buildTimeIndex, orderByRank, type TimeIndex } from './time-index';
import type { GroupLabel } from './types';
import { validateGroup, validateNumeric, validateSurvival } from './validate';

/**
 * Cox proportional hazards model with Efron ties, mirroring R
 * `coxph(Surv(time, status) ~ ...)` (survival's C routine coxfit6):
 *  - covariates are centred on their means (changes nothing but round-off),
 *  - Newton–Raphson from beta = 0; a step whose log-likelihood decreases is
 *    halved; converged when |1 - loglik_old / loglik_new| <= eps (1e-9) after a
 *    full step; at most 20 iterations;
 *  - variance = inverse information at the final beta; score test at beta = 0;
 *    Wald = b' V^-1 b; LR = 2 (loglik - loglik0).
 * Each iteration is one pass over subjects sorted by time (descending), with
 * running sums over the risk set and Efron's correction per tied-time block:
 * O(n p^2). Data are sorted once (counting sort on the time ranks).
 */

export interface CoxCovariate {
  name: string;
  values: ArrayLike<GroupLabel> | ArrayLike<number>;
  type: 'categorical' | 'numeric';
  /** Reference level for categorical covariates (default: first level in sorted order). */
  reference?: GroupLabel;
}

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

interface Design {
  x: Float64Array; // n x p, row-major, centred
  p: number;
  terms: { name: string; covariate: string; level: string | null }[];
  references: Record<string, string>;
  /**
   * Covariate pattern of each subject when every covariate is categorical
   * (mixed-radix combination of the level indices), else null.
   */
  pattern: Int32Array | null;
  nPatterns: number;
}

function buildDesign(time: ArrayLike<number>, covariates: readonly CoxCovariate[]): Design {
  const n = time.length;
  const cols: Float64Array[] = [];
  const terms: Design['terms'] = [];
  const references: Record<string, string> = {};
  let pattern: Int32Array | null = new Int32Array(n);
  let nPatterns = 1;
  for (const cov of covariates) {
    if (cov.type === 'numeric') {
      pattern = null;
      validateNumeric(cov.name, time, cov.values as ArrayLike<number>);
      cols.push(Float64Array.from(cov.values as ArrayLike<number>));
      terms.push({ name: cov.name, covariate: cov.name, level: null });
      continue;
    }
    const values = cov.values as ArrayLike<GroupLabel>;
    validateGroup(time, values);
    const coding = codeGroups(values);
    const ref = cov.reference === undefined ? coding.labels[0] : String(cov.reference);
    const refIndex = ref === undefined ? -1 : coding.labels.indexOf(ref);
    if (refIndex < 0 && n > 0) {
      throw new SurvivalInputError(`reference level ${String(cov.reference)} does not occur in ${cov.name}`, cov.name);
    }
    references[cov.name] = ref ?? '';
    const L = coding.labels.length;
    if (pattern && nPatterns * L <= 1 << 16) {
      for (let i = 0; i < n; i++) pattern[i] = (pattern[i] as number) * L + (coding.index[i] as number);
      nPatterns *= L;
    } else pattern = null;
    coding.labels.forEach((label, li) => {
      if (li === refIndex) return;
      const col = new Float64Array(n);
      for (let i = 0; i < n; i++) col[i] = coding.index[i] === li ? 1 : 0;
      cols.push(col);
      terms.push({ name: `${cov.name}${label}`, covariate: cov.name, level: label });
    });
  }
  const p = cols.length;
  const x = new Float64Array(n * p);
  cols.forEach((col, j) => {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += col[i] as number;
    mean = n > 0 ? mean / n : 0;
    for (let i = 0; i < n; i++) x[i * p + j] = (col[i] as number) - mean;
  });
  return { x, p, terms, references, pattern, nPatterns };
}

/**
 * Records sorted by time with their tied-time blocks. A record is one subject,
 * or (all-categorical models) all subjects sharing a time and a covariate
 * pattern: `count` subjects of which `deaths` died. Collapsing changes no
 * arithmetic of the Efron formulas (sums of identical terms), and makes an
 * iteration O(distinct times x patterns) instead of O(n).
 */
interface Sorted {
  x: Float64Array; // records x p
  count: Float64Array;
  deaths: Float64Array;
  start: Int32Array; // block k = records start[k] .. start[k+1]-1
  n: number; // number of records
  p: number;
}

function sortRecords(design: Design, status: ArrayLike<number>, time: ArrayLike<number>, prebuilt?: TimeIndex): Sorted {
  const { p } = design;
  const nSubj = time.length;
  const idx = prebuilt ?? buildTimeIndex(time);
  const u = idx.times.length;
  const P = design.nPatterns;
  if (design.pattern && u * P <= 4 * nSubj + 1024) {
    const pat = design.pattern;
    const tot = new Int32Array(u * P);
    const dd = new Int32Array(u * P);
    const row = new Int32Array(P).fill(-1);
    for (let i = 0; i < nSubj; i++) {
      const q = pat[i] as number;
      const cell = (idx.rank[i] as number) * P + q;
      tot[cell] = (tot[cell] as number) + 1;
      if (status[i] === 1) dd[cell] = (dd[cell] as number) + 1;
      if (row[q] === -1) row[q] = i;
    }
    let m = 0;
    for (let c = 0; c < u * P; c++) if ((tot[c] as number) > 0) m++;
    const x = new Float64Array(m * p);
    const count = new Float64Array(m);
    const deaths = new Float64Array(m);
    const start = new Int32Array(u + 1);
    let r = 0;
    for (let k = 0; k < u; k++) {
      start[k] = r;
      for (let q = 0; q < P; q++) {
        const c = k * P + q;
        if ((tot[c] as number) === 0) continue;
        const src = row[q] as number;
        for (let j = 0; j < p; j++) x[r * p + j] = design.x[src * p + j] as number;
        count[r] = tot[c] as number;
        deaths[r] = dd[c] as number;
        r++;
      }
    }
    start[u] = r;
    return { x, count, deaths, start, n: m, p };
  }
  const { order, start } = orderByRank(idx);
  const x = new Float64Array(nSubj * p);
  const count = new Float64Array(nSubj).fill(1);
  const deaths = new Float64Array(nSubj);
  for (let r = 0; r < nSubj; r++) {
    const i = order[r] as number;
    for (let j = 0; j < p; j++) x[r * p + j] = design.x[i * p + j] as number;
    deaths[r] = status[i] === 1 ? 1 : 0;
  }
  return { x, count, deaths, start, n: nSubj, p };
}

interface Eval {
  loglik: number;
  u: Float64Array;
  imat: Float64Array;
}

/** Log partial likelihood (Efron), score and information at beta: one pass, descending time. */
function evaluate(s: Sorted, beta: Float64Array, eta: Float64Array, w: Float64Array, ws: Float64Array): Eval {
  const { x, count, deaths, start, n, p } = s;
  for (let i = 0; i < n; i++) {
    let e = 0;
    for (let j = 0; j < p; j++) e += (x[i * p + j] as number) * (beta[j] as number);
    eta[i] = e;
    w[i] = Math.exp(e);
  }
  // ws layout: a[p], c[p*p] (risk set), a2[p], c2[p*p] (deaths of the block)
  ws.fill(0);
  const aOff = 0;
  const cOff = p;
  const a2Off = p + p * p;
  const c2Off = 2 * p + p * p;
  const u = new Float64Array(p);
  const imat = new Float64Array(p * p);
  let loglik = 0;
  let denom = 0;
  for (let k = start.length - 2; k >= 0; k--) {
    let denom2 = 0;
    let ndead = 0;
    for (let r = start[k + 1] as number; r-- > (start[k] as number); ) {
      const wr = w[r] as number;
      const risk = (count[r] as number) * wr;
      const nd = deaths[r] as number;
      const dRisk = nd * wr;
      denom += risk;
      if (nd > 0) {
        denom2 += dRisk;
        ndead += nd;
        loglik += nd * (eta[r] as number);
      }
      for (let i = 0; i < p; i++) {
        const xi = x[r * p + i] as number;
        ws[aOff + i] = (ws[aOff + i] as number) + risk * xi;
        if (nd > 0) {
          ws[a2Off + i] = (ws[a2Off + i] as number) + dRisk * xi;
          u[i] = (u[i] as number) + nd * xi;
        }
        for (let j = 0; j <= i; j++) {
          const xij = xi * (x[r * p + j] as number);
          ws[cOff + i * p + j] = (ws[cOff + i * p + j] as number) + risk * xij;
          if (nd > 0) ws[c2Off + i * p + j] = (ws[c2Off + i * p + j] as number) + dRisk * xij;
        }
      }
    }
    if (ndead === 0) continue;
    // Efron: the k-th of the tied deaths sees the risk set minus k/ndead of the dying mass.
    for (let m = 0; m < ndead; m++) {
      const f = m / ndead;
      const d2 = denom - f * denom2;
      loglik -= Math.log(d2);
      for (let i = 0; i < p; i++) {
        const ai = ((ws[aOff + i] as number) - f * (ws[a2Off + i] as number)) / d2;
        u[i] = (u[i] as number) - ai;
        for (let j = 0; j <= i; j++) {
          const aj = ((ws[aOff + j] as number) - f * (ws[a2Off + j] as number)) / d2;
          const cij = ((ws[cOff + i * p + j] as number) - f * (ws[c2Off + i * p + j] as number)) / d2;
          imat[i * p + j] = (imat[i * p + j] as number) + cij - ai * aj;
        }
      }
    }
    ws.fill(0, a2Off, a2Off + p);
    ws.fill(0, c2Off, c2Off + p * p);
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) imat[j * p + i] = imat[i * p + j] as number;
  return { loglik, u, imat };
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
  let best = loglik0;
  let halving = false;
  let cur: Eval = e0;
  let iter = 0;
  let converged = false;
  for (iter = 1; iter <= maxIter; iter++) {
    cur = evaluate(sorted, newBeta, eta, w, ws);
    if (!halving && Math.abs(1 - best / cur.loglik) <= eps) {
      converged = true;
      break;
    }
    if (iter === maxIter) break;
    if (cur.loglik < best || !Number.isFinite(cur.loglik)) {
      halving = true; // not converging: step halving towards the last good beta
      const nb = new Float64Array(p);
      for (let i = 0; i < p; i++) nb[i] = ((newBeta[i] as number) + (beta[i] as number)) / 2;
      newBeta = nb;
    } else {
      halving = false;
      best = cur.loglik;
      const l = Float64Array.from(cur.imat);
      if (!cholesky(l, p)) break;
      const step = cholSolve(l, p, cur.u);
      beta = newBeta;
      newBeta = new Float64Array(p);
      for (let i = 0; i < p; i++) newBeta[i] = (beta[i] as number) + (step[i] as number);
    }
  }
  iter = Math.min(iter, maxIter);
  const b = newBeta;
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
