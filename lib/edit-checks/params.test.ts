import { describe, expect, it } from 'vitest';
import { editCheckSearch, parseEditCheckParams } from './params';

describe('edit-check report parameters', () => {
  it('keeps a listed kind, the centre and the page', () => {
    expect(parseEditCheckParams({ centre: 'PL-02', kind: 'open_query', page: '3' }))
      .toEqual({ query: { centreCode: 'PL-02', kind: 'open_query' }, page: 3, notices: [] });
    expect(parseEditCheckParams({})).toEqual({ query: { centreCode: undefined, kind: undefined }, page: 1, notices: [] });
    expect(parseEditCheckParams({ kind: '', centre: '' }).query).toEqual({ centreCode: undefined, kind: undefined });
  });

  it('ignores an unknown kind or page with a notice naming it (shortened), never a failure', () => {
    const long = 'x'.repeat(100);
    const p = parseEditCheckParams({ kind: ['toString', 'open_query'], page: '0' });
    expect(p.query.kind).toBeUndefined();
    expect(p.notices).toEqual([
      'Unknown check kind "toString" ignored; showing every kind (allowed: missing_form, missing_field, inconsistent, open_query, not_complete).',
      'Page "0" is not a page number; showing page 1.',
    ]);
    expect(parseEditCheckParams({ kind: long }).notices[0]).toContain(`"${'x'.repeat(40)}…"`);
  });

  it('writes links without defaults, keeping centre and kind', () => {
    expect(editCheckSearch({})).toBe('');
    expect(editCheckSearch({ kind: 'inconsistent' }, 1)).toBe('?kind=inconsistent');
    expect(editCheckSearch({ centreCode: 'PL-01', kind: 'missing_form' }, 4)).toBe('?centre=PL-01&kind=missing_form&page=4');
  });
});
