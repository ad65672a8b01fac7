/**
 * Does a request carry a session cookie that this server signed? Used by proxy.ts to decide how
 * much body an action call may send before anything parses it (issue 11 item 14). The cookie is
 * next-auth's encrypted JWT, so a forged or made-up value does not pass; whether the session is
 * still open is decided later, per request, from the database (lib/auth/sessions.ts) — this is
 * only the cheap first gate, never the authorisation.
 */
import { decodeSessionJwt } from '@/lib/auth/session-jwt';
import { authSecret } from '@/lib/env';

const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'];

interface CookieJar { get(name: string): { value: string } | undefined }

export async function hasSignedSessionToken(cookies: CookieJar): Promise<boolean> {
  for (const name of SESSION_COOKIES) {
    const value = cookies.get(name)?.value;
    if (!value) continue;
    try {
      const token = await decodeSessionJwt({ token: value, secret: authSecret() });
      if (typeof token?.sid === 'string') return true;
    } catch {
      // Tampered, expired or signed with another secret: no session.
    }
  }
  return false;
}
