/**
 * Edge cases and extra checks against R values computed with survival 3.5.3 /
 * cmprsk 2.2-11 (the R calls are quoted next to each number).
 */
import { describe, expect, it } from 'vitest';
import {
  analyse,
  coxPh,
  cumulativeIncidence,
  kaplanMeier,
  logRank,
  logRankTrend,
  numberAtRisk,
  restrictedMean,
  reverseKmMedianFollowUp,
  survivalMedian,
  survivalQuantile,
  SurvivalInputError,
} from './index';
import { loadCsv } from './test-helpers';

describe('Kaplan–Meier edge cases', () => {
  it('empty input gives an empty curve, null median, rmean 0', () => {
    const c = kaplanMeier([], []);
    expect(c).toMatchObject({ time: [], surv: [], n: 0, events: 0 });
    expect(survivalMedian(c)).toEqual({ quantile: null, lower: null, upper: null });
    expect(restrictedMean(c)).toBe(0);
    expect(reverseKmMedianFollowUp([], [])).toBeNull();
  });

  it('all censored: S = 1, SE 0, median not reached, log-log CI undefined (R: NA)', () => {
    const c = kaplanMeier([3, 1, 2, 2], [0, 0, 0, 0]);
    expect(c.time).toEqual([1, 2, 3]);
    expect(c.nCensor).toEqual([1, 2, 1]);
    expect(c.surv).toEqual([1, 1, 1]);
    expect(c.stdErr).toEqual([0, 0, 0]);
    expect(c.lower).toEqual([1, 1, 1]);
    expect(kaplanMeier([3, 1], [0, 0], { confType: 'log-log' }).lower.every(Number.isNaN)).toBe(true);
    expect(survivalMedian(c).quantile).toBeNull();
    expect(c.events).toBe(0);
  });

  it('no censoring: S drops by 1/n per death; median with the midpoint rule', () => {
    // R: summary(survfit(Surv(1:4, rep(1,4)) ~ 1))$table["median"] = 2.5, quantile(..., .5) = 2.5
    const c = kaplanMeier([1, 2, 3, 4], [1, 1, 1, 1]);
    expect(c.surv).toEqual([0.75, 0.5, 0.25, 0]);
    expect(c.stdErr[3]).toBe(Infinity);
    expect(Number.isNaN(c.lower[3])).toBe(true);
    expect(survivalMedian(c).quantile).toBe(2.5);
    expect(survivalMedian(c).lower).toBe(1); // R 0.95LCL = 1, UCL = NA
    expect(survivalMedian(c).upper).toBeNull();
    expect(survivalQuantile(c, 0.25).quantile).toBe(1.5);
    expect(survivalQuantile(c, 0.75).quantile).toBe(3.5);
  });

  it('flat at 0.5 to the end: print.survfit says 3, quantile.survfit says 4.5 (both as R)', () => {
    const c = kaplanMeier([1, 2, 3, 4, 5, 6], [1, 1, 1, 0, 0, 0]);
    expect(survivalMedian(c).quantile).toBe(3);
    expect(survivalQuantile(c, 0.5).quantile).toBe(4.5);
  });

  it('single subject', () => {
    const c = kaplanMeier([7], [1]);
    expect(c).toMatchObject({ time: [7], nRisk: [1], nEvent: [1], surv: [0], n: 1, events: 1 });
    expect(survivalMedian(c).quantile).toBe(7);
    const cc = kaplanMeier([7], [0]);
    expect(cc.surv).toEqual([1]);
    expect(survivalMedian(cc).quantile).toBeNull();
  });

  it('all tied times: one row; events are counted before censorings', () => {
    const c = kaplanMeier([5, 5, 5, 5], [1, 0, 1, 0]);
    expect(c).toMatchObject({ time: [5], nRisk: [4], nEvent: [2], nCensor: [2], surv: [0.5] });
    expect(c.stdErr[0]).toBeCloseTo(Math.sqrt(2 / (4 * 2)), 15);
  });

  it('time 0 and typed arrays are accepted', () => {
    const c = kaplanMeier(new Float64Array([0, 1, 1.5]), new Int32Array([1, 0, 1]));
    expect(c.time).toEqual([0, 1, 1.5]);
    expect(c.surv[0]).toBeCloseTo(2 / 3, 15);
  });

  it('other confidence levels', () => {
    const a = kaplanMeier([1, 2, 3, 4, 5], [1, 1, 0, 1, 1], { confLevel: 0.9 });
    const b = kaplanMeier([1, 2, 3, 4, 5], [1, 1, 0, 1, 1], { confLevel: 0.99 });
    expect(a.lower[1]).toBeGreaterThan(b.lower[1] as number);
    expect(() => kaplanMeier([1], [1], { confLevel: 1.5 })).toThrow(SurvivalInputError);
  });
});

