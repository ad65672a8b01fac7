/**
 * Whether a new session starts fully authenticated or waits for the second factor. The one place
 * that decides it for every way of logging in, so the password login and SSO cannot drift apart.
 *
 * HOOK for the two-factor work (issue 13, TOTP): until the "second factor pending" session state
 * exists, every session starts complete. An SSO login is complete when SSO_WAIVES_2FA is true (the
 * hospital's IdP enforces its own factor); when it is false, the TOTP code must treat an SSO login
 * exactly like a password login for the roles in REQUIRE_2FA_ROLES.
 */
import type { Role } from './permissions';

export type LoginMethod = 'password' | 'sso';
export type SecondFactorState = 'complete' | 'pending';

export interface SecondFactorPolicy {
  /** SSO_WAIVES_2FA. */
  ssoWaivesSecondFactor: boolean;
}

export function secondFactorStateForNewSession(
  user: { id: number; role: Role },
  method: LoginMethod,
  policy: SecondFactorPolicy,
): SecondFactorState {
  if (method === 'sso' && policy.ssoWaivesSecondFactor) return 'complete';
  // No second factor is implemented yet: nothing to wait for.
  return 'complete';
}
