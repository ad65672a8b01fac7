'use client';
/** Revokes a token after an in-page confirmation (the account page for one's own, the admin page for anyone's). */
import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import type { ActionResult } from '@/lib/actions/result';

interface Props {
  id: number;
  name: string;
  action: (input: { id: number }) => Promise<ActionResult<{ revoked: boolean }>>;
}

export function ApiTokenRevokeButton({ id, name, action }: Props) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function run() {
    setError(null);
    startTransition(async () => {
      const r = await action({ id }).catch(() => null);
      setConfirming(false);
      if (!r) return setError('Something went wrong on the server; the token was not revoked.');
      if (!r.ok) return setError(r.message);
      router.refresh();
    });
  }

  return confirming ? (
    <span role="group" aria-label={`Confirm: revoke ${name}`}>
      <button type="button" className="danger" onClick={run} disabled={pending}>{pending ? 'Revoking…' : 'Yes, revoke'}</button>{' '}
      <button type="button" className="secondary" onClick={() => setConfirming(false)} disabled={pending}>Cancel</button>
      <span role="alert" className="form-error">{error}</span>
    </span>
  ) : (
    <button type="button" className="danger" onClick={() => setConfirming(true)} aria-label={`Revoke ${name}`}>Revoke</button>
  );
}