describe('input validation (SurvivalInputError naming the index)', () => {
  const bad: [string, () => unknown, RegExp][] = [
    ['NaN time', () => kaplanMeier([1, NaN], [1, 1]), /time\[1\] is not a number/],
    ['negative time', () => kaplanMeier([1, 2, -3], [1, 1, 1]), /time\[2\] is negative/],
    ['infinite time', () => kaplanMeier([Infinity], [1]), /time\[0\] is not finite/],
    ['missing time', () => kaplanMeier([1, undefined as unknown as number], [1, 1]), /time\[1\] is not a number \(missing\)/],
    ['status 2', () => kaplanMeier([1, 2], [1, 2]), /status\[1\] must be 0 \(censored\) or 1 \(event\), got 2/],
    ['status NaN', () => logRank([1, 2], [NaN, 1], ['a', 'b']), /status\[0\]/],
    ['length mismatch', () => kaplanMeier([1, 2, 3], [1, 1]), /status has length 2 but time has length 3/],
    ['group mismatch', () => logRank([1, 2], [1, 1], ['a']), /group has length 1/],
    ['missing group', () => logRank([1, 2], [1, 1], ['a', '']), /group\[1\] is missing/],
    ['bad cause', () => cumulativeIncidence([1, 2], [0, 1.5]), /cause\[1\] must be 0/],
    ['numeric covariate NaN', () => coxPh([1, 2], [1, 1], [{ name: 'age', values: [1, NaN], type: 'numeric' }]), /age\[1\] is not a finite number/],
  ];
  it.each(bad)('%s', (_name, fn, message) => {
    let caught: unknown;
    try {
      fn();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SurvivalInputError);
    expect((caught as Error).message).toMatch(message);
  });

  it('the error carries field and index', () => {
    try {
      kaplanMeier([1, -1], [0, 0]);
    } catch (e) {
      expect(e).toMatchObject({ name: 'SurvivalInputError', field: 'time', index: 1 });
    }
  });
});

describe('groups', () => {
  it('empty groups (explicit level without subjects) are kept with zeros and dropped from the test', () => {
    const t = [1, 2, 3, 4, 5, 6];
    const s = [1, 1, 0, 1, 1, 1];
    const g = ['a', 'b', 'a', 'b', 'a', 'b'];
    const plain = logRank(t, s, g);
    const withEmpty = logRank(t, s, g, { levels: ['a', 'empty', 'b'] });
    expect(withEmpty.groups).toEqual(['a', 'empty', 'b']);
    expect(withEmpty.n).toEqual([3, 0, 3]);
    expect(withEmpty.observed[1]).toBe(0);
    expect(withEmpty.df).toBe(1);
    expect(withEmpty.chisq).toBeCloseTo(plain.chisq, 12);
  });

  it('a group of one subject', () => {
    const r = analyse({ time: [1, 2, 3, 4, 5], status: [1, 0, 1, 1, 1], group: ['x', 'x', 'x', 'x', 'solo'] });
    expect(r.groups.map((g) => g.name)).toEqual(['solo', 'x']);
    expect(r.groups[0]).toMatchObject({ n: 1, events: 1, followup_median_reverse_km: null });
    expect(r.logrank?.df).toBe(1);
    expect(r.cox?.reference).toBe('solo');
  });

  it('one group only: no test, no Cox model', () => {
    const r = analyse({ time: [1, 2, 3], status: [1, 1, 0], group: ['a', 'a', 'a'] });
    expect(r.groups).toHaveLength(1);
    expect(r.logrank).toBeNull();
    expect(r.cox).toBeNull();
  });

  it('no events at all: log-rank df 0, p NaN; analyse omits Cox', () => {
    const lr = logRank([1, 2, 3, 4], [0, 0, 0, 0], ['a', 'b', 'a', 'b']);
    expect(lr).toMatchObject({ chisq: 0, df: 0 });
    expect(Number.isNaN(lr.p)).toBe(true);
    expect(analyse({ time: [1, 2], status: [0, 0], group: ['a', 'b'] }).cox).toBeNull();
  });

  it('numeric labels sort numerically (2 < 10)', () => {
    expect(logRank([1, 2, 3], [1, 1, 1], [10, 2, 10]).groups).toEqual(['2', '10']);
  });

  it('empty input through analyse', () => {
    const r = analyse({ time: [], status: [], group: [] });
    expect(r.overall.n).toBe(0);
    expect(r.groups).toEqual([]);
    expect(r.logrank).toBeNull();
  });
});

