import { describe, expect, it } from 'vitest';
import { parsePageParam } from './page-param';

describe('parsePageParam', () => {
  it('accepts whole page numbers and treats a missing one as page 1', () => {
    expect(parsePageParam('3')).toEqual({ page: 3, notice: null });
    expect(parsePageParam(undefined)).toEqual({ page: 1, notice: null });
    expect(parsePageParam(['2', '9'])).toEqual({ page: 2, notice: null });
  });

  it('shows page 1 with a notice for anything else, echoing at most 20 characters', () => {
    for (const bad of ['1.5', '1e400', '-2', '0', 'abc', '9999999', ' 1']) {
      const r = parsePageParam(bad, 'History page');
      expect(r.page).toBe(1);
      expect(r.notice).toMatch(/^History page ".*" is not a page number; showing page 1\.$/);
    }
    expect(parsePageParam('x'.repeat(500)).notice?.length).toBeLessThan(80);
  });
});
