import { describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { encode } from 'next-auth/jwt';
import { ANONYMOUS_ACTION_BODY_LIMIT, proxy } from './proxy';

// The session-cookie check decodes with the server's secret (read by lib/env at first use).
process.env.NEXTAUTH_SECRET ??= 'unit-test-secret-0123456789abcdef';

function actionPost(body: string, headers: Record<string, string> = {}): NextRequest {
  return new NextRequest('http://localhost:3000/patients/PL-01-001/baseline', {
    method: 'POST', body,
    headers: { origin: 'http://localhost:3000', host: 'localhost:3000', 'next-action': 'abc123', 'content-type': 'text/plain;charset=UTF-8', ...headers },
  });
}

describe('proxy: server action bodies (check 13)', () => {
  it('refuses a malformed or too deeply nested body with 400, with or without Content-Length (chunked)', async () => {
    const deep = '['.repeat(40) + ']'.repeat(40);
    for (const body of ['{not json', '{"a":1}', deep]) {
      expect((await proxy(actionPost(body, { 'content-length': String(Buffer.byteLength(body)) }))).status).toBe(400);
      // No Content-Length, as with Transfer-Encoding: chunked.
      expect((await proxy(actionPost(body))).status).toBe(400);
    }
  });

  it('passes a well-formed argument list on', async () => {
    const res = await proxy(actionPost('[{"patientCode":"PL-01-001"}]'));
    expect(res.headers.get('x-middleware-next')).toBe('1');
  });

  it('refuses a cross-site action with 403', async () => {
    expect((await proxy(actionPost('[]', { origin: 'https://evil.example' }))).status).toBe(403);
  });
});

describe('proxy: Content-Security-Policy with a per-request nonce (check 14)', () => {
  const page = () => new NextRequest('http://localhost:3000/patients', { headers: { host: 'localhost:3000' } });

  it('gives every passed-on response a nonce-based script policy and hands the nonce to Next', async () => {
    const res = await proxy(page());
    const csp = res.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    // Next reads the nonce from the forwarded request's CSP header (x-middleware-request-*).
    expect(res.headers.get('x-middleware-request-content-security-policy')).toBe(csp);
  });

  it('uses a fresh nonce for every request, also for a passed-on server action', async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 20; i++) nonces.add((await proxy(page())).headers.get('content-security-policy') ?? '');
    expect(nonces.size).toBe(20);
    const action = await proxy(actionPost('[{"patientCode":"PL-01-001"}]'));
    expect(action.headers.get('content-security-policy')).toMatch(/'nonce-/);
  });
});

describe('proxy: the requested path for the login round trip (callbackUrl)', () => {
  it('hands pages the path and query asked for, overwriting any value the client sent', async () => {
    const req = new NextRequest('http://localhost:3000/dashboard/survival?group=sex', {
      headers: { host: 'localhost:3000', 'x-registry-request-path': '//evil.example' },
    });
    const res = await proxy(req);
    expect(res.headers.get('x-middleware-request-x-registry-request-path')).toBe('/dashboard/survival?group=sex');
  });
});

describe('proxy: action bodies from requests without a session (issue 11 item 14)', () => {
  /** A 58 MB body made on demand, 16 kB at a time; `pulls` counts how much of it was read. */
  function endless(chunk = 16 * 1024, total = 58 * 1024 * 1024) {
    const counter = { pulls: 0 };
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (counter.pulls * chunk >= total) { controller.close(); return; }
        counter.pulls++;
        controller.enqueue(new Uint8Array(chunk).fill(0x20));
      },
    });
    return { body, counter };
  }
  function streamingActionPost(body: ReadableStream<Uint8Array>, headers: Record<string, string>): NextRequest {
    return new NextRequest('http://localhost:3000/patients/PL-01-001/baseline', {
      method: 'POST', body, duplex: 'half',
      headers: { origin: 'http://localhost:3000', host: 'localhost:3000', 'next-action': 'abc123', 'content-type': 'text/plain;charset=UTF-8', ...headers },
    } as ConstructorParameters<typeof NextRequest>[1]);
  }
  const sessionCookie = async () => `next-auth.session-token=${await encode({ token: { sid: 'a-session-id' }, secret: process.env.NEXTAUTH_SECRET ?? '' })}`;

  it('answers 413 to a declared 58 MB body without reading any of it', async () => {
    const { body, counter } = endless();
    const res = await proxy(streamingActionPost(body, { 'content-length': String(58 * 1024 * 1024) }));
    expect(res.status).toBe(413);
    expect(counter.pulls).toBeLessThanOrEqual(1); // a stream primes one chunk; nothing is consumed
  });

  it('answers 413 to a chunked body (no Content-Length) after reading just past the limit', async () => {
    const { body, counter } = endless();
    const res = await proxy(streamingActionPost(body, {}));
    expect(res.status).toBe(413);
    expect(counter.pulls * 16 * 1024).toBeLessThanOrEqual(ANONYMOUS_ACTION_BODY_LIMIT + 3 * 16 * 1024);
  });

  it('a made-up session cookie does not lift the limit; a signed one does', async () => {
    const big = JSON.stringify([{ text: 'x'.repeat(ANONYMOUS_ACTION_BODY_LIMIT) }]);
    const length = { 'content-length': String(Buffer.byteLength(big)) };
    expect((await proxy(actionPost(big, { ...length, cookie: 'next-auth.session-token=forged' }))).status).toBe(413);
    const ok = await proxy(actionPost(big, { ...length, cookie: await sessionCookie() }));
    expect(ok.headers.get('x-middleware-next')).toBe('1');
  });

  it('lets a small anonymous action body through to the action (which refuses it without a session)', async () => {
    const small = '[{"email":"a@x.org"}]';
    const res = await proxy(actionPost(small, { 'content-length': String(small.length) }));
    expect(res.headers.get('x-middleware-next')).toBe('1');
  });
});

describe('proxy: the data API is read-only', () => {
  it('answers any other method on /api/v1 with a 405 problem, cross-site or not, and leaves other paths alone', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const res = await proxy(new NextRequest('http://localhost:3000/api/v1/patients', { method, headers: { 'sec-fetch-site': 'cross-site' } }));
      expect(res.status).toBe(405);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.headers.get('allow')).toBe('GET, HEAD');
      expect((await res.json() as { detail: string }).detail).toMatch(/read-only/);
    }
    const get = await proxy(new NextRequest('http://localhost:3000/api/v1/patients'));
    expect(get.headers.get('x-middleware-next')).toBe('1');
    const other = await proxy(new NextRequest('http://localhost:3000/api/v10', { method: 'POST', headers: { origin: 'http://localhost:3000', host: 'localhost:3000' } }));
    expect(other.status).not.toBe(405);
  });
});
