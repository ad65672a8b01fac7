import { describe, expect, it } from 'vitest';
import { etagMatches, weakEtag } from './etag';
import { decodeCursor, encodeCursor, MAX_LIMIT, parseListQuery } from './paging';
import { ApiProblem } from './problem';

const parse = (qs: string) => parseListQuery(new URLSearchParams(qs));
const problem = (fn: () => unknown): ApiProblem => {
  try { fn(); } catch (err) { if (err instanceof ApiProblem) return err; throw err; }
  throw new Error('no problem thrown');
};

describe('list query parameters', () => {
  it('defaults, and a cursor round-trips opaquely', () => {
    expect(parse('')).toEqual({ after: null, limit: 100, centre: null, updatedSince: null, format: 'json' });
    const c = encodeCursor('PL-01-017');
    expect(c).not.toContain('PL-01');
    expect(decodeCursor(c)).toBe('PL-01-017');
    expect(parse(`cursor=${c}&limit=${MAX_LIMIT}&centre=PL-02&updated_since=2026-01-31T12:00:00Z&format=json`)).toMatchObject({
      after: 'PL-01-017', limit: MAX_LIMIT, centre: 'PL-02', updatedSince: new Date('2026-01-31T12:00:00Z'),
    });
  });

  it('refuses bad values with a 400 that says what to send', () => {
    for (const qs of ['limit=0', `limit=${MAX_LIMIT + 1}`, 'limit=1.5', 'limit=abc', 'cursor=%%%', 'cursor=eyJ4IjoxfQ', 'updated_since=tomorrow',
      'updated_since=2026-13-45', 'format=xml', 'centre=PL 01', 'page=2', 'format=csv&cursor=abc']) {
      const p = problem(() => parse(qs));
      expect(p.status, qs).toBe(400);
      expect(p.detail.length, qs).toBeGreaterThan(15);
    }
  });
});

describe('ETags', () => {
  it('are weak, stable per body, and compared weakly (lists and * included)', () => {
    const tag = weakEtag('{"a":1}');
    expect(tag).toMatch(/^W\/"[\w-]+"$/);
    expect(weakEtag('{"a":1}')).toBe(tag);
    expect(weakEtag('{"a":2}')).not.toBe(tag);
    expect(etagMatches(tag, tag)).toBe(true);
    expect(etagMatches(tag.slice(2), tag)).toBe(true);
    expect(etagMatches(`W/"other", ${tag}`, tag)).toBe(true);
    expect(etagMatches('*', tag)).toBe(true);
    expect(etagMatches(null, tag)).toBe(false);
    expect(etagMatches('W/"other"', tag)).toBe(false);
  });
});
