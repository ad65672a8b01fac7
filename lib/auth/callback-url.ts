/**
 * Where to go back after logging in. Only a same-origin relative path is accepted: an absolute URL,
 * a protocol-relative `//host`, a backslash (browsers read `/\host` as `//host`), control characters
 * or anything that resolves to another origin would make the login page an open redirect. The login
 * page itself is refused too (it would loop). Anything refused means "the default page".
 */
const BASE = 'http://registry.invalid';

/** Request header set by proxy.ts on every request: the path asked for (requireUser passes it to /login). */
export const REQUEST_PATH_HEADER = 'x-registry-request-path';
const MAX_LENGTH = 2000;

export function safeCallbackPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) return null;
  if (!value.startsWith('/') || value.startsWith('//')) return null;
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  if (url.pathname === '/login' || url.pathname.startsWith('/login/') || url.pathname.startsWith('/api/auth')) return null;
  return url.pathname + url.search + url.hash;
}

/** The login page's address that brings the user back to `path` afterwards (plain /login for none). */
export function loginHref(path: string | null | undefined): string {
  const safe = safeCallbackPath(path);
  return safe && safe !== '/' ? `/login?${new URLSearchParams({ callbackUrl: safe })}` : '/login';
}