describe('more R comparisons (survival 3.5.3, cmprsk 2.2-11)', () => {
  const veteran = loadCsv('veteran');
  const aml = loadCsv('aml');
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

  it('coxph(Surv(time, status) ~ x + group) with a numeric covariate', () => {
    // v$x <- (seq_len(nrow(v)) %% 7) - 3 + v$time %% 3 / 10
    const x = veteran.time.map((t, i) => ((i + 1) % 7) - 3 + (t % 3) / 10);
    const fit = coxPh(veteran.time, veteran.status, [
      { name: 'x', values: x, type: 'numeric' },
      { name: 'group', values: veteran.group, type: 'categorical' },
    ]);
    const coef = [0.0757301334841572, -0.9309758379789953, -0.1272895807215592, -1.1615448638554677];
    const se = [0.0456188185376827, 0.2894004521408916, 0.249634736610726, 0.2941811912722582];
    expect(fit.terms.map((t) => t.name)).toEqual(['x', 'grouplarge', 'groupsmallcell', 'groupsquamous']);
    fit.terms.forEach((t, i) => {
      expect(rel(t.coef, coef[i] as number)).toBeLessThan(1e-6);
      expect(rel(t.se, se[i] as number)).toBeLessThan(1e-6);
    });
    expect(rel(fit.loglik[1], -491.651691559422)).toBeLessThan(1e-9);
    expect(rel(fit.scoreChisq, 27.9861369442031)).toBeLessThan(1e-6);
    expect(rel(fit.waldChisq, 26.4486074716678)).toBeLessThan(1e-6);
  });

  it('coxph with a monotone likelihood: same stopping point as coxfit6', () => {
    // d <- data.frame(time=c(1,2,3,4,5,6,2,7), status=c(1,1,1,0,0,0,0,1), g=c("a","a","a","b","b","b","b","a"))
    const f1 = coxPh([1, 2, 3, 4, 5, 6, 2, 7], [1, 1, 1, 0, 0, 0, 0, 1], [
      { name: 'g', values: ['a', 'a', 'a', 'b', 'b', 'b', 'b', 'a'], type: 'categorical' },
    ]);
    expect(rel(f1.terms[0]?.coef ?? 0, -21.4758700032794)).toBeLessThan(1e-6);
    expect(rel(f1.terms[0]?.se ?? 0, 23530.8505586522)).toBeLessThan(1e-6);
    expect(rel(f1.loglik[1], -3.17805383215398)).toBeLessThan(1e-9);
    // d2 <- data.frame(time=1:6, status=c(1,1,1,0,0,0), g=c("a","a","a","b","b","b")): iter = 21 (not converged)
    const f2 = coxPh([1, 2, 3, 4, 5, 6], [1, 1, 1, 0, 0, 0], [{ name: 'g', values: ['a', 'a', 'a', 'b', 'b', 'b'], type: 'categorical' }]);
    expect(f2.converged).toBe(false);
    expect(rel(f2.terms[0]?.coef ?? 0, -21.9415472585488)).toBeLessThan(1e-6);
    expect(rel(f2.loglik[1], -1.79175947085461)).toBeLessThan(1e-9);
  });

  it('survdiff(..., rho = 1) (Peto–Peto weights)', () => {
    const lr = logRank(veteran.time, veteran.status, veteran.group, { rho: 1 });
    const obs = [16.06599132028366, 9.56231237224927, 28.42543314934026, 13.39047264259681];
    const exp = [10.806772281001, 17.4804132899354, 19.0059143495264, 20.1511095640072];
    lr.observed.forEach((o, i) => expect(rel(o, obs[i] as number)).toBeLessThan(1e-9));
    lr.expected.forEach((e, i) => expect(rel(e, exp[i] as number)).toBeLessThan(1e-9));
    expect(rel(lr.chisq, 19.7096224580615)).toBeLessThan(1e-9);
  });

  it('quantile.survfit at several probabilities', () => {
    const c = kaplanMeier(veteran.time, veteran.status);
    const want = { 0.1: [10, 8, 18], 0.25: [25, 19, 36], 0.5: [80, 52, 105], 0.75: [162, 133, 242], 0.9: [340, 260, 467] };
    for (const [p, [q, lo, hi]] of Object.entries(want)) {
      expect(survivalQuantile(c, Number(p))).toEqual({ quantile: q, lower: lo, upper: hi });
    }
    const a = kaplanMeier(aml.time, aml.status);
    expect(survivalQuantile(a, 0.75)).toEqual({ quantile: 43, lower: 31, upper: null });
    expect(survivalQuantile(a, 0.25)).toEqual({ quantile: 12, lower: 8, upper: 30 });
  });

  it('rmean with the common horizon (print(fit, rmean = "common"))', () => {
    const ov = loadCsv('ovarian');
    const rows = ov.group.flatMap((g, i) => (g === 'rx1' ? [i] : []));
    const c = kaplanMeier(rows.map((i) => ov.time[i] as number), rows.map((i) => ov.status[i] as number));
    expect(rel(restrictedMean(c, 1227), 701.723076923077)).toBeLessThan(1e-9);
  });

  it('summary(survfit(...), times = c(0, 10, 20, 50, 200), extend = TRUE)$n.risk', () => {
    expect(numberAtRisk(kaplanMeier(aml.time, aml.status), [0, 10, 20, 50, 200])).toEqual([23, 18, 13, 1, 0]);
    expect(numberAtRisk(aml.time, [0, 10, 20, 50, 200])).toEqual([23, 18, 13, 1, 0]);
  });

  it('cuminc without groups, and Gray test with 4 groups', () => {
    const pbc = loadCsv('pbc');
    const cause = pbc.cause ?? [];
    const single = cumulativeIncidence(pbc.time, cause);
    expect(single.curves.map((c) => c.name)).toEqual(['1 1', '1 2']);
    expect(single.grayTest).toBeNull();
    expect(rel(single.curves[0]?.est.at(-1) ?? 0, 0.617771596933914)).toBeLessThan(1e-9);
    expect(rel(single.curves[1]?.est.at(-1) ?? 0, 0.0791510208862897)).toBeLessThan(1e-9);
    // vv$cause <- ifelse(vv$status == 1, 1 + (seq_len(nrow(vv)) %% 2), 0); cuminc(vv$time, vv$cause, vv$group)$Tests
    const vc = veteran.status.map((s, i) => (s === 1 ? 1 + ((i + 1) % 2) : 0));
    const gray = cumulativeIncidence(veteran.time, vc, veteran.group).grayTest ?? [];
    expect(gray.map((g) => g.df)).toEqual([3, 3]);
    expect(rel(gray[0]?.stat ?? 0, 5.18075047344066)).toBeLessThan(1e-6);
    expect(rel(gray[1]?.stat ?? 0, 1.10330329072736)).toBeLessThan(1e-6);
    expect(rel(gray[0]?.p ?? 0, 0.159030184666022)).toBeLessThan(1e-6);
  });
});

