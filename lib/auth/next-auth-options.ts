/**
 * next-auth (v4) configuration, kept behind lib/auth so it can be swapped. next-auth only carries
 * a signed JWT holding our session id; validity and the user come from the database per request
 * (see sessions.ts), so logout, timeouts and deactivation are enforced server-side.
 */
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getDb } from '@/db/client';
import { authSecret, env } from '@/lib/env';
import { clientIpFromHeaders } from '@/lib/http/client-ip';
import { authenticate } from './authenticate';
import { logout } from './logout';
import { decodeSessionJwt, encodeSessionJwt } from './session-jwt';
import { ssoConfig } from './sso-config';
import { isSsoAccount, ssoProvider, ssoSignIn, SSO_REFUSED_PATH } from './sso-next-auth';
import { log } from '@/lib/log/logger';

declare module 'next-auth' {
  interface Session { sid?: string }
  interface User { sid?: string }
}
declare module 'next-auth/jwt' {
  interface JWT { sid?: string }
}

/** Surfaced by the login form: next-auth passes a thrown Error's message back as `error`. */
export class LoginRefused extends Error {}

export const LOGIN_UNAVAILABLE = 'Logging in is not possible right now because of a server error. Please try again in a moment.';

/**
 * The credentials check behind next-auth. next-auth hands ANY thrown error's message to the login
 * form, so an unexpected failure (database down, a query error naming SQL and the email) is logged
 * here and replaced by a generic message.
 */
export async function authorizeCredentials(credentials: Record<string, unknown> | undefined, ip: string | null): Promise<{ id: string; sid: string }> {
  const email = typeof credentials?.email === 'string' ? credentials.email : '';
  const password = typeof credentials?.password === 'string' ? credentials.password : '';
  let result;
  try {
    result = await authenticate(await getDb(), email, password, ip);
  } catch (err) {
    log.error({ err }, 'login failed on the server');
    throw new LoginRefused(LOGIN_UNAVAILABLE);
  }
  if (!result.ok) throw new LoginRefused(result.message);
  return { id: String(result.userId), sid: result.sessionId };
}

let options: NextAuthOptions | undefined;

export function getAuthOptions(): NextAuthOptions {
  if (options) return options;
  const { SESSION_ABSOLUTE_HOURS, NODE_ENV } = env();
  // Hospital single sign-on only when configured (OIDC_*); a half configuration throws here.
  const sso = ssoConfig();
  options = {
    secret: authSecret(),
    session: { strategy: 'jwt', maxAge: SESSION_ABSOLUTE_HOURS * 3600 },
    // next-auth's token format with the derived key cached (session-jwt.ts: three HKDFs per request otherwise).
    jwt: { encode: encodeSessionJwt, decode: decodeSessionJwt },
    // error: a failed OAuth round trip (state, PKCE, IdP error) shows the SSO refusal page, not next-auth's own.
    pages: { signIn: '/login', error: SSO_REFUSED_PATH },
    useSecureCookies: NODE_ENV === 'production' && process.env.NEXTAUTH_URL?.startsWith('https://') === true,
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        authorize: (credentials, req) => authorizeCredentials(credentials, clientIpFromHeaders(req?.headers)),
      }),
      ...(sso ? [ssoProvider(sso)] : []),
    ],
    callbacks: {
      signIn({ user, account, profile }) {
        return sso && isSsoAccount(account) ? ssoSignIn(sso, user, profile) : true;
      },
      jwt({ token, user, account }) {
        // An SSO sign-in's default token holds the IdP subject: keep only our session id.
        if (isSsoAccount(account)) return { sid: user?.sid };
        if (user?.sid) token.sid = user.sid;
        return token;
      },
      session({ session, token }) {
        // Only the session id reaches the client-side session object; no role, no centre.
        return { expires: session.expires, sid: token.sid };
      },
    },
    events: {
      async signOut({ token }) {
        if (token?.sid) await logout(await getDb(), token.sid);
      },
    },
  };
  return options;
}
