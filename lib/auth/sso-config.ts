/**
 * Hospital single sign-on settings (OpenID Connect). SSO is on only when issuer, client id and
 * secret are all set; a partial configuration is an error at first use rather than a login button
 * that cannot work (fail closed, with the missing names in the message).
 */
import { env, type Env } from '@/lib/env';

/** next-auth provider id: the IdP redirects back to <NEXTAUTH_URL>/api/auth/callback/hospital. */
export const SSO_PROVIDER_ID = 'hospital';

export interface SsoConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  displayName: string;
  /** Accept the IdP's e-mail without `email_verified: true` (OIDC_TRUST_IDP_EMAIL=on). */
  trustIdpEmail: boolean;
  /** An SSO login starts fully authenticated, without our second factor (SSO_WAIVES_2FA). */
  waivesSecondFactor: boolean;
}

type SsoEnv = Pick<Env, 'OIDC_ISSUER' | 'OIDC_CLIENT_ID' | 'OIDC_CLIENT_SECRET' | 'OIDC_DISPLAY_NAME' | 'OIDC_TRUST_IDP_EMAIL' | 'SSO_WAIVES_2FA'>;

export function ssoConfigFrom(e: SsoEnv): SsoConfig | null {
  const parts = { OIDC_ISSUER: e.OIDC_ISSUER, OIDC_CLIENT_ID: e.OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: e.OIDC_CLIENT_SECRET };
  const missing = Object.entries(parts).filter(([, v]) => !v).map(([k]) => k);
  if (missing.length === 3) return null;
  if (missing.length > 0) throw new Error(`Single sign-on is half configured: set ${missing.join(', ')} too, or unset all OIDC_* settings.`);
  return {
    // The issuer identifier is compared exactly with the ID token's `iss`: no trailing slash added or removed here.
    issuer: String(e.OIDC_ISSUER), clientId: String(e.OIDC_CLIENT_ID), clientSecret: String(e.OIDC_CLIENT_SECRET),
    displayName: e.OIDC_DISPLAY_NAME, trustIdpEmail: e.OIDC_TRUST_IDP_EMAIL === 'on', waivesSecondFactor: e.SSO_WAIVES_2FA === 'true',
  };
}

/** The configured SSO, or null when single sign-on is off. */
export function ssoConfig(): SsoConfig | null {
  return ssoConfigFrom(env());
}

/** The discovery document's address (OpenID Connect Discovery 1.0, section 4). */
export function wellKnownUrl(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
}
