'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { resetSecondFactorAction } from '@/app/admin/users/actions';
import { UNEXPECTED } from './action-feedback';
import { useHydrated } from './use-hydrated';

/** An admin removes a user's second factor (lost phone): audited, their sessions end (reset-second-factor.ts). */
export function SecondFactorResetForm({ userId, self, enrolled }: { userId: number; self: boolean; enrolled: boolean }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onReset() {
    if (!window.confirm(self ? 'Reset your own second factor? You will be logged out.' : 'Reset this account\'s second factor? Their open sessions end.')) return;
    setBusy(true);
    setError(null);
    const res = await resetSecondFactorAction({ id: userId }).catch(() => null);
    setBusy(false);
    if (!res) return setError(UNEXPECTED);
    if (!res.ok) return setError(res.message);
    setNotice('Second factor reset. Their open sessions were ended; they set it up again from their account (at the next login if their role requires it).');
    router.refresh();
  }

  return (
    <div aria-labelledby="second-factor-title">
      <h2 id="second-factor-title">Two-factor login</h2>
      <p data-testid="account-second-factor">{enrolled ? 'On.' : 'Off.'}</p>
      <div role="alert" className="form-error">{error}</div>
      <div role="status" className={notice ? 'notice ok' : undefined}>{notice}</div>
      {enrolled ? <button type="button" onClick={() => void onReset()} disabled={!hydrated || busy}>{busy ? 'Resetting…' : 'Reset second factor'}</button> : null}
    </div>
  );
}
