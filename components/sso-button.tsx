'use client';
import { useState } from 'react';
import { signIn } from 'next-auth/react';
import { safeCallbackPath } from '@/lib/auth/callback-url';

/**
 * "Sign in with <hospital>". next-auth's client asks for the IdP's authorize address by fetch and
 * then navigates there, so no form posts to the IdP (the CSP's form-action 'self' stays as it is).
 */
export function SsoButton({ providerId, displayName, callbackPath = null }: { providerId: string; displayName: string; callbackPath?: string | null }) {
  const [pending, setPending] = useState(false);
  return (
    <button type="button" className="secondary sso-button" disabled={pending} aria-busy={pending}
      onClick={() => { setPending(true); void signIn(providerId, { callbackUrl: safeCallbackPath(callbackPath) ?? '/patients' }); }}>
      {pending ? `Going to ${displayName}…` : `Sign in with ${displayName}`}
    </button>
  );
}
