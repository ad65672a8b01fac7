'use client';
import { useState } from 'react';
import { signIn } from 'next-auth/react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { LOGIN_EMAIL_MAX, LOGIN_PASSWORD_MAX } from '@/lib/validation/login';

/** `callbackPath`: the page that sent the user here (already checked by the login page; checked again). */
export function LoginForm({ callbackPath = null }: { callbackPath?: string | null }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const res = await signIn('credentials', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      redirect: false,
    });
    setPending(false);
    if (!res || res.error) {
      setError(res?.error && res.error !== 'CredentialsSignin' ? res.error : 'Wrong email or password.');
      return;
    }
    router.replace(safeCallbackPath(callbackPath) ?? '/patients');
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="form" method="post" noValidate>
      <label htmlFor="email">Email</label>
      <input id="email" name="email" type="email" autoComplete="username" maxLength={LOGIN_EMAIL_MAX} required />
      <label htmlFor="password">Password</label>
      <input id="password" name="password" type="password" autoComplete="current-password" maxLength={LOGIN_PASSWORD_MAX} required />
      <div role="alert" aria-live="assertive" className="form-error">{error}</div>
      <button type="submit" disabled={pending}>{pending ? 'Logging in…' : 'Log in'}</button>
      <p><Link href="/password/forgot">Forgot password?</Link></p>
    </form>
  );
}
