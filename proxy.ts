/**
 * Network-boundary checks that Next's own handling gets wrong for us (security check 11):
 * a server action POST with a cross-site, `null` or malformed Origin makes Next answer 500 (or
 * throw while parsing the header). Here any state-changing request whose Origin is not this host
 * is refused with a clean 403 before it reaches an action or a route. Authorisation is NOT done
 * here: services check every call (house style); this only stops cross-site requests early.
 */
import { NextResponse, type NextRequest } from 'next/server';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function originHost(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : null;
  } catch {
    return null;
  }
}

export function proxy(request: NextRequest) {
  if (SAFE_METHODS.has(request.method)) return NextResponse.next();
  const origin = request.headers.get('origin');
  const host = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || request.headers.get('host');
  const isAction = request.headers.has('next-action');
  const crossSite = request.headers.get('sec-fetch-site') === 'cross-site';
  // Browsers send Origin with every POST; a server action call without one is not a browser's.
  const refused = crossSite || (origin === null ? isAction : !host || originHost(origin) !== host);
  if (!refused) return NextResponse.next();
  return NextResponse.json(
    { ok: false, code: 'cross_site', message: 'Cross-site request refused.' },
    { status: 403, headers: { 'Cache-Control': 'no-store' } },
  );
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
