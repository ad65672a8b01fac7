import { SurvivalInputError } from './errors';
import { codeGroups } from './groups';
import { buildTimeIndex, orderByRank, type TimeIndex } from './time-index';
import type { GroupLabel } from './types';
import { validateGroup, validateNumeric } from './validate';

/**
 * Data preparation for the Cox model: the design matrix (dummy coding against
 * a reference level, covariates centred on their means as coxph does) and the
 * records sorted by time that the likelihood pass walks.
 */

export interface CoxCovariate {
  name: string;
  values: ArrayLike<GroupLabel> | ArrayLike<number>;
  type: 'categorical' | 'numeric';
  /** Reference level for categorical covariates (default: first level in sorted order). */
  reference?: GroupLabel;
}

export interface Design {
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


export function buildDesign(time: ArrayLike<number>, covariates: readonly CoxCovariate[]): Design {
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
export interface Sorted {
  x: Float64Array; // records x p
  count: Float64Array;
  deaths: Float64Array;
  start: Int32Array; // block k = records start[k] .. start[k+1]-1
  n: number; // number of records
  p: number;
}

export function sortRecords(design: Design, status: ArrayLike<number>, time: ArrayLike<number>, prebuilt?: TimeIndex): Sorted {
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
