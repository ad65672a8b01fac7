import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/auth/current-user';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { LoginForm } from '@/components/login-form';

export const metadata = { title: 'Log in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Only a same-origin path survives (no open redirect); anything else means the patients list.
  const callbackPath = safeCallbackPath((await searchParams).callbackUrl);
  if (await getCurrentUser()) redirect(callbackPath ?? '/patients');
  return (
    <section className="card narrow">
      <h1>Log in</h1>
      <LoginForm callbackPath={callbackPath} />
    </section>
  );
}
