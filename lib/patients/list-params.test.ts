import { describe, expect, it } from 'vitest';
import { parsePatientListParams, patientListSearch } from './list-params';

describe('patients list parameters', () => {
  it('reads every filter and sort, and writes them back for paging links', () => {
    const sp = { centre: 'PL-01', q: '005', status: 'withdrawn', discontinued: 'no', vital: 'dead', queries: 'open', crf: 'incomplete', sort: 'queries', dir: 'desc', page: '3' };
    const { query, page, notices } = parsePatientListParams(sp);
    expect(notices).toEqual([]);
    expect(page).toBe(3);
    expect(query).toEqual({ centreCode: 'PL-01', search: '005', status: 'withdrawn', discontinued: false, vital: 'dead', openQueries: true, incomplete: true, sort: 'queries', dir: 'desc' });
    expect(Object.fromEntries(new URLSearchParams(patientListSearch(query, 3)))).toEqual(sp);
  });

  it('empty values and no values are the defaults, silently', () => {
    const { query, page, notices } = parsePatientListParams({ status: '', discontinued: '', vital: '', sort: '', dir: '', page: '' });
    expect(notices).toEqual([]);
    expect(page).toBe(1);
    expect(query).toMatchObject({ sort: 'code', dir: 'asc', status: undefined, discontinued: undefined });
    expect(patientListSearch(query, 1)).toBe('');
  });

  it('ignores unknown or malformed values, each with a notice', () => {
    const { query, page, notices } = parsePatientListParams({
      centre: "PL-01' OR 1=1", status: 'deleted', discontinued: 'maybe', vital: 'x', queries: 'all', crf: 'done',
      sort: 'birth_year; DROP TABLE patients', dir: 'up', page: '-2',
    });
    expect(query).toEqual({ centreCode: undefined, search: undefined, status: undefined, discontinued: undefined, vital: undefined,
      openQueries: undefined, incomplete: undefined, sort: 'code', dir: 'asc' });
    expect(page).toBe(1);
    expect(notices).toHaveLength(9);
    expect(notices.join('\n')).toMatch(/record status "deleted" ignored/);
    expect(notices.join('\n')).toMatch(/sort "birth_year; DROP TABLE patients" ignored; sorting by patient id/);
  });

  it('takes the first of repeated parameters and shortens long bad values in notices', () => {
    const { query, notices } = parsePatientListParams({ vital: ['dead', 'alive'], status: 'y'.repeat(500) });
    expect(query.vital).toBe('dead');
    expect(notices[0]?.length).toBeLessThan(200);
  });
});
