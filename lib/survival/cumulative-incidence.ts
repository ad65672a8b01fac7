import { chisqUpper } from './distributions';
import { codeGroups } from './groups';
import { quadFormInv } from './linalg';
import { buildTimeIndex } from './time-index';
import type { GroupLabel } from './types';
import { validateCause, validateGroup, validateTime } from './validate';
import { grayStatistic } from './gray-test';

/**
 * Cumulative incidence with competing risks (Aalen–Johansen) and Gray's test,
 * matching cmprsk::cuminc (rho = 0, no strata):
 *  - estimates and variances follow cmprsk's Fortran `cinc` (the delta-method
 *    variance of Gray's documentation, ties handled by the (d-1)/(n-1) factor);
 *  - each curve is returned as cmprsk returns it, ready to draw as a step
 *    function: (0, 0), then two points at every time with an event of the cause
 *    (value before and after the jump), then a last point at the largest
 *    follow-up time of the group;
 *  - curves are ordered by cause, then group; named "<group> <cause>";
 *  - groups without subjects are dropped (as cuminc does); causes are the
 *    non-zero codes that occur. Gray's test is computed when >= 2 groups.
 */

export interface CifCurve {
  /** cmprsk's name: "<group> <cause>". */
  name: string;
  group: string;
  cause: number;
  time: number[];
  est: number[];
  var: number[];
}

export interface GrayTest {
  cause: number;
  stat: number;
  p: number;
  df: number;
}

export interface CumulativeIncidenceResult {
  groups: string[];
  causes: number[];
  curves: CifCurve[];
  /** One entry per cause; null when there are fewer than two groups. */
  grayTest: GrayTest[] | null;
}

export interface CifCounts {
  times: Float64Array;
  nTimes: number;
  nGroups: number;
  nCauses: number;
  /** counts[(g * nTimes + k) * (nCauses + 1) + j]; j = 0 censored, j >= 1 cause index + 1. */
  counts: Int32Array;
  sizes: Int32Array;
}

export function cumulativeIncidence(
  time: ArrayLike<number>,
  cause: ArrayLike<number>,
  group?: ArrayLike<GroupLabel>,
  opts: { rho?: number } = {},
): CumulativeIncidenceResult {
  validateTime(time);
  validateCause(time, cause);
  if (group) validateGroup(time, group);
  const n = time.length;
  const coding = codeGroups(group ?? new Array<number>(n).fill(1));
  const causeSet = new Set<number>();
  for (let i = 0; i < n; i++) if ((cause[i] as number) !== 0) causeSet.add(cause[i] as number);
  const causes = [...causeSet].sort((a, b) => a - b);
  const causePos = new Map(causes.map((c, j) => [c, j + 1]));
  const idx = buildTimeIndex(time);
  const u = idx.times.length;
  const C1 = causes.length + 1;
  const G = coding.labels.length;
  const counts = new Int32Array(G * u * C1);
  for (let i = 0; i < n; i++) {
    const c = cause[i] as number;
    const j = c === 0 ? 0 : (causePos.get(c) ?? 0);
    const cell = ((coding.index[i] as number) * u + (idx.rank[i] as number)) * C1 + j;
    counts[cell] = (counts[cell] as number) + 1;
  }
  const table: CifCounts = { times: idx.times, nTimes: u, nGroups: G, nCauses: causes.length, counts, sizes: coding.sizes };
  const curves: CifCurve[] = [];
  causes.forEach((c, ci) => {
    for (let g = 0; g < G; g++) curves.push({ name: `${coding.labels[g]} ${c}`, group: coding.labels[g] ?? '', cause: c, ...cincCurve(table, g, ci + 1) });
  });
  let grayTest: GrayTest[] | null = null;
  if (G >= 2) {
    grayTest = causes.map((c, ci) => {
      const { score, variance } = grayStatistic(table, ci + 1, opts.rho ?? 0);
      const stat = quadFormInv(variance, G - 1, score);
      return { cause: c, stat, p: chisqUpper(stat, G - 1), df: G - 1 };
    });
  }
  return { groups: coding.labels, causes, curves, grayTest };
}

/** cmprsk `cinc` for group g and cause column `cj` of the count table. */
function cincCurve(t: CifCounts, g: number, cj: number): { time: number[]; est: number[]; var: number[] } {
  const { nTimes: u, counts } = t;
  const C1 = t.nCauses + 1;
  const x = [0];
  const f = [0];
  const v = [0];
  let fk = 1;
  let v1 = 0;
  let v2 = 0;
  let v3 = 0;
  let rs = t.sizes[g] as number;
  let lastTime = 0;
  for (let k = 0; k < u; k++) {
    const base = (g * u + k) * C1;
    let total = 0;
    for (let j = 0; j < C1; j++) total += counts[base + j] as number;
    if (total === 0) continue;
    lastTime = t.times[k] as number;
    const nd1 = counts[base + cj] as number;
    const nd2 = total - (counts[base] as number) - nd1;
    const nd = nd1 + nd2;
    if (nd > 0) {
      const fkn = (fk * (rs - nd)) / rs;
      if (nd1 > 0) {
        const prev = f[f.length - 1] as number;
        f.push(prev, prev + (fk * nd1) / rs);
      }
      const fl = f[f.length - 1] as number;
      if (nd2 > 0 && fkn > 0) {
        const t5 = nd2 > 1 ? 1 - (nd2 - 1) / (rs - 1) : 1;
        const t6 = (fk * fk * t5 * nd2) / (rs * rs);
        const t3 = 1 / fkn;
        const t4 = fl / fkn;
        v1 += t4 * t4 * t6;
        v2 += t3 * t4 * t6;
        v3 += t3 * t3 * t6;
      }
      if (nd1 > 0) {
        const t5 = nd1 > 1 ? 1 - (nd1 - 1) / (rs - 1) : 1;
        const t6 = (fk * fk * t5 * nd1) / (rs * rs);
        const t3 = fkn > 0 ? 1 / fkn : 0;
        const t4 = 1 + t3 * fl;
        v1 += t4 * t4 * t6;
        v2 += t3 * t4 * t6;
        v3 += t3 * t3 * t6;
        const tm = t.times[k] as number;
        x.push(tm, tm);
        v.push(v[v.length - 1] as number, v1 + fl * fl * v3 - 2 * fl * v2);
      }
      fk = fkn;
    }
    rs -= total;
  }
  x.push(lastTime);
  f.push(f[f.length - 1] as number);
  v.push(v[v.length - 1] as number);
  return { time: x, est: f, var: v };
}
