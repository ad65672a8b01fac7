import { describe, expect, it } from 'vitest';
import { parseIsoDay } from './dates';
import { observe } from './endpoints';
import { parseDashboardQuery, queryString } from './params';
import { applyCutoff } from './population';
import type { CohortRow } from './types';

const d = (s: string) => parseIsoDay(s) as number;
const base: CohortRow = {
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
  });
});