describe('log-rank for trend and Gehan–Breslow–Wilcoxon', () => {
  const time = [1, 3, 4, 4, 6, 7, 9, 10, 12, 15, 16, 20];
  const status = [1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1];
  const group = ['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'c'];

  it('trend: chisq = (sum c (O-E))^2 / c\'Vc with scores 1..k; 2 groups equals log-rank', () => {
    const lr = logRank(time, status, group);
    const tr = logRankTrend(time, status, group);
    const u = tr.scores.reduce((s, c, j) => s + c * ((lr.observed[j] as number) - (lr.expected[j] as number)), 0);
    let v = 0;
    tr.scores.forEach((cj, j) => tr.scores.forEach((cl, l) => (v += cj * cl * (lr.variance[j]?.[l] as number))));
    expect(tr.chisq).toBeCloseTo((u * u) / v, 12);
    const two = group.map((g) => (g === 'c' ? 'a' : g));
    expect(logRankTrend(time, status, two).chisq).toBeCloseTo(logRank(time, status, two).chisq, 12);
    expect(() => logRankTrend(time, status, group, [1, 2])).toThrow(SurvivalInputError);
  });

  it('Gehan–Breslow–Wilcoxon weights each event time by the number at risk', () => {
    const t = [1, 2, 3, 4];
    const s = [1, 1, 1, 1];
    const g = ['a', 'b', 'a', 'b'];
    const r = logRank(t, s, g, { weights: 'gehan-breslow-wilcoxon' });
    // times 1..4 with n = 4,3,2,1: O_a = 4 + 2 = 6; E_a = 4*2/4 + 3*1/3 + 2*1/2 + 0 = 4
    expect(r.observed[0]).toBe(6);
    expect(r.expected[0]).toBeCloseTo(4, 12);
    // V_aa = sum n^2 * d(n-d)/(n-1) * n_a/n * (1 - n_a/n) = 16*(1/4) + 9*(2/9) + 4*(1/4) = 7
    expect(r.variance[0]?.[0]).toBeCloseTo(7, 12);
    expect(r.chisq).toBeCloseTo(4 / 7, 12);
  });
});
