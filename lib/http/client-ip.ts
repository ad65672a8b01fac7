/**
 * The client's address for login throttling and the audit trail (issue 11 item 10).
 *
 * `X-Forwarded-For` is written by whoever sends the request, so it is believed only when the TCP
 * peer is one of TRUSTED_PROXIES (comma-separated addresses or CIDRs; empty by default). Then the
 * header is read from the right, skipping trusted proxies, and the first address that is not one is
 * the client (the left part can be forged by the client itself). Without trusted proxies the socket
 * address is the client, whatever the headers say.
 *
 * Next 16 exposes no socket address to route handlers or the proxy (NextRequest.ip is gone) and fills
 * `x-forwarded-for` from the socket only when the client did not send one. So the decision is taken
 * where the socket is still known: Node's `http.server.request.start` diagnostics channel fires for
 * every request before the server's request listener (Next) sees it, and installClientIpHook() writes
 * the result into CLIENT_IP_HEADER, replacing anything the client put there.
 */
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/** Set on every request by the hook; a client-sent value never survives. */
export const CLIENT_IP_HEADER = 'x-cll-client-ip';

/** An address as Node or a proxy writes it: IPv4-mapped IPv6, `[v6]:port`, `v4:port` → the bare address. */
export function normaliseIp(raw: string): string | null {
  let a = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed?.[1]) a = bracketed[1];
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(a);
  if (mapped?.[1]) a = mapped[1];
  return isIP(a) ? a.toLowerCase() : null;
}

/** Parses TRUSTED_PROXIES; a wrong entry is an error (a typo must not silently trust nobody or everybody). */
export function parseTrustedProxies(spec: string): BlockList {
  const list = new BlockList();
  for (const entry of spec.split(',').map((e) => e.trim()).filter(Boolean)) {
    const [addr = '', prefix, extra] = entry.split('/');
    const ip = normaliseIp(addr);
    const family = ip ? (isIP(ip) === 6 ? 'ipv6' : 'ipv4') : null;
    if (!ip || !family || extra !== undefined) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range.`);
    if (prefix === undefined) { list.addAddress(ip, family); continue; }
    const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
    if (!(bits >= 0 && bits <= (family === 'ipv4' ? 32 : 128))) throw new Error(`TRUSTED_PROXIES: "${entry}" has an invalid prefix length.`);
    list.addSubnet(ip, bits, family);
  }
  return list;
}

function isTrusted(list: BlockList, ip: string): boolean {
  return list.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client address: the socket peer unless it is a trusted proxy, then the right-most address of
 * X-Forwarded-For that is not a trusted proxy. An unparseable entry stops the walk: the hop that
 * forwarded it (a trusted proxy) is the best we know.
 */
export function resolveClientIp(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trusted: BlockList): string | null {
  const peer = socketAddress ? normaliseIp(socketAddress) : null;
  if (!peer || !isTrusted(trusted, peer)) return peer;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  let nearest = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normaliseIp(hops[i] ?? '');
    if (!hop) return nearest;
    if (!isTrusted(trusted, hop)) return hop;
    nearest = hop;
  }
  return nearest;
}

let installed: ((message: unknown) => void) | null = null;

/** Once per process (instrumentation.ts): stamp every incoming request with its client address. */
export function installClientIpHook(trustedProxies: string): void {
  if (installed) return;
  const trusted = parseTrustedProxies(trustedProxies);
  installed = (message: unknown) => {
    const request = (message as { request?: IncomingMessage }).request;
    if (!request) return;
    const ip = resolveClientIp(request.socket?.remoteAddress, request.headers['x-forwarded-for'], trusted);
    if (ip) request.headers[CLIENT_IP_HEADER] = ip;
    else delete request.headers[CLIENT_IP_HEADER];
  };
  diagnostics.subscribe('http.server.request.start', installed);
}

/** For tests: remove the hook again. */
export function uninstallClientIpHook(): void {
  if (!installed) return;
  diagnostics.unsubscribe('http.server.request.start', installed);
  installed = null;
}

/** The address the hook found, as next-auth hands request headers to authorize(). */
export function clientIpFromHeaders(headers: Record<string, unknown> | undefined): string | null {
  const value = headers?.[CLIENT_IP_HEADER];
  return typeof value === 'string' ? normaliseIp(value) : null;
}
