'use client';
import { useState } from 'react';
import Link from 'next/link';
import { setPasswordWithLinkAction } from '@/app/password/actions';

/** The form an invitation or reset link opens; the token comes from the link, never typed. */
export function SetPasswordForm({ token, email }: { token: string; email: string }) {
  const [done, setDone] = useState(false);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setErrors({});
    const r = await setPasswordWithLinkAction({
      token, password: String(form.get('password') ?? ''), confirm: String(form.get('confirm') ?? ''),
    }).catch(() => null);
    setPending(false);
    if (!r) return setErrors({ form: 'Something went wrong on the server; please try again.' });
    if (!r.ok) return setErrors({ form: r.message, password: r.fieldErrors?.password?.[0], confirm: r.fieldErrors?.confirm?.[0] });
    setDone(true);
  }

  if (done) {
    return <p role="status">Your password is set. <Link href="/login">Log in</Link> with {email}.</p>;
  }
  return (
    <form onSubmit={onSubmit} className="form" method="post" noValidate>
      <p>Account: <strong>{email}</strong></p>
      <label htmlFor="password">New password</label>
      <input id="password" name="password" type="password" autoComplete="new-password" maxLength={200} required
        aria-describedby="password-hint password-error" />
      <small id="password-hint">8 characters or more (at most 72 bytes).</small>
      <div id="password-error" className="form-error">{errors.password}</div>
      <label htmlFor="confirm">Repeat the new password</label>
      <input id="confirm" name="confirm" type="password" autoComplete="new-password" maxLength={200} required aria-describedby="confirm-error" />
      <div id="confirm-error" className="form-error">{errors.confirm}</div>
      <div role="alert" aria-live="assertive" className="form-error">{errors.form}</div>
      <button type="submit" disabled={pending}>{pending ? 'Saving…' : 'Set password'}</button>
    </form>
  );
}
