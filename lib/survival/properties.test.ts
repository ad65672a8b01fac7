/**
 * Property-based tests (fast-check): invariants of the estimators and
 * agreement of the fast code paths with naive implementations.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coxPh, CONF_TYPES, kaplanMeier, logRank, numberAtRisk } from './index';

const subject = fc.record({
  time: fc.integer({ min: 0, max: 30 }),
  status: fc.integer({ min: 0, max: 1 }),
  group: fc.constantFrom('a', 'b', 'c'),
});
const dataset = fc.array(subject, { minLength: 1, maxLength: 60 });
const cols = (d: { time: number; status: number; group: string }[]) => ({
  time: d.map((s) => s.time),
  status: d.map((s) => s.status),
  group: d.map((s) => s.group),
});

/** Textbook weighted log-rank, O(n^2), for cross-checking. */
function naiveLogRank(time: number[], status: number[], group: string[], weight: (n: number, s: number) => number) {
  const labels = [...new Set(group)].sort();
  const times = [...new Set(time.filter((_, i) => status[i] === 1))].sort((a, b) => a - b);
  const O = labels.map(() => 0);
  const E = labels.map(() => 0);
  let km = 1;
  for (const t of times) {
    const atRisk = time.map((x) => x >= t);
    const n = atRisk.filter(Boolean).length;
    const d = time.filter((x, i) => x === t && status[i] === 1).length;
    const w = weight(n, km);
    labels.forEach((l, j) => {
      const nj = group.filter((g, i) => g === l && atRisk[i]).length;
      const dj = group.filter((g, i) => g === l && time[i] === t && status[i] === 1).length;
      O[j] = (O[j] as number) + w * dj;
      E[j] = (E[j] as number) + (w * d * nj) / n;
    });
    km *= (n - d) / n;
  }
  return { O, E };
}

describe('properties', () => {
  it('survival is non-increasing in [0, 1]; every CI contains the estimate', () => {
    fc.assert(
      fc.property(dataset, (d) => {
        const { time, status } = cols(d);
        for (const confType of CONF_TYPES) {
          const c = kaplanMeier(time, status, { confType });
          let prev = 1;
          c.surv.forEach((s, k) => {
            expect(s).toBeLessThanOrEqual(prev);
            expect(s).toBeGreaterThanOrEqual(0);
            prev = s;
            const lo = c.lower[k] as number;
            const hi = c.upper[k] as number;
            if (!Number.isNaN(lo)) expect(lo).toBeLessThanOrEqual(s + 1e-12);
            if (!Number.isNaN(hi)) expect(hi).toBeGreaterThanOrEqual(s - 1e-12);
          });
          expect(c.nRisk[0] ?? 0).toBe(c.n);
          expect(c.nEvent.reduce((a, b) => a + b, 0)).toBe(c.events);
        }
      }),
    );
  });

  it('log-rank chi-square is invariant to relabelling the groups', () => {
    fc.assert(
      fc.property(dataset, (d) => {
        const { time, status, group } = cols(d);
        const relabelled = group.map((g) => ({ a: 'z', b: 'y', c: 'x' })[g] ?? g);
        const a = logRank(time, status, group);
        const b = logRank(time, status, relabelled);
        expect(b.df).toBe(a.df);
        // a singular variance (e.g. every subject dies at one time) gives NaN for both labellings
        if (Number.isNaN(a.chisq)) expect(b.chisq).toBeNaN();
        else if (a.df > 0) expect(b.chisq).toBeCloseTo(a.chisq, 8);
      }),
    );
  });

  it('O and E equal a naive implementation (log-rank, Peto rho = 1, Gehan)', () => {
    fc.assert(
      fc.property(dataset, (d) => {
        const { time, status, group } = cols(d);
        const cases = [
          [logRank(time, status, group), naiveLogRank(time, status, group, () => 1)],
          [logRank(time, status, group, { rho: 1 }), naiveLogRank(time, status, group, (_n, s) => s)],
          [logRank(time, status, group, { weights: 'gehan-breslow-wilcoxon' }), naiveLogRank(time, status, group, (n) => n)],
        ] as const;
        for (const [fast, naive] of cases) {
          fast.observed.forEach((o, j) => expect(o).toBeCloseTo(naive.O[j] as number, 9));
          fast.expected.forEach((e, j) => expect(e).toBeCloseTo(naive.E[j] as number, 9));
        }
      }),
    );
  });

  it('number at risk at t = count of times >= t, from the curve and from raw times', () => {
    fc.assert(
      fc.property(dataset, fc.array(fc.integer({ min: -2, max: 35 }), { maxLength: 6 }), (d, at) => {
        const { time, status } = cols(d);
        const want = at.map((t) => time.filter((x) => x >= t).length);
        expect(numberAtRisk(kaplanMeier(time, status), at)).toEqual(want);
        expect(numberAtRisk(time, at)).toEqual(want);
      }),
    );
  });

  it('integer and non-integer time paths give the same curve', () => {
    fc.assert(
      fc.property(dataset, (d) => {
        const { time, status } = cols(d);
        const a = kaplanMeier(time, status);
        const b = kaplanMeier(time.map((t) => t + 0.5), status);
        expect(b.surv).toEqual(a.surv);
        expect(b.time).toEqual(a.time.map((t) => t + 0.5));
      }),
    );
  });

  it('Cox: collapsed categorical path equals the per-subject path (dummies as numeric)', () => {
    fc.assert(
      fc.property(dataset, (d) => {
        const { time, status, group } = cols(d);
        const levels = [...new Set(group)].sort();
        if (levels.length < 2 || status.every((s) => s === 0)) return;
        let cat;
        try {
          cat = coxPh(time, status, [{ name: 'g', values: group, type: 'categorical' }], { maxIter: 20 });
        } catch {
          return; // singular information (e.g. a level without events at risk): both paths refuse
        }
        const num = coxPh(
          time,
          status,
          levels.slice(1).map((l) => ({ name: `g${l}`, values: group.map((g) => (g === l ? 1 : 0)), type: 'numeric' as const })),
          { maxIter: 20 },
        );
        expect(num.loglik[0]).toBeCloseTo(cat.loglik[0], 8);
        expect(num.scoreChisq).toBeCloseTo(cat.scoreChisq, 6);
        // With a monotone likelihood (a level without events) beta diverges and the two paths may
        // stop at different points of the flat tail; compare the fit only when both converged.
        if (cat.converged && num.converged) {
          expect(Math.abs(num.loglik[1] - cat.loglik[1])).toBeLessThanOrEqual(1e-7 * Math.abs(cat.loglik[1]) + 1e-9);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('time index', () => {
  it('radix and integer paths: distinct times sorted, rank maps back to the value', async () => {
    const { buildTimeIndex } = await import('./time-index');
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: 0, max: 1e12, noNaN: true }), fc.constant(-0), fc.integer({ min: 0, max: 50 })), { maxLength: 80 }),
        (time) => {
          const idx = buildTimeIndex(time);
          const want = [...new Set(time.map((t) => t + 0))].sort((a, b) => a - b);
          expect(Array.from(idx.times)).toEqual(want);
          time.forEach((t, i) => expect(idx.times[idx.rank[i] as number]).toBe(t + 0));
        },
      ),
    );
  });
});
