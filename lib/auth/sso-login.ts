/**
 * Matching a hospital identity (OpenID Connect ID token claims, already verified by next-auth:
 * signature, issuer, audience, nonce, PKCE, state) to a registry account, and opening the session.
 *
 * No self-registration: only an ACTIVE account an admin created, found by e-mail (case-insensitive,
 * as the password login finds it). The e-mail must be confirmed by the IdP (`email_verified: true`)
 * unless OIDC_TRUST_IDP_EMAIL says the hospital assigns the addresses itself; otherwise anyone able
 * to type an address into an IdP profile could log in as its owner. Role and centre stay the
 * registry's: nothing from the IdP is written to the account. Refusals and logins are audited.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';
import { recordEvent } from '@/lib/services/audit/record-event';
import { loginCredentialsSchema } from '@/lib/validation/login';
import { secondFactorStepAtLogin } from './authenticate';
import { createSession } from './sessions';

export interface SsoIdentity {
  issuer: string;
  /** The IdP's stable subject id (`sub`). */
  subject: string;
  email: string | null;
  emailVerified: boolean;
}

export type SsoRefusal = 'no_email' | 'unverified_email' | 'unknown_account' | 'inactive_account';

export type SsoLoginResult =
  | { ok: true; userId: number; sessionId: string }
  | { ok: false; reason: SsoRefusal };

export interface SsoLoginPolicy {
  trustIdpEmail: boolean;
  waivesSecondFactor: boolean;
}

/** The claims of an ID token as an identity; anything malformed becomes "no e-mail" / "not verified". */
export function identityFromClaims(issuer: string, claims: Record<string, unknown> | undefined): SsoIdentity {
  const email = typeof claims?.email === 'string' ? claims.email : null;
  // Some IdPs send the boolean as the string "true" (older Cognito, some SAML bridges).
  const verified = claims?.email_verified === true || claims?.email_verified === 'true';
  return { issuer, subject: typeof claims?.sub === 'string' ? claims.sub : '', email, emailVerified: verified };
}

export async function ssoLogin(db: Db, identity: SsoIdentity, policy: SsoLoginPolicy, ip: string | null): Promise<SsoLoginResult> {
  // The same normalisation and length cap as the password login's e-mail.
  const parsed = loginCredentialsSchema.shape.email.safeParse(identity.email ?? '');
  const email = parsed.success ? parsed.data : null;
  const who = { issuer: identity.issuer, subject: identity.subject.slice(0, 255), ip, method: 'sso' };
  const refuse = async (reason: SsoRefusal, userId: number | null): Promise<SsoLoginResult> => {
    await recordEvent(db, {
      actor: { id: 'system', label: email ?? (identity.subject ? `sso:${who.subject}` : 'sso') },
      action: 'sso_login_refused', tableName: 'users', recordId: userId, details: { ...who, reason },
    });
    return { ok: false, reason };
  };
  if (!email) return refuse('no_email', null);
  if (!identity.emailVerified && !policy.trustIdpEmail) return refuse('unverified_email', null);
  const [user] = await db.select({ id: users.id, email: users.email, role: users.role, active: users.active })
    .from(users).where(eq(sql`lower(${users.email})`, email)).limit(1);
  if (!user) return refuse('unknown_account', null);
  if (!user.active) return refuse('inactive_account', user.id);
  // The second-factor step a password login would need; SSO_WAIVES_2FA skips it (the hospital's IdP
  // enforces its own), otherwise the session waits for it exactly as after a password.
  const step = await secondFactorStepAtLogin(db, user.id, user.role);
  const pending = step !== null && !policy.waivesSecondFactor;
  // The same session as a password login (lib/auth/sessions.ts), audited as a login with its method.
  const sessionId = await createSession(db, user.id, new Date(), pending);
  await recordEvent(db, {
    actor: { id: user.id, label: user.email }, action: 'login', tableName: 'users', recordId: user.id,
    details: { ...who, secondFactor: step === null ? 'not required' : pending ? 'pending' : 'waived' },
  });
  return { ok: true, userId: user.id, sessionId };
}
