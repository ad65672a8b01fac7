import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { readSourceHeader } from '@/db/replica';
import { formatLag, ReplicaNotice, replicaNoticeText } from './replica-notice';

describe('replica notice', () => {
  it('says nothing when there is no replica or it was up to date', () => {
    expect(replicaNoticeText({ kind: 'primary' })).toBeNull();
    expect(replicaNoticeText({ kind: 'replica', stale: false })).toBeNull();
    expect(renderToStaticMarkup(createElement(ReplicaNotice, { source: { kind: 'replica', stale: false } }))).toBe('');
  });

  it('a stale replica: the time of the data (UTC) and the lag', () => {
    const text = replicaNoticeText({ kind: 'replica', stale: true, asOf: new Date('2026-12-06T17:02:11.500Z'), lagSeconds: 185.4, behindBytes: 4096 });
    expect(text).toBe('Data as of 2026-12-06 17:02:11 UTC (replica lag 3 min 05 s): the read replica has not yet replayed the latest changes, so saves made since then are not in these analyses.');
    expect(replicaNoticeText({ kind: 'replica', stale: true, asOf: null, lagSeconds: null, behindBytes: 1 })).toMatch(/^Data as of an unknown time: /);
  });

  it('a replica not used: read from the primary, with the reason in words, no error detail', () => {
    const html = renderToStaticMarkup(createElement(ReplicaNotice, { source: { kind: 'fallback', reason: 'unreachable' } }));
    expect(html).toContain('data-source="fallback"');
    expect(html).toContain('The read replica cannot be reached: these analyses were read from the primary database instead, and are up to date.');
    expect(replicaNoticeText({ kind: 'fallback', reason: 'not-a-standby' })).toContain('is no longer a standby');
    expect(replicaNoticeText({ kind: 'fallback', reason: 'read-failed' })).toContain('failed while reading');
  });

  it('formats lags from seconds to days', () => {
    expect(formatLag(0.4)).toBe('0 s');
    expect(formatLag(59.4)).toBe('59 s');
    expect(formatLag(60)).toBe('1 min 00 s');
    expect(formatLag(3599)).toBe('59 min 59 s');
    expect(formatLag(3600 * 2 + 240)).toBe('2 h 04 min');
    expect(formatLag(86_400 * 3 + 3600 * 5)).toBe('3 d 5 h');
  });

  it('the downloads\' X-Read-Source header', () => {
    expect(readSourceHeader({ kind: 'primary' })).toBe('primary');
    expect(readSourceHeader({ kind: 'replica', stale: false })).toBe('replica');
    expect(readSourceHeader({ kind: 'fallback', reason: 'read-failed' })).toBe('primary; fallback=read-failed');
    expect(readSourceHeader({ kind: 'replica', stale: true, asOf: new Date('2026-12-06T17:00:00Z'), lagSeconds: 41.6, behindBytes: 10 }))
      .toBe('replica; stale; lag=42s; as-of=2026-12-06T17:00:00.000Z');
  });
});
