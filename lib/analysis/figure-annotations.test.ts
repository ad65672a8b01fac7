import { describe, expect, it } from 'vitest';
import { cifBand, cifLimits } from './cif-bands';
import { cifAnnotation, kmAnnotation, pText } from './figure-annotations';
import { cumulativeIncidence } from '@/lib/survival';
import { loadCsv, loadExpected } from '@/lib/survival/test-helpers';

describe('figure annotations', () => {
  it('prints p as journals do', () => {
    expect(pText(0.8123)).toBe('p = 0.81');
    expect(pText(0.0042)).toBe('p = 0.004');
    expect(pText(0.00001)).toBe('p < 0.001');
  });
  it('KM: log-rank p, and for two groups the Cox HR with its 95% CI and what it compares', () => {
    expect(kmAnnotation({ logRank: { chisq: 0.06, df: 1, p: 0.8123 }, trend: null, gehanBreslowWilcoxon: null,
      cox: { reference: 'Adverse event + other', label: 'Progression', hr: 1.0934, lower: 0.5049, upper: 2.3681, p: 0.82 } }))
      .toEqual(['Log-rank p = 0.81', 'HR 1.09 (95% CI 0.50–2.37)', 'Progression vs Adverse event + other']);
  });
  it('KM: trend and Gehan–Breslow–Wilcoxon when computed; nothing for one group', () => {
    const t = { chisq: 9, df: 2, p: 0.011 };
    expect(kmAnnotation({ logRank: t, trend: { chisq: 8, df: 1, p: 0.0004 }, gehanBreslowWilcoxon: { chisq: 7, df: 2, p: 0.03 }, cox: null }))
      .toEqual(['Log-rank p = 0.01', 'Log-rank for trend p < 0.001', 'Gehan–Breslow–Wilcoxon p = 0.03']);
    expect(kmAnnotation({ logRank: null, trend: null, gehanBreslowWilcoxon: null, cox: null })).toEqual([]);
  });
  it("CIF: Gray's p per drawn cause", () => {
    expect(cifAnnotation({ gray: [{ cause: 'Adverse event', stat: 1, df: 1, p: 0.317 }, { cause: 'Progression', stat: 5, df: 1, p: 0.025 }] }))
      .toEqual(['Gray’s test, Adverse event: p = 0.32', 'Gray’s test, Progression: p = 0.03']);
    expect(cifAnnotation({ gray: null })).toEqual([]);
  });
});

describe('cumulative incidence 95% band (log(-log) from the cuminc variance)', () => {
  // R cmprsk::cuminc on pbc (test/reference/survival), curve "D-penicillamine 1"; the limits below were
  // computed by hand from R's est and var: F^exp(∓1.959964·sqrt(var) / (F·log F)).
  const want = loadExpected('pbc').cumulative_incidence as { curves: { curve: string; time: number[]; est: number[]; var: number[] }[] };
  const r = want.curves[0];
  if (!r) throw new Error('no reference curve');
  it('equals the hand-computed limits at R reference points', () => {
    const band = cifBand(r.est, r.var);
    const hand: [number, number, number][] = [
      [2, 0.0005779365224111273, 0.03214620381474166],
      [40, 0.08042125267606294, 0.18395647150367556],
      [127, 0.4666155387531774, 0.7669200353687409],
    ];
    for (const [k, lo, hi] of hand) {
      expect(band.lower[k]).toBeCloseTo(lo, 10);
      expect(band.upper[k]).toBeCloseTo(hi, 10);
    }
  });
  it('the library curve gives the same band as R est/var, inside (0, 1) and around the estimate', () => {
    const data = loadCsv('pbc');
    if (!data.cause) throw new Error('pbc has causes');
    const mine = cumulativeIncidence(data.time, data.cause, data.group).curves[0];
    if (!mine) throw new Error('no curve');
    const a = cifBand(mine.est, mine.var);
    const b = cifBand(r.est, r.var);
    const same = (x: (number | null)[], y: (number | null)[]) => x.forEach((v, k) => {
      if (v === null || y[k] === null) expect(v).toBe(y[k]); else expect(v).toBeCloseTo(y[k] as number, 8);
    });
    same(a.lower, b.lower);
    same(a.upper, b.upper);
    mine.est.forEach((f, k) => {
      const lo = a.lower[k];
      const hi = a.upper[k];
      if (f === 0) { expect(lo).toBeNull(); return; }
      expect(lo).not.toBeNull();
      expect(lo as number).toBeGreaterThan(0);
      expect(lo as number).toBeLessThanOrEqual(f);
      expect(hi as number).toBeGreaterThanOrEqual(f);
      expect(hi as number).toBeLessThan(1);
    });
  });
  it('is undefined where the incidence is 0 or 1', () => {
    expect(cifLimits(0, 0)).toBeNull();
    expect(cifLimits(1, 0.01)).toBeNull();
    expect(cifLimits(0.3, NaN)).toBeNull();
  });
});
