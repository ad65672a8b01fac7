/**
 * The hospital IdP as a next-auth (v4) OAuth provider, and the signIn step that turns its verified
 * ID token into one of our database sessions (lib/auth/sso-login.ts). next-auth validates the ID
 * token (signature from the IdP's JWKS, issuer, audience, expiry, nonce) and the PKCE and state
 * checks before signIn runs; we only decide which account, if any, it is.
 */
import { headers } from 'next/headers';
import type { Account, Profile, User } from 'next-auth';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { getDb } from '@/db/client';
import { clientIpFromHeaders } from '@/lib/http/client-ip';
import { log } from '@/lib/log/logger';
import { SSO_PROVIDER_ID, wellKnownUrl, type SsoConfig } from './sso-config';
import { identityFromClaims, ssoLogin, type SsoRefusal } from './sso-login';

/** The refusal page (also next-auth's error page: a failed OAuth round trip lands there too). */
export const SSO_REFUSED_PATH = '/login/sso-refused';

export function ssoProvider(config: SsoConfig): OAuthConfig<Profile> {
  return {
    id: SSO_PROVIDER_ID,
    name: config.displayName,
    type: 'oauth',
    wellKnown: wellKnownUrl(config.issuer),
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorization: { params: { scope: 'openid email' } },
    idToken: true,
    checks: ['pkce', 'state', 'nonce'],
    // Only the subject: next-auth copies name and e-mail of this object into its JWT cookie, which
    // must carry our session id and nothing else. The e-mail is read from the ID token in signIn.
    profile: (claims) => ({ id: String(claims.sub ?? '') }),
  };
}

async function requestIp(): Promise<string | null> {
  try {
    const h = await headers();
    return clientIpFromHeaders(Object.fromEntries(h.entries()));
  } catch {
    return null;
  }
}

export function ssoRefusedUrl(reason: SsoRefusal | 'error'): string {
  return `${SSO_REFUSED_PATH}?${new URLSearchParams({ reason })}`;
}

/**
 * next-auth's signIn callback for the hospital provider: true (with our session id put on `user`,
 * which next-auth hands on to the jwt callback) or the refusal page's address.
 */
export async function ssoSignIn(config: SsoConfig, user: User, profile: Profile | undefined): Promise<true | string> {
  try {
    const identity = identityFromClaims(config.issuer, profile as Record<string, unknown> | undefined);
    const result = await ssoLogin(await getDb(), identity,
      { trustIdpEmail: config.trustIdpEmail, waivesSecondFactor: config.waivesSecondFactor }, await requestIp());
    if (!result.ok) return ssoRefusedUrl(result.reason);
    user.sid = result.sessionId;
    return true;
  } catch (err) {
    log.error({ err }, 'single sign-on failed on the server');
    return ssoRefusedUrl('error');
  }
}

/** Is this sign-in the hospital's? (account is null for the credentials provider's jwt calls.) */
export function isSsoAccount(account: Account | null | undefined): boolean {
  return account?.provider === SSO_PROVIDER_ID;
}
