'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { verifySecondFactorAction } from '@/app/login/two-factor/actions';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { useHydrated } from '@/components/admin/use-hydrated';

/** The code step of a login: a 6-digit code from the app, or one recovery code. */
export function SecondFactorCodeForm({ callbackPath }: { callbackPath: string | null }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get('code') ?? '');
    setPending(true);
    setError(null);
    const res = await verifySecondFactorAction({ code }).catch(() => null);
    setPending(false);
    if (!res) return setError('Something went wrong on the server. Please try again.');
    if (!res.ok) return setError(res.message);
    router.replace(safeCallbackPath(callbackPath) ?? '/patients');
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="form" method="post" noValidate>
      <label htmlFor="code">Code from your authenticator app, or a recovery code</label>
      <input id="code" name="code" autoComplete="one-time-code" inputMode="text" maxLength={32} required autoFocus />
      <div role="alert" aria-live="assertive" className="form-error">{error}</div>
      <button type="submit" disabled={!hydrated || pending}>{pending ? 'Checking…' : 'Continue'}</button>
    </form>
  );
}
