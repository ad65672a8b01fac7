/**
 * Network-boundary checks that Next's own handling gets wrong for us (security check 11):
 * a server action POST with a cross-site, `null` or malformed Origin makes Next answer 500 (or
 * throw while parsing the header). Here any state-changing request whose Origin is not this host
 * is refused with a clean 403 before it reaches an action or a route. Server action bodies that
 * Next's decoder would choke on (malformed JSON, arguments that are not an array, nesting deeper
 * than any form needs, bodies over the configured limit) get a 400/413 here instead of a 500 from
 * inside Next (check 13). An action call without a signed session cookie may send at most 64 kB:
 * the length is refused (413) before Next decodes anything (issue 11 item 14). Every response it passes on gets a nonce-based Content-Security-Policy
 * (lib/http/csp.ts, check 14). Authorisation is NOT done here: services check every call (house style).
 */
import { NextResponse, type NextRequest } from 'next/server';
import { REQUEST_PATH_HEADER } from './lib/auth/callback-url';
import { contentSecurityPolicy, newNonce } from './lib/http/csp';
import { REQUEST_ID_HEADER, requestIdFrom } from './lib/http/request-id';
import { hasSignedSessionToken } from './lib/http/session-token';
import { originHost, requestHost } from './lib/http/same-origin';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Same as experimental.serverActions.bodySizeLimit in next.config.js. */
const ACTION_BODY_LIMIT = 60 * 1024 * 1024;
/** next.config.js sets proxyClientMaxBodySize just above the action limit, so whole bodies are seen. */
const INSPECT_LIMIT = ACTION_BODY_LIMIT;
const MAX_DEPTH = 32;
/**
 * Body limit for a server action call without a signed session cookie (issue 11 item 14): such a
 * call can only be refused by the action, yet Next would decode a 60 MB body first (seconds of CPU,
 * hundreds of MB). No action a visitor without a session may call needs more than a few kB.
 */
export const ANONYMOUS_ACTION_BODY_LIMIT = 64 * 1024;

function refuse(status: number, code: string, message: string) {
  return NextResponse.json({ ok: false, code, message }, { status, headers: { 'Cache-Control': 'no-store' } });
}

/** Nesting depth of a JSON text (brackets outside strings), without building the value. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++; // backslash: skip the escaped character
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 91 || ch === 123) { depth++; if (depth > max) max = depth; }
    else if (ch === 93 || ch === 125) depth--;
  }
  return max;
}

/** The encoded argument list of a server action call must be a JSON array of sane depth. */
export function badActionArgs(text: string): string | null {
  if (jsonDepth(text) > MAX_DEPTH) return 'The request is nested too deeply.';
  try {
    return Array.isArray(JSON.parse(text)) ? null : 'Malformed request.';
  } catch {
    return 'Malformed request.';
  }
}

async function checkActionBody(request: NextRequest): Promise<NextResponse | null> {
  const declared = request.headers.get('content-length');
  const length = Number(declared ?? 'NaN');
  if (length > ACTION_BODY_LIMIT) return refuse(413, 'too_large', 'The request is too large.');
  if (declared === null) {
    // A chunked body has no Content-Length: measure what arrives (Next hands the proxy at most
    // proxyClientMaxBodySize and would pass a longer body on truncated), then inspect it like any other.
    const size = (await request.clone().arrayBuffer().catch(() => null))?.byteLength;
    if (size === undefined) return refuse(400, 'invalid', 'Malformed request.');
    if (size > ACTION_BODY_LIMIT) return refuse(413, 'too_large', 'The request is too large.');
  } else if (!(length <= INSPECT_LIMIT)) return null;
  const type = request.headers.get('content-type') ?? '';
  let encoded: string | null = null;
  if (type.startsWith('multipart/form-data')) {
    const form = await request.clone().formData().catch(() => null);
    if (!form) return refuse(400, 'invalid', 'Malformed request.');
    const first = form.get('0');
    encoded = typeof first === 'string' ? first : null;
  } else if (type.startsWith('text/plain') || type === '') {
    encoded = await request.clone().text();
  }
  if (encoded === null) return null;
  const bad = badActionArgs(encoded);
  return bad ? refuse(400, 'invalid', bad) : null;
}

/** Reads at most `limit` + 1 bytes of a copy of the body: true when it is longer (the rest is never read). */
async function bodyExceeds(request: NextRequest, limit: number): Promise<boolean> {
  const reader = request.clone().body?.getReader();
  if (!reader) return false;
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return false;
      size += value.byteLength;
      if (size > limit) return true;
    }
  } finally {
    void reader.cancel().catch(() => undefined);
  }
}

/** Without a session only small action bodies get past here; the length is checked before any parsing. */
async function checkAnonymousActionSize(request: NextRequest): Promise<NextResponse | null> {
  if (await hasSignedSessionToken(request.cookies)) return null;
  const declared = request.headers.get('content-length');
  const tooLarge = declared === null
    ? await bodyExceeds(request, ANONYMOUS_ACTION_BODY_LIMIT) // chunked: read no more than the limit
    : !(Number(declared) <= ANONYMOUS_ACTION_BODY_LIMIT);
  return tooLarge ? refuse(413, 'too_large', 'The request is too large.') : null;
}

/** Passes the request on with a per-request CSP nonce (Next reads it from the request's CSP header). */
function passOn(request: NextRequest): NextResponse {
  const csp = contentSecurityPolicy(newNonce());
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', csp);
  // Always overwritten (never the client's own value); validated again where it is used.
  headers.set(REQUEST_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  // The id scripts/server.ts gave the request (or a new one under `next dev`): the pages (error
  // page), the error log line and the response all carry the same one.
  const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
  headers.set(REQUEST_ID_HEADER, requestId);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set('Content-Security-Policy', csp);
  res.headers.set(REQUEST_ID_HEADER, requestId);
  return res;
}

/**
 * The data API (/api/v1) is read-only and takes no cookie, so it has no CSRF surface: any other
 * method is answered here, as problem+json like every API error, before a handler or the
 * cross-site check (which would say 403 about a request that is simply not allowed).
 */
function apiMethodNotAllowed(request: NextRequest): Response | null {
  const path = request.nextUrl.pathname;
  if (path !== '/api/v1' && !path.startsWith('/api/v1/')) return null;
  const body = {
    type: 'about:blank', title: 'Method Not Allowed', status: 405, instance: path,
    detail: `The data API is read-only: use GET (this was ${request.method}).`,
  };
  return new Response(JSON.stringify(body), {
    status: 405, headers: { 'Content-Type': 'application/problem+json', Allow: 'GET, HEAD', 'Cache-Control': 'no-store' },
  });
}

export async function proxy(request: NextRequest) {
  if (SAFE_METHODS.has(request.method)) return passOn(request);
  const notAllowed = apiMethodNotAllowed(request);
  if (notAllowed) return notAllowed;
  const origin = request.headers.get('origin');
  const host = requestHost(request.headers);
  const isAction = request.headers.has('next-action');
  const crossSite = request.headers.get('sec-fetch-site') === 'cross-site';
  // Browsers send Origin with every POST; a server action call without one is not a browser's.
  const refused = crossSite || (origin === null ? isAction : !host || originHost(origin) !== host);
  if (refused) return refuse(403, 'cross_site', 'Cross-site request refused.');
  if (isAction) return (await checkAnonymousActionSize(request)) ?? (await checkActionBody(request)) ?? passOn(request);
  return passOn(request);
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
