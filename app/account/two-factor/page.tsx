import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getSessionState } from '@/lib/auth/current-user';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { twoFactorStatus } from '@/lib/services/two-factor/status';
import { getDb } from '@/db/client';
import { LogoutButton } from '@/components/logout-button';
import { TwoFactorEnrolment } from '@/components/account/two-factor-enrolment';

export const metadata = { title: 'Set up two-factor login' };

/**
 * Enrolment: for a logged-in user (from the account page), and the one page a session held at
 * enrolment may reach (its role requires a second factor: sessions.ts).
 */
export default async function TwoFactorEnrolPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const callbackPath = safeCallbackPath((await searchParams).callbackUrl);
  const state = await getSessionState();
  if (!state) redirect('/login?callbackUrl=%2Faccount%2Ftwo-factor');
  if (state.kind === 'pending' && state.step === 'code') redirect('/login/two-factor');
  const held = state.kind === 'pending';
  const status = await twoFactorStatus(await getDb(), state.user.id);
  return (
    <section className="card narrow">
      <h1>Set up two-factor login</h1>
      {held ? <p className="notice" role="status">Your role requires two-factor login: set it up to continue.</p> : null}
      {status.enrolled && !held ? (
        <p>Two-factor login is already on for your account. <Link href="/account">Back to your account</Link></p>
      ) : (
        <TwoFactorEnrolment next={held ? (callbackPath ?? '/patients') : '/account'} />
      )}
      {held ? <LogoutButton /> : null}
    </section>
  );
}
