/**
 * Same-origin test for state-changing requests, shared by proxy.ts (every POST) and the route
 * handlers' guard (a second layer). Behind several proxies x-forwarded-host is a list: its first
 * entry is the host the browser used.
 */
export function requestHost(headers: Headers): string | null {
  return headers.get('x-forwarded-host')?.split(',')[0]?.trim() || headers.get('host');
}

/** The host of an http(s) Origin header, or null for `null`, other schemes and malformed values. */
export function originHost(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : null;
  } catch {
    return null;
  }
}

export function isSameOrigin(headers: Headers): boolean {
  const origin = headers.get('origin');
  const host = requestHost(headers);
  return origin !== null && host !== null && host !== '' && originHost(origin) === host;
}
