/**
 * Every number of every reference file (R survival 3.5.3 / cmprsk, in
 * test/reference/survival) against analyse(): 1e-9 relative, 1e-6 for the Cox
 * model and Gray's test. Also checks the building blocks on the same data.
 */
import { describe, expect, it } from 'vitest';
import { analyse, coxPh, cumulativeIncidence, kaplanMeier, logRank, restrictedMean, reverseKmMedianFollowUp, survivalMedian, withConfidence, type ConfType } from './index';
import { compareTree, DATASETS, loadCsv, loadExpected } from './test-helpers';

const tolFor = (path: string): number => (path.startsWith('.cox') || path.includes('gray_test') ? 1e-6 : 1e-9);
const META = ['dataset', 'source', 'columns', 'conventions'];
const CI: [ConfType, string][] = [['log', 'log'], ['log-log', 'log_log'], ['plain', 'plain']];

interface ExpectedGroup {
  name?: string;
  n: number;
  events: number;
  median: Record<string, { median: number | null; lower: number | null; upper: number | null }>;
  rmean: number;
  followup_median_reverse_km: number | null;
  curve: Record<string, (number | null)[]>;
}

describe.each(DATASETS)('reference data set %s', (name) => {
  const data = loadCsv(name);
  const expected = loadExpected(name);
  const result = JSON.parse(JSON.stringify(analyse(data))) as Record<string, unknown>;

  it('has the documented metadata and conventions', () => {
    for (const k of META) expect(expected[k]).toBeDefined();
    expect(String(expected.conventions)).toMatch(/status 1 = event/);
  });

  for (const section of Object.keys(expected).filter((k) => !META.includes(k))) {
    it(`matches R in section "${section}" (every number)`, () => {
      const { mismatches, compared } = compareTree(expected[section], result[section], tolFor, `.${section}`);
      expect(mismatches.slice(0, 10)).toEqual([]);
      expect(compared).toBeGreaterThan(0);
    });
  }

  const groups = expected.groups as ExpectedGroup[];
  const overall = expected.overall as ExpectedGroup;
  const cases: [string, ExpectedGroup, number[]][] = [
    ['overall', overall, data.time.map((_, i) => i)],
    ...groups.map((g): [string, ExpectedGroup, number[]] => [String(g.name), g, data.group.flatMap((x, i) => (x === g.name ? [i] : []))]),
  ];
  describe.each(cases)('curve %s via the public functions', (_label, g, rows) => {
    const time = rows.map((i) => data.time[i] as number);
    const status = rows.map((i) => data.status[i] as number);
    it.each(CI)('kaplanMeier + survivalMedian, conf type %s', (type, key) => {
      const curve = kaplanMeier(time, status, { confType: type });
      const got = {
        time: curve.time,
        n_risk: curve.nRisk,
        n_event: curve.nEvent,
        n_censor: curve.nCensor,
        surv: curve.surv,
        std_err: curve.stdErr,
        [`lower_${key}`]: curve.lower,
        [`upper_${key}`]: curve.upper,
      };
      const want = Object.fromEntries(Object.keys(got).map((k) => [k, g.curve[k]]));
      expect(compareTree(want, got, () => 1e-9).mismatches).toEqual([]);
      const m = survivalMedian(curve);
      expect({ median: m.quantile, lower: m.lower, upper: m.upper }).toEqual(g.median[key]);
      expect(withConfidence(kaplanMeier(time, status), type).lower).toEqual(curve.lower);
    });
    it('n, events, rmean (own last time) and reverse-KM follow-up', () => {
      const curve = kaplanMeier(time, status);
      expect(curve.n).toBe(g.n);
      expect(curve.events).toBe(g.events);
      expect(restrictedMean(curve)).toBeCloseTo(g.rmean, 9);
      expect(reverseKmMedianFollowUp(time, status)).toBe(g.followup_median_reverse_km);
    });
  });

  it('logRank() equals survdiff', () => {
    const lr = logRank(data.time, data.status, data.group);
    const want = expected.logrank as Record<string, unknown>;
    expect(compareTree(want, lr, () => 1e-9).mismatches).toEqual([]);
  });

  it('coxPh() equals coxph (Efron), unrounded Wald within summary.coxph rounding', () => {
    const cox = coxPh(data.time, data.status, [{ name: 'group', values: data.group, type: 'categorical' }]);
    const want = expected.cox as { loglik: number[]; lr_chisq: number; wald_chisq: number; score_chisq: number; terms: { coef: number; se: number }[] };
    expect(cox.converged).toBe(true);
    expect(compareTree(want.loglik, cox.loglik, () => 1e-6).mismatches).toEqual([]);
    expect(compareTree(want.terms.map((t) => [t.coef, t.se]), cox.terms.map((t) => [t.coef, t.se]), () => 1e-6).mismatches).toEqual([]);
    expect(Math.abs(cox.waldChisq - want.wald_chisq)).toBeLessThanOrEqual(0.005);
  });

  if (data.cause) {
    const cause = data.cause;
    it('cumulativeIncidence() equals cmprsk::cuminc', () => {
      const cif = cumulativeIncidence(data.time, cause, data.group);
      const want = expected.cumulative_incidence as { curves: { curve: string }[] };
      expect(cif.curves.map((c) => c.name)).toEqual(want.curves.map((c) => c.curve));
      const got = { curves: cif.curves.map((c) => ({ curve: c.name, time: c.time, est: c.est, var: c.var })) };
      expect(compareTree({ curves: want.curves }, got, () => 1e-9).mismatches).toEqual([]);
    });
  }
});
