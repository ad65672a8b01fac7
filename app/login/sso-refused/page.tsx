import Link from 'next/link';

export const metadata = { title: 'Single sign-on refused' };

/**
 * Where a hospital sign-in that did not give a registry session ends: our refusals
 * (lib/auth/sso-login.ts, `reason`) and next-auth's own errors of the OAuth round trip (`error`).
 * The user has proved who they are at the hospital, so saying why is no account enumeration.
 */
const REASONS: Record<string, string> = {
  unknown_account: 'There is no active registry account with the e-mail address your hospital account has.',
  inactive_account: 'There is no active registry account with the e-mail address your hospital account has.',
  unverified_email: 'Your hospital did not confirm the e-mail address of your hospital account, so it cannot be matched to a registry account.',
  no_email: 'Your hospital account did not give an e-mail address, so it cannot be matched to a registry account.',
  error: 'Signing in did not complete because of a server error. Please try again in a moment.',
};
const ROUND_TRIP_FAILED = 'Signing in with your hospital account did not complete (the hospital refused it, or it took too long). Please try again.';

export default async function SsoRefusedPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { reason } = await searchParams;
  const message = (typeof reason === 'string' ? REASONS[reason] : undefined) ?? ROUND_TRIP_FAILED;
  return (
    <section className="card narrow">
      <h1>You are not logged in</h1>
      <p role="alert">{message}</p>
      <p>Accounts are created by the registry administrator: please contact them to have an account opened or reactivated
        with the e-mail address of your hospital account. You can also log in with your registry e-mail and password.</p>
      <p><Link href="/login">Back to the login page</Link></p>
    </section>
  );
}
