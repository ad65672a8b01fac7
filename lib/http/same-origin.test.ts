import { describe, expect, it } from 'vitest';
import { isSameOrigin, originHost, requestHost } from './same-origin';

const h = (o: Record<string, string>) => new Headers(o);

describe('same origin', () => {
  it('accepts the browser\'s own origin, directly or behind one or several proxies', () => {
    expect(isSameOrigin(h({ origin: 'http://localhost:3000', host: 'localhost:3000' }))).toBe(true);
    expect(isSameOrigin(h({ origin: 'https://registry.example', host: 'app:3000', 'x-forwarded-host': 'registry.example' }))).toBe(true);
    expect(isSameOrigin(h({ origin: 'https://registry.example', host: 'app:3000', 'x-forwarded-host': 'registry.example, lb.internal' }))).toBe(true);
  });
  it('refuses cross-site, null, missing and malformed origins', () => {
    expect(isSameOrigin(h({ origin: 'https://evil.example', host: 'localhost:3000' }))).toBe(false);
    expect(isSameOrigin(h({ origin: 'null', host: 'localhost:3000' }))).toBe(false);
    expect(isSameOrigin(h({ host: 'localhost:3000' }))).toBe(false);
    expect(isSameOrigin(h({ origin: 'javascript:alert(1)', host: 'localhost:3000' }))).toBe(false);
    expect(isSameOrigin(h({ origin: '::::', host: 'localhost:3000' }))).toBe(false);
  });
  it('reads the first forwarded host and the http(s) origin host', () => {
    expect(requestHost(h({ host: 'a', 'x-forwarded-host': ' b , c' }))).toBe('b');
    expect(requestHost(h({ host: 'a' }))).toBe('a');
    expect(originHost('ftp://x.example')).toBeNull();
    expect(originHost('https://x.example:8443/path')).toBe('x.example:8443');
  });
});
