'use client';
import { useState } from 'react';
import { requestPasswordResetAction } from '@/app/password/actions';

/** Asks for a reset link; the server answers the same sentence for every address. */
export function ForgotPasswordForm() {
  const [answer, setAnswer] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const email = String(new FormData(e.currentTarget).get('email') ?? '');
    setPending(true);
    setError(null);
    const r = await requestPasswordResetAction({ email }).catch(() => null);
    setPending(false);
    if (!r) return setError('Something went wrong on the server; please try again.');
    if (!r.ok) return setError(r.fieldErrors?.email?.[0] ?? r.message);
    setAnswer(r.data.message);
  }

  if (answer) return <p role="status">{answer}</p>;
  return (
    <form onSubmit={onSubmit} className="form" method="post" noValidate>
      <label htmlFor="email">Email</label>
      <input id="email" name="email" type="email" autoComplete="username" maxLength={254} required />
      <div role="alert" aria-live="assertive" className="form-error">{error}</div>
      <button type="submit" disabled={pending}>{pending ? 'Sending…' : 'Send me a link'}</button>
    </form>
  );
}
