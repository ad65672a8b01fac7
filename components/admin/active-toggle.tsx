'use client';
/**
 * Deactivate / reactivate with an in-page confirmation step (no window.confirm, which screen
 * readers and tests handle poorly). The server decides; this only asks and reports.
 */
import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import type { ActionResult } from '@/lib/actions/result';
import { UNEXPECTED } from './action-feedback';
import styles from './admin.module.css';
import { useHydrated } from './use-hydrated';

interface Props {
  id: number;
  active: boolean;
  /** e.g. "centre PL-03" or "account anna@example.org". */
  subject: string;
  consequence: string;
  action: (input: { id: number; active: boolean }) => Promise<ActionResult<{ changed: boolean; self?: boolean }>>;
}

export function ActiveToggle({ id, active, subject, consequence, action }: Props) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const verb = active ? 'Deactivate' : 'Reactivate';

  function run() {
    setError(null);
    startTransition(async () => {
      const result = await action({ id, active: !active }).catch(() => null);
      setConfirming(false);
      if (!result) return setError(UNEXPECTED);
      if (!result.ok) return setError(result.message);
      router.refresh();
    });
  }

  return (
    <div className={styles.toggle}>
      {confirming ? (
        <div role="group" aria-label={`Confirm: ${verb.toLowerCase()} ${subject}`}>
          <p>{verb} {subject}? {active ? consequence : ''}</p>
          <button type="button" className={active ? 'danger' : undefined} onClick={run} disabled={pending}>
            {pending ? 'Working…' : `Yes, ${verb.toLowerCase()}`}
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setConfirming(false)} disabled={pending}>Cancel</button>
        </div>
      ) : (
        <button type="button" className={active ? 'danger' : 'secondary'} onClick={() => setConfirming(true)} disabled={!hydrated}>{verb}</button>
      )}
      <div role="alert" className="form-error">{error}</div>
    </div>
  );
}
