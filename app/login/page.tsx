import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/auth/current-user';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { LoginForm } from '@/components/login-form';
import { SsoButton } from '@/components/sso-button';
import { ssoConfig, SSO_PROVIDER_ID } from '@/lib/auth/sso-config';
import { SSO_REFUSED_PATH } from '@/lib/auth/sso-next-auth';

export const metadata = { title: 'Log in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Only a same-origin path survives (no open redirect); anything else means the patients list.
  const sp = await searchParams;
  const callbackPath = safeCallbackPath(sp.callbackUrl);
  if (await getCurrentUser()) redirect(callbackPath ?? '/patients');
  // next-auth sends a failed OAuth round trip (OAuthCallback, OAuthSignin: bad state or PKCE, IdP
  // error) here with ?error=; the password form never navigates with one. Explain it on the SSO page.
  if (typeof sp.error === 'string') redirect(`${SSO_REFUSED_PATH}?${new URLSearchParams({ error: sp.error.slice(0, 40) })}`);
  // The hospital sign-in button only when single sign-on is configured (OIDC_*).
  const sso = ssoConfig();
  return (
    <section className="card narrow">
      <h1>Log in</h1>
      <LoginForm callbackPath={callbackPath} />
      {sso && (
        <div className="sso-login">
          <p className="muted">or, with your hospital account:</p>
          <SsoButton providerId={SSO_PROVIDER_ID} displayName={sso.displayName} callbackPath={callbackPath} />
        </div>
      )}
    </section>
  );
}
