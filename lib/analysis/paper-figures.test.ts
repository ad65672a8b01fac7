/**
 * The demo cohort must reproduce the paper's figures (test/fixtures/demo-cohort/summary.md) at the
 * study cut-off 2017-06-30, through the same functions the dashboard pages call.
 */
import { describe, expect, it } from 'vitest';
import { medianCi, formatP } from './format';
import { parseDashboardQuery } from './params';
import { cell, demoRows } from './test-data';
import { cifView, exportCsv, overviewView, survivalView, tablesView } from './views';

const rows = demoRows();
const q = (sp: Record<string, string>, population: 'all' | 'discontinued' = 'discontinued') =>
  parseDashboardQuery({ cutoff: '2017-06-30', ...sp }, { population });

describe('overview at the study cut-off', () => {
  const v = overviewView(rows, q({}, 'all'));
  it('counts patients, discontinuations and deaths', () => {
    expect(v.overview.patients).toBe(165);
    expect(v.overview.discontinued).toBe(37);
    expect(v.overview.deaths).toBe(29);
  });
  it('median follow-up by reverse Kaplan–Meier is 26.0 months', () => {
    expect(v.overview.medianFollowUp?.toFixed(1)).toBe('26.0');
  });
  it('per-centre counts are 38/31/26/22/18/14/10/6 and every CRF is complete', () => {
    expect(v.overview.centres.map((c) => c.patients)).toEqual([38, 31, 26, 22, 18, 14, 10, 6]);
    expect(v.overview.centres.every((c) => c.formsDone === c.formsExpected)).toBe(true);
    expect(cell(v.centres, 'PL-01', 1)).toBe('38');
  });
});

describe('Table 1 (37 discontinued patients)', () => {
  const [t1] = tablesView(rows, q({})).tables;
  if (!t1) throw new Error('no table 1');
  it.each([
    ['sex.male', '22 (59.5%)'], ['sex.female', '15 (40.5%)'], ['age', '64 (46–84)'],
    ['ecog.0', '1 (2.7%)'], ['ecog.1', '16 (43.2%)'], ['ecog.2', '13 (35.1%)'], ['ecog.3', '4 (10.8%)'], ['ecog.4', '3 (8.1%)'],
    ['rai.0', '0 (0.0%)'], ['rai.I', '8 (21.6%)'], ['rai.II', '8 (21.6%)'], ['rai.III', '6 (16.2%)'], ['rai.IV', '15 (40.5%)'],
    ['del17p.present', '7 (18.9%)'], ['del17p.absent', '13 (35.1%)'], ['del17p.not_tested', '17 (45.9%)'],
    ['lines', '3 (1–10)'], ['lines.ge3', '22 (59.5%)'], ['lines.gt3', '18 (48.6%)'],
    ['time_on_ibrutinib', '4.4 (0.2–25.2)'],
    ['response.CR', '1 (2.9%)'], ['response.PR', '11 (31.4%)'], ['response.PR-L', '5 (14.3%)'],
    ['response.SD', '17 (48.6%)'], ['response.PD', '1 (2.9%)'], ['response.NE', '2'],
  ])('%s = %s', (key, expected) => {
    expect(cell(t1, key)).toBe(expected);
  });
  it('names the population and its size in the header', () => {
    expect(t1.columns[1]).toBe('Discontinued (n = 37)');
  });
});

