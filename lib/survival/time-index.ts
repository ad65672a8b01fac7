/**
 * Sort-once preprocessing. Every estimator in this library works on the
 * distinct observed times: we sort a Float64Array copy of the times with the
 * native numeric typed-array sort (no comparator callbacks), keep the distinct
 * values, and map each subject to the rank of its time by binary search.
 * O(n log n) overall, typed arrays only, no per-subject objects.
 */

export interface TimeIndex {
  /** Distinct times, increasing. */
  times: Float64Array;
  /** rank[i] = index into `times` of subject i's time. */
  rank: Int32Array;
}

export function buildTimeIndex(time: ArrayLike<number>): TimeIndex {
  return integerTimeIndex(time) ?? sortedTimeIndex(time);
}

/**
 * Fast path for whole-number times in a modest range (days, the registry's
 * unit): a presence table indexed by the time itself gives the ranks in O(n + max).
 * Returns null when the times are not all small non-negative integers.
 */
function integerTimeIndex(time: ArrayLike<number>): TimeIndex | null {
  const n = time.length;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    if (!Number.isInteger(t) || t < 0) return null;
    if (t > max) max = t;
  }
  if (max > 8 * n + 4096 || max > 1 << 26) return null;
  const lut = new Int32Array(max + 1).fill(-1);
  for (let i = 0; i < n; i++) lut[time[i] as number] = 0;
  let u = 0;
  for (let t = 0; t <= max; t++) if (lut[t] === 0) lut[t] = u++;
  const times = new Float64Array(u);
  for (let t = 0; t <= max; t++) {
    const r = lut[t] as number;
    if (r >= 0) times[r] = t;
  }
  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) rank[i] = lut[time[i] as number] as number;
  return { times, rank };
}

/** General path: native typed-array sort, distinct values, binary search per subject. */
function sortedTimeIndex(time: ArrayLike<number>): TimeIndex {
  const n = time.length;
  const sorted = Float64Array.from(time);
  sorted.sort();
  let u = 0;
  for (let i = 0; i < n; i++) {
    const t = sorted[i] as number;
    if (u === 0 || t !== sorted[u - 1]) sorted[u++] = t;
  }
  const times = sorted.slice(0, u);
  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    let lo = 0;
    let hi = u - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((times[mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    rank[i] = lo;
  }
  return { times, rank };
}

/** Subjects ordered by time rank (counting sort on the ranks, stable). */
export function orderByRank(idx: TimeIndex): { order: Int32Array; start: Int32Array } {
  const u = idx.times.length;
  const n = idx.rank.length;
  const start = new Int32Array(u + 1);
  for (let i = 0; i < n; i++) {
    const r = (idx.rank[i] as number) + 1;
    start[r] = (start[r] as number) + 1;
  }
  for (let k = 0; k < u; k++) start[k + 1] = (start[k + 1] as number) + (start[k] as number);
  const fill = start.slice(0, u);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = idx.rank[i] as number;
    order[fill[r] as number] = i;
    fill[r] = (fill[r] as number) + 1;
  }
  return { order, start };
}

/**
 * Per-group event/censor counts at each distinct time, flattened as
 * `[g * nTimes + k]`. This table is all that KM, log-rank and the
 * categorical Cox model need, so those are O(groups x distinct times) after it.
 */
export interface CountTable {
  nTimes: number;
  nGroups: number;
  event: Int32Array;
  censor: Int32Array;
}

export function countTable(
  idx: TimeIndex,
  status: ArrayLike<number>,
  groupIndex: Int32Array | null,
  nGroups: number,
): CountTable {
  const u = idx.times.length;
  const event = new Int32Array(u * nGroups);
  const censor = new Int32Array(u * nGroups);
  const n = idx.rank.length;
  for (let i = 0; i < n; i++) {
    const g = groupIndex ? (groupIndex[i] as number) : 0;
    const cell = g * u + (idx.rank[i] as number);
    if (status[i] === 1) event[cell] = (event[cell] as number) + 1;
    else censor[cell] = (censor[cell] as number) + 1;
  }
  return { nTimes: u, nGroups, event, censor };
}
