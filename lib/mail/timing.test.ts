import { describe, expect, it } from 'vitest';
import { nextDigestRun } from './digest';
import { BACKOFF_MAX_SECONDS, backoffSeconds } from './worker';

describe('outbox retry backoff', () => {
  it('doubles from 30 s after each failed attempt and stops growing at one hour', () => {
    expect([1, 2, 3, 4, 5].map(backoffSeconds)).toEqual([30, 60, 120, 240, 480]);
    expect(backoffSeconds(8)).toBe(3600);
    expect(backoffSeconds(1000)).toBe(BACKOFF_MAX_SECONDS);
    expect(backoffSeconds(0)).toBe(30);
  });
});

describe('daily digest schedule', () => {
  it('is the next occurrence of the hour (UTC), strictly after the given time', () => {
    expect(nextDigestRun(new Date('2026-12-06T06:59:59Z'), 7).toISOString()).toBe('2026-12-06T07:00:00.000Z');
    expect(nextDigestRun(new Date('2026-12-06T07:00:00Z'), 7).toISOString()).toBe('2026-12-07T07:00:00.000Z');
    expect(nextDigestRun(new Date('2026-12-31T23:30:00Z'), 0).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});