describe('Table 2 (reasons for discontinuation)', () => {
  const t2 = tablesView(rows, q({})).tables[1];
  if (!t2) throw new Error('no table 2');
  it.each([
    ['adverse_event', '20 (54.1%)'], ['progression', '14 (37.8%)'], ['progression.CLL', '11 (29.7%)'],
    ['progression.RT', '3 (8.1%)'], ['patient_decision', '2 (5.4%)'], ['lost_to_follow_up', '1 (2.7%)'],
    ['ae.pneumonia', '6 (16.2%)'], ['ae.upper respiratory tract infection', '3 (8.1%)'], ['ae.diarrhea', '2 (5.4%)'],
    ['ae.heart failure', '2 (5.4%)'], ['ae.bladder cancer', '1 (2.7%)'], ['ae.exacerbation of COPD', '1 (2.7%)'],
    ['ae.neutropenia', '1 (2.7%)'], ['ae.hyphema', '1 (2.7%)'], ['ae.suicide (severe depression)', '1 (2.7%)'],
    ['ae.vomiting', '1 (2.7%)'], ['ae.cerebellar ischemic stroke', '1 (2.7%)'],
  ])('%s = %s', (key, expected) => {
    expect(cell(t2, key)).toBe(expected);
  });
  it('codes verbatim labels to CTCAE terms, with grades and pneumonia etiology', () => {
    expect(cell(t2, 'ae.pneumonia', 2)).toBe('Lung infection');
    expect(cell(t2, 'ae.pneumonia', 4)).toBe('bacterial: 2; probable fungal: 1; unknown: 3');
    expect(cell(t2, 'ae.neutropenia', 2)).toBe('Neutrophil count decreased');
    expect(cell(t2, 'progression.RT', 2)).toBe('Hodgkin: 3');
  });
  it('grade distribution of the 20 AEs is 1 × 2, 9 × 3, 4 × 4, 6 × 5', () => {
    const listing = tablesView(rows, q({})).tables[2];
    const grades = (listing?.rows ?? []).map((r) => r.cells[4]);
    expect(grades).toHaveLength(20);
    expect([2, 3, 4, 5].map((g) => grades.filter((x) => x === String(g)).length)).toEqual([1, 9, 4, 6]);
  });
});

describe('Table 3 (causes of death)', () => {
  const t3 = tablesView(rows, q({})).tables[3];
  if (!t3) throw new Error('no table 3');
  it.each([
    ['dead', '29 (78.4%)'], ['alive', '8 (21.6%)'], ['cause.progression of CLL', '10 (34.5%)'], ['cause.infection', '7 (24.1%)'],
    ['cause.multi-organ failure', '3 (10.3%)'], ['cause.heart failure', '3 (10.3%)'], ['cause.gastrointestinal bleeding', '1 (3.4%)'],
    ['cause.cerebellar ischemic stroke', '1 (3.4%)'], ['cause.exacerbation of COPD', '1 (3.4%)'], ['cause.suicide', '1 (3.4%)'],
    ['cause.bladder cancer', '1 (3.4%)'], ['cause.unknown', '1 (3.4%)'],
  ])('%s = %s', (key, expected) => {
    expect(cell(t3, key)).toBe(expected);
  });
});

