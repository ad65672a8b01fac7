import { describe, expect, it } from 'vitest';
import { parseIsoDay } from './dates';
import { observe } from './endpoints';
import { PAPER_CUTOFF, parseDashboardQuery, presetHref, queryString } from './params';
import { applyCutoff } from './population';
import { emptyRow } from './dataset';
import type { CohortRow } from './types';

const d = (s: string) => parseIsoDay(s) as number;
// Columns the test does not set (new dictionary fields) stay empty.
const base: CohortRow = {
  ...emptyRow(),
  patientId: 1, code: 'PL-01-001', centreCode: 'PL-01', sex: 'male', ageAtStart: 60, ecog: 1, raiStage: 'I', binetStage: null,
  del17p: 'absent', ighv: null, priorLines: 2, start: d('2015-01-01'), bestResponse: 'PR', discontinued: true,
  discDate: d('2016-01-01'), discReason: 'progression', reasonOther: null, aeTerm: null, aeSoc: null, aeVerbatim: null,
  aeGrade: null, aeEtiology: null, progressionType: 'CLL', rtHistology: null, cnsInvolvement: null, vitalStatus: 'dead',
  lastContact: d('2016-06-01'), deathDate: d('2016-06-01'), deathCause: 'infection', deathCauseOther: null,
  baselineStatus: 'complete', responseStatus: 'complete', discontinuationStatus: 'complete', followUpStatus: 'complete',
};

describe('cut-off rules', () => {
  it('excludes patients starting after the cut-off or without a start date', () => {
    expect(applyCutoff([base], d('2014-12-31'))).toHaveLength(0);
    expect(applyCutoff([{ ...base, start: null }], d('2020-01-01'))).toHaveLength(0);
  });
  it('does not count a death after the cut-off: censored at the cut-off', () => {
    const [p] = applyCutoff([base], d('2016-03-01'));
    expect(p?.deathAt).toBeNull();
    expect(p?.endAt).toBe(d('2016-03-01'));
    expect(p && observe(p, 'os_disc')).toEqual({ time: d('2016-03-01') - d('2016-01-01'), status: 0 });
  });
  it('does not count a discontinuation after the cut-off', () => {
    const [p] = applyCutoff([base], d('2015-06-30'));
    expect(p?.discAt).toBeNull();
    expect(p && observe(p, 'os_disc')).toBeNull();
    expect(p && observe(p, 'time_on_ibrutinib')).toEqual({ time: d('2015-06-30') - d('2015-01-01'), status: 0 });
  });
  it('counts events on or before the cut-off', () => {
    const [p] = applyCutoff([base], d('2016-06-01'));
    expect(p && observe(p, 'os_disc')).toEqual({ time: d('2016-06-01') - d('2016-01-01'), status: 1 });
    expect(p && observe(p, 'os_start')).toEqual({ time: d('2016-06-01') - d('2015-01-01'), status: 1 });
  });
  it('follows an alive patient to the last contact, not beyond', () => {
    const [p] = applyCutoff([{ ...base, vitalStatus: 'alive', deathDate: null, lastContact: d('2016-09-01') }], d('2017-06-30'));
    expect(p?.endAt).toBe(d('2016-09-01'));
  });
});

describe('query string', () => {
  it('defaults the cut-off to today and rejects malformed values', () => {
    const q = parseDashboardQuery({ cutoff: '2017-02-30', centre: "PL-01' OR 1=1", endpoint: 'x', ci: 'weird' }, { population: 'all', now: new Date('2020-05-05T10:00:00Z') });
    expect(q.cutoffIso).toBe('2020-05-05');
    expect(q.population.centre).toBeNull();
    expect(q.endpoint).toBe('os_disc');
    expect(q.confType).toBe('log');
  });
  it('round-trips through queryString, presets fix endpoint and grouping', () => {
    const q = parseDashboardQuery({ cutoff: '2017-06-30', preset: 'fig3', centre: 'PL-02', from: '2015-01-01', ci: 'log-log', gbw: '1' }, { population: 'all' });
    expect(q.grouping).toBe('progression_type');
    const again = parseDashboardQuery(Object.fromEntries(new URLSearchParams(queryString(q))), { population: 'discontinued' });
    expect(again).toEqual(q);
    expect(q.notices).toEqual([]);
  });
  const now = new Date('2020-05-05T10:00:00Z');
  it('says when a cut-off is not a date or in the future, and uses today', () => {
    const bad = parseDashboardQuery({ cutoff: 'abc' }, { population: 'all', now });
    expect(bad.cutoffIso).toBe('2020-05-05');
    expect(bad.notices).toEqual(['Cut-off "abc" is not a date (YYYY-MM-DD); using today, 2020-05-05.']);
    const future = parseDashboardQuery({ cutoff: '2099-01-01' }, { population: 'all', now });
    expect(future.cutoffIso).toBe('2020-05-05');
    expect(future.notices).toEqual(['Cut-off 2099-01-01 is in the future; using today, 2020-05-05.']);
    expect(parseDashboardQuery({ cutoff: '2020-05-05' }, { population: 'all', now }).notices).toEqual([]);
    expect(parseDashboardQuery({ cutoff: '' }, { population: 'all', now }).notices).toEqual([]);
  });
  it('says which unknown values were ignored and what is used instead', () => {
    const q = parseDashboardQuery({ cutoff: '2017-06-30', endpoint: 'bogus', group: 'bogus', population: 'everyone', ci: 'bogus', cif: 'x', centre: 'ZZ', from: '2016-01-01', to: '2015-01-01' }, { population: 'discontinued', now });
    expect(q.population).toEqual({ kind: 'discontinued', centre: null, startFrom: null, startTo: null });
    expect(q.notices).toEqual([
      'Centre "ZZ" is not a centre code (e.g. PL-01); ignored, all centres in scope used.',
      'Ibrutinib start window 2016-01-01 to 2015-01-01 is empty (from after to); ignored, all start dates used.',
      'Unknown population "everyone" ignored; using "discontinued" (allowed: all, discontinued).',
      'Unknown endpoint "bogus" ignored; using "os_disc" (allowed: os_disc, os_start, time_on_ibrutinib).',
      expect.stringContaining('Unknown grouping "bogus" ignored; using "none"'),
      'Unknown CI transform "bogus" ignored; using "log" (allowed: log, log-log, plain).',
      expect.stringContaining('Unknown competing-risk analysis "x" ignored; using "discontinuation"'),
    ]);
  });
  it('presets link to the paper cut-off, not the current one', () => {
    const q = parseDashboardQuery({ cutoff: '2019-01-01', ci: 'plain' }, { population: 'all', now });
    expect(presetHref('fig2', q)).toBe(`/dashboard/survival?cutoff=${PAPER_CUTOFF}&population=discontinued&ci=plain&preset=fig2`);
    expect(PAPER_CUTOFF).toBe('2017-06-30');
  });
});
