'use client';
import { useState } from 'react';
import { setQueryDigestAction } from '@/app/account/notification-actions';

/** One mail per raised query, or one daily digest. Saved at once; the answer says what is in force. */
export function QueryDigestForm({ digest: initial }: { digest: boolean }) {
  const [digest, setDigest] = useState(initial);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function choose(next: boolean) {
    setPending(true);
    setMessage(null);
    const r = await setQueryDigestAction({ digest: next }).catch(() => null);
    setPending(false);
    if (!r || !r.ok) return setMessage(r?.message ?? 'Something went wrong on the server; nothing was changed.');
    setDigest(r.data.digest);
    setMessage('Saved.');
  }

  return (
    <fieldset disabled={pending}>
      <legend>When a coordinator raises a data query on a patient of your centre</legend>
      <label><input type="radio" name="query-digest" checked={!digest} onChange={() => void choose(false)} /> an e-mail for each query</label>
      <label><input type="radio" name="query-digest" checked={digest} onChange={() => void choose(true)} /> one daily digest</label>
      <p role="status" className="muted">{message}</p>
    </fieldset>
  );
}