describe('survival figures', () => {
  it('labels the population that was analysed (QA: "all patients" over n = 37)', () => {
    const all = survivalView(rows, q({ population: 'all', endpoint: 'os_disc' }, 'all'));
    expect(all.result.n).toBe(37);
    expect(all.provenance.population).toBe('all patients → discontinued patients (the endpoint starts at discontinuation), n = 37');
    expect(survivalView(rows, q({ population: 'all', endpoint: 'os_start' }, 'all')).provenance.population).toBe('all patients, n = 165');
    expect(survivalView(rows, q({ preset: 'fig1' })).provenance.population).toBe('patients who discontinued ibrutinib, n = 37');
    const csv = exportCsv(rows, q({ population: 'all', endpoint: 'os_disc', table: 'survival-summary' }, 'all'), 'survival-summary').csv;
    expect(csv).toContain('Population,"all patients → discontinued patients (the endpoint starts at discontinuation), n = 37"');
  });
  it('Fig 1: median OS after discontinuation 2.0 (0.8–5.5) months with the log CI', () => {
    const { result } = survivalView(rows, q({ preset: 'fig1' }));
    expect(result.groups).toHaveLength(1);
    expect(result.groups[0]?.n).toBe(37);
    expect(result.groups[0]?.events).toBe(29);
    expect(medianCi(result.groups[0]?.median ?? { est: null, lower: null, upper: null })).toBe('2.0 (0.8–5.5)');
    expect(result.atRisk[0]?.counts[0]).toBe(37);
  });
  it('log-log and plain CIs give 2.0 (0.8–3.3)', () => {
    for (const ci of ['log-log', 'plain']) {
      const g = survivalView(rows, q({ preset: 'fig1', ci })).result.groups[0];
      expect(medianCi(g?.median ?? { est: null, lower: null, upper: null })).toBe('2.0 (0.8–3.3)');
    }
  });
  it('Fig 2: progression 14 vs AE + other 23, medians 2.0 / 1.6, log-rank p = 0.81 (chi-square 0.0576)', () => {
    const { result } = survivalView(rows, q({ preset: 'fig2' }));
    expect(result.groups.map((g) => [g.label, g.n, g.median.est?.toFixed(1)])).toEqual([
      ['Adverse event + other', 23, '1.6'], ['Progression', 14, '2.0']]);
    expect(result.logRank?.chisq.toFixed(4)).toBe('0.0576');
    expect(formatP(result.logRank?.p)).toBe('0.81');
    expect(result.cox?.reference).toBe('Adverse event + other');
  });
  it('Fig 3: CLL 11 vs RT 3, medians 2.0 / 4.8, log-rank p = 0.34 (chi-square 0.9208)', () => {
    const { result } = survivalView(rows, q({ preset: 'fig3', gbw: '1' }));
    expect(result.groups.map((g) => [g.label, g.n, g.median.est?.toFixed(1)])).toEqual([
      ['CLL progression', 11, '2.0'], ['Richter transformation', 3, '4.8']]);
    expect(result.logRank?.chisq.toFixed(4)).toBe('0.9208');
    expect(formatP(result.logRank?.p)).toBe('0.34');
    expect(result.gehanBreslowWilcoxon?.p).toBeGreaterThan(0);
  });
  it('ordered groupings are shown in order and get a log-rank test for trend', () => {
    const { result } = survivalView(rows, q({ endpoint: 'os_disc', group: 'prior_lines' }));
    expect(result.groups.map((g) => g.label)).toEqual(['1 line', '2 lines', '3 lines', '≥ 4 lines']);
    expect(result.groups.map((g) => g.n)).toEqual([6, 9, 4, 18]);
    expect(result.trend?.df).toBe(1);
    expect(result.trend?.p).toBeGreaterThan(0);
    const rai = survivalView(rows, q({ endpoint: 'os_disc', group: 'rai' })).result;
    expect(rai.groups.map((g) => g.label)).toEqual(['Rai I', 'Rai II', 'Rai III', 'Rai IV']);
    expect(survivalView(rows, q({ preset: 'fig2' })).result.trend).toBeNull();
  });
  it('an earlier cut-off counts fewer discontinuations and deaths', () => {
    const early = overviewView(rows, parseDashboardQuery({ cutoff: '2015-12-31' }, { population: 'all' })).overview;
    expect(early.patients).toBeLessThan(165);
    expect(early.discontinued).toBeLessThan(37);
    expect(early.deaths).toBeLessThan(29);
  });
});

describe('competing risks', () => {
  it('discontinuation by cause: 20 adverse events and 14 progressions compete; Gray test needs groups', () => {
    const v = cifView(rows, q({ cif: 'discontinuation' }, 'all'));
    expect(v.result.n).toBe(165);
    expect(v.result.events.slice(0, 3).map((e) => e.n)).toEqual([20, 14, 3]);
    expect(v.result.gray).toBeNull();
    const final = v.result.lines.map((l) => l.final);
    expect(final[0]).toBeGreaterThan(final[1] ?? 1);
  });
  it('RT vs CLL progression with Gray’s test across del(17p) groups', () => {
    const v = cifView(rows, q({ cif: 'progression_type', group: 'del17p' }, 'all'));
    expect(v.result.events.slice(0, 2).map((e) => e.n)).toEqual([3, 11]);
    expect(v.result.gray).toHaveLength(2);
    for (const g of v.result.gray ?? []) expect(g.p).toBeGreaterThanOrEqual(0);
  });
});
