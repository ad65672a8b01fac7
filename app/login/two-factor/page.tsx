import { redirect } from 'next/navigation';
import { getSessionState } from '@/lib/auth/current-user';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { LogoutButton } from '@/components/logout-button';
import { SecondFactorCodeForm } from '@/components/account/second-factor-code-form';

export const metadata = { title: 'Two-factor login' };

/** The code step of a login: reachable only by a session whose password was right (sessions.ts). */
export default async function TwoFactorLoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const callbackPath = safeCallbackPath((await searchParams).callbackUrl);
  const state = await getSessionState();
  if (!state) redirect('/login');
  if (state.kind === 'full') redirect(callbackPath ?? '/patients');
  if (state.step === 'enrol') redirect(callbackPath ? `/account/two-factor?${new URLSearchParams({ callbackUrl: callbackPath })}` : '/account/two-factor');
  return (
    <section className="card narrow">
      <h1>Two-factor login</h1>
      <p>Enter the 6-digit code your authenticator app shows for the CLL Registry.</p>
      <SecondFactorCodeForm callbackPath={callbackPath} />
      <p className="muted">Lost your phone? Use one of your recovery codes, or ask an administrator to reset your second factor.</p>
      <LogoutButton />
    </section>
  );
}
