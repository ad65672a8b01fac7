import type { CifCounts } from './cumulative-incidence';

/**
 * Gray's (1988) k-sample test for the cumulative incidence of one cause:
 * score vector for the first k-1 groups and its variance, a line-by-line
 * transcription of the arithmetic in cmprsk's Fortran `crst` (single stratum),
 * driven by the per-time count table instead of the sorted records.
 * Statistic = s' V^-1 s ~ chi-square(k - 1).
 */
export function grayStatistic(t: CifCounts, cj: number, rho: number): { score: Float64Array; variance: Float64Array } {
  const ng = t.nGroups;
  const ng1 = ng - 1;
  const u = t.nTimes;
  const C1 = t.nCauses + 1;
  const rs = Float64Array.from(t.sizes);
  const s = new Float64Array(ng1);
  const v = new Float64Array(ng1 * ng1); // full symmetric, we fill the lower triangle
  const f1m = new Float64Array(ng);
  const f1 = new Float64Array(ng);
  const skmm = new Float64Array(ng).fill(1);
  const skm = new Float64Array(ng).fill(1);
  const v3 = new Float64Array(ng);
  const v2 = new Float64Array(ng1 * ng);
  const c = new Float64Array(ng * ng);
  const a = new Float64Array(ng * ng);
  const d1 = new Float64Array(ng);
  const d2 = new Float64Array(ng);
  const leave = new Float64Array(ng);
  let fm = 0;
  let f = 0;
  for (let k = 0; k < u; k++) {
    let nd1 = 0;
    let nd2 = 0;
    for (let g = 0; g < ng; g++) {
      const base = (g * u + k) * C1;
      let total = 0;
      for (let j = 0; j < C1; j++) total += t.counts[base + j] as number;
      const e1 = t.counts[base + cj] as number;
      d1[g] = e1;
      d2[g] = total - (t.counts[base] as number) - e1;
      leave[g] = total;
      nd1 += e1;
      nd2 += d2[g] as number;
    }
    if (nd1 > 0 || nd2 > 0) {
      let tr = 0;
      let tq = 0;
      for (let i = 0; i < ng; i++) {
        const r = rs[i] as number;
        if (r <= 0) continue;
        const td = (d1[i] as number) + (d2[i] as number);
        // skmm / f1m: left-continuous KM and CIF of group i; skm / f1 right-continuous
        skm[i] = ((skmm[i] as number) * (r - td)) / r;
        f1[i] = (f1m[i] as number) + ((skmm[i] as number) * (d1[i] as number)) / r;
        tr += r / (skmm[i] as number);
        tq += (r * (1 - (f1m[i] as number))) / (skmm[i] as number);
      }
      f = fm + nd1 / tr;
      const fb = (1 - fm) ** rho;
      for (let i = 0; i < ng; i++) {
        for (let j = i; j < ng; j++) a[i * ng + j] = 0;
        const ri = rs[i] as number;
        if (ri <= 0) continue;
        const t1 = ri / (skmm[i] as number);
        a[i * ng + i] = fb * t1 * (1 - t1 / tr);
        c[i * ng + i] = (c[i * ng + i] as number) + ((a[i * ng + i] as number) * nd1) / (tr * (1 - fm));
        for (let j = i + 1; j < ng; j++) {
          const rj = rs[j] as number;
          if (rj <= 0) continue;
          a[i * ng + j] = (-fb * t1 * rj) / ((skmm[j] as number) * tr);
          c[i * ng + j] = (c[i * ng + j] as number) + ((a[i * ng + j] as number) * nd1) / (tr * (1 - fm));
        }
      }
      for (let i = 1; i < ng; i++) {
        for (let j = 0; j < i; j++) {
          a[i * ng + j] = a[j * ng + i] as number;
          c[i * ng + j] = c[j * ng + i] as number;
        }
      }
      for (let i = 0; i < ng1; i++) {
        const ri = rs[i] as number;
        if (ri <= 0) continue;
        s[i] = (s[i] as number) + fb * ((d1[i] as number) - (nd1 * ri * (1 - (f1m[i] as number))) / ((skmm[i] as number) * tq));
      }
      if (nd1 > 0) {
        for (let k2 = 0; k2 < ng; k2++) {
          const rk = rs[k2] as number;
          if (rk <= 0) continue;
          const t4 = (skm[k2] as number) > 0 ? 1 - (1 - f) / (skm[k2] as number) : 1;
          const t5 = nd1 > 1 ? 1 - (nd1 - 1) / (tr * (skmm[k2] as number) - 1) : 1;
          const t3 = (t5 * (skmm[k2] as number) * nd1) / (tr * rk);
          v3[k2] = (v3[k2] as number) + t4 * t4 * t3;
          for (let i = 0; i < ng1; i++) {
            const t1 = (a[i * ng + k2] as number) - t4 * (c[i * ng + k2] as number);
            v2[i * ng + k2] = (v2[i * ng + k2] as number) + t1 * t4 * t3;
            for (let j = 0; j <= i; j++) {
              const t2 = (a[j * ng + k2] as number) - t4 * (c[j * ng + k2] as number);
              v[i * ng1 + j] = (v[i * ng1 + j] as number) + t1 * t2 * t3;
            }
          }
        }
      }
      if (nd2 > 0) {
        for (let k2 = 0; k2 < ng; k2++) {
          const dk = d2[k2] as number;
          if ((skm[k2] as number) <= 0 || dk <= 0) continue;
          const rk = rs[k2] as number;
          const t4 = (1 - f) / (skm[k2] as number);
          const t5 = dk > 1 ? 1 - (dk - 1) / (rk - 1) : 1;
          const t3 = (t5 * (skmm[k2] as number) ** 2 * dk) / rk ** 2;
          v3[k2] = (v3[k2] as number) + t4 * t4 * t3;
          for (let i = 0; i < ng1; i++) {
            const t1 = t4 * (c[i * ng + k2] as number);
            v2[i * ng + k2] = (v2[i * ng + k2] as number) - t1 * t4 * t3;
            for (let j = 0; j <= i; j++) {
              const t2 = t4 * (c[j * ng + k2] as number);
              v[i * ng1 + j] = (v[i * ng1 + j] as number) + t1 * t2 * t3;
            }
          }
        }
      }
    }
    for (let g = 0; g < ng; g++) rs[g] = (rs[g] as number) - (leave[g] as number);
    fm = f;
    for (let g = 0; g < ng; g++) {
      f1m[g] = f1[g] as number;
      skmm[g] = skm[g] as number;
    }
  }
  for (let i = 0; i < ng1; i++) {
    for (let j = 0; j <= i; j++) {
      let add = 0;
      for (let k2 = 0; k2 < ng; k2++) {
        add += (c[i * ng + k2] as number) * (c[j * ng + k2] as number) * (v3[k2] as number);
        add += (c[i * ng + k2] as number) * (v2[j * ng + k2] as number);
        add += (c[j * ng + k2] as number) * (v2[i * ng + k2] as number);
      }
      v[i * ng1 + j] = (v[i * ng1 + j] as number) + add;
      v[j * ng1 + i] = v[i * ng1 + j] as number;
    }
  }
  return { score: s, variance: v };
}
