import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_IP_HEADER, clientIpFromHeaders, installClientIpHook, normaliseIp, parseTrustedProxies, resolveClientIp, uninstallClientIpHook } from './client-ip';

describe('resolveClientIp', () => {
  const none = parseTrustedProxies('');
  const lb = parseTrustedProxies('10.0.0.0/8, 127.0.0.1, ::1');

  it('ignores X-Forwarded-For when no proxy is trusted (the default): the socket address is the client', () => {
    expect(resolveClientIp('203.0.113.9', '1.2.3.4', none)).toBe('203.0.113.9');
    expect(resolveClientIp('::ffff:203.0.113.9', '1.2.3.4, 5.6.7.8', none)).toBe('203.0.113.9');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(resolveClientIp('198.51.100.1', '10.0.0.5', lb)).toBe('198.51.100.1');
  });

  it('from a trusted proxy, takes the right-most address that is not a trusted proxy (the left part is the client\'s to forge)', () => {
    expect(resolveClientIp('127.0.0.1', '6.6.6.6, 203.0.113.9', lb)).toBe('203.0.113.9');
    expect(resolveClientIp('10.1.2.3', '6.6.6.6, 203.0.113.9, 10.9.9.9', lb)).toBe('203.0.113.9');
    expect(resolveClientIp('::1', ['203.0.113.9:51234'], lb)).toBe('203.0.113.9');
    expect(resolveClientIp('127.0.0.1', '[2001:db8::1]:443', lb)).toBe('2001:db8::1');
  });

  it('falls back to the nearest trusted hop when the header is missing, all trusted, or garbage', () => {
    expect(resolveClientIp('127.0.0.1', undefined, lb)).toBe('127.0.0.1');
    expect(resolveClientIp('127.0.0.1', '10.0.0.1', lb)).toBe('10.0.0.1');
    expect(resolveClientIp('127.0.0.1', '203.0.113.9, not-an-ip', lb)).toBe('127.0.0.1');
  });

  it('refuses a TRUSTED_PROXIES entry that is not an address or CIDR', () => {
    for (const bad of ['10.0.0.0/33', 'proxy.local', '10.0.0.0/8/1', '::1/129', '1.2.3.4/x']) {
      expect(() => parseTrustedProxies(bad)).toThrow(/TRUSTED_PROXIES/);
    }
    expect(normaliseIp('::FFFF:10.0.0.1')).toBe('10.0.0.1');
  });
});

describe('clientIpFromHeaders (what authorize() records and throttles by)', () => {
  it('reads only the address the hook stamped, never X-Forwarded-For or X-Real-IP sent by the client', () => {
    expect(clientIpFromHeaders({ 'x-forwarded-for': '6.6.6.6', 'x-real-ip': '7.7.7.7' })).toBeNull();
    expect(clientIpFromHeaders({ 'x-forwarded-for': '6.6.6.6', [CLIENT_IP_HEADER]: '203.0.113.9' })).toBe('203.0.113.9');
    expect(clientIpFromHeaders({ [CLIENT_IP_HEADER]: 'garbage' })).toBeNull();
  });
});

describe('installClientIpHook: a real Node HTTP server', () => {
  let server: http.Server | undefined;
  afterEach(async () => {
    uninstallClientIpHook();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = undefined;
  });

  async function seenBy(trusted: string, headers: Record<string, string>): Promise<string | null> {
    installClientIpHook(trusted);
    server = http.createServer((req, res) => res.end(JSON.stringify(clientIpFromHeaders(req.headers))));
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/`, { headers });
    return JSON.parse(await res.text()) as string | null;
  }

  it('stamps the socket address and drops a forged X-Forwarded-For and a forged client-ip header', async () => {
    expect(await seenBy('', { 'x-forwarded-for': '6.6.6.6', [CLIENT_IP_HEADER]: '7.7.7.7' })).toBe('127.0.0.1');
  });

  it('believes X-Forwarded-For when the peer is a trusted proxy', async () => {
    expect(await seenBy('127.0.0.1/32', { 'x-forwarded-for': '6.6.6.6, 203.0.113.9' })).toBe('203.0.113.9');
  });
});
