import { describe, expect, it } from 'vitest';
import { pageWindow } from './paging';

describe('pageWindow', () => {
  it('clamps a page past the end to the last page and says so', () => {
    expect(pageWindow(999, 165, 100)).toEqual({ page: 2, pages: 2, first: 101, last: 165, clamped: true });
  });
  it('keeps a page in range', () => {
    expect(pageWindow(1, 165, 100)).toEqual({ page: 1, pages: 2, first: 1, last: 100, clamped: false });
    expect(pageWindow(2, 200, 100)).toEqual({ page: 2, pages: 2, first: 101, last: 200, clamped: false });
  });
  it('an empty list has one empty page (page 2 of nothing is clamped)', () => {
    expect(pageWindow(1, 0, 100)).toEqual({ page: 1, pages: 1, first: 0, last: 0, clamped: false });
    expect(pageWindow(2, 0, 100).clamped).toBe(true);
  });
  it('treats 0, negatives and NaN as page 1', () => {
    for (const p of [0, -3, Number.NaN]) expect(pageWindow(p, 50, 100).page).toBe(1);
  });
});
