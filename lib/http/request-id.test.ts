import { describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { proxy } from '@/proxy';
import { isSafeRequestId, requestIdFrom } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it("keeps an incoming id that looks like one (nginx's $request_id, a UUID)", () => {
    expect(requestIdFrom('0f1e2d3c4b5a69788796a5b4c3d2e1f0')).toBe('0f1e2d3c4b5a69788796a5b4c3d2e1f0');
    expect(requestIdFrom(['lb-1:req.42_x', 'other'])).toBe('lb-1:req.42_x');
  });

  it('replaces a missing, short, long or unsafe one with a random UUID', () => {
    for (const bad of [undefined, null, '', 'short', 'x'.repeat(129), 'has space in it', 'a"b{c}d\\e', '<script>alert(1)</script>', 'é-accented-id']) {
      const id = requestIdFrom(bad);
      expect(id).toMatch(UUID);
      expect(isSafeRequestId(bad)).toBe(false);
    }
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined));
  });

  it('proxy.ts passes the id on to the app and returns it on the response (a new one when unsafe)', async () => {
    const kept = await proxy(new NextRequest('http://localhost:3000/patients', { headers: { 'x-request-id': 'abcdef0123456789' } }));
    expect(kept.headers.get('x-request-id')).toBe('abcdef0123456789');
    // NextResponse.next({ request: { headers } }) hands the rewritten request headers on as x-middleware-request-*.
    expect(kept.headers.get('x-middleware-request-x-request-id')).toBe('abcdef0123456789');
    const fresh = await proxy(new NextRequest('http://localhost:3000/patients', { headers: { 'x-request-id': 'bad id' } }));
    expect(fresh.headers.get('x-request-id')).toMatch(UUID);
    expect(fresh.headers.get('x-middleware-request-x-request-id')).toBe(fresh.headers.get('x-request-id'));
  });
});
