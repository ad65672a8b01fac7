'use client';
/**
 * "Entered in error": an instance recorded by mistake is kept (records are never deleted) and left
 * out of every analysis and check. The reason is required and goes to the audit trail.
 */
import { useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { markEnteredInErrorAction } from '@/app/patients/[code]/course-actions';
import type { RecordKind } from '@/lib/dictionary';
import { CharacterCount } from '@/components/character-count';

export function EnteredInErrorPanel({ patientCode, kind, seq, version, noun }: {
  patientCode: string; kind: RecordKind; seq: number; version: number; noun: string;
}) {
  const router = useRouter();
  const busy = useRef(false);
  const [pending, setPending] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [message, setMessage] = useState<string | undefined>();

  async function submit() {
    if (busy.current) return;
    busy.current = true; setPending(true); setError(undefined); setMessage(undefined);
    try {
      const res = await markEnteredInErrorAction({ patientCode, kind, seq, version, reason });
      if (res.ok) { setReason(''); router.refresh(); return; }
      const fieldError = res.fieldErrors?.reason?.join(' ');
      setError(fieldError);
      if (res.message !== fieldError) setMessage(res.message);
    } finally { busy.current = false; setPending(false); }
  }

  return (
    <section className="card" aria-labelledby="eie-h">
      <h2 id="eie-h">Entered in error</h2>
      <p className="muted">If this {noun} was recorded by mistake, mark it entered in error: it stays in the record (struck through) and is left out of every analysis and check.</p>
      <div role="status" aria-live="polite">{message ? <p className="notice error">{message}</p> : null}</div>
      <form className="form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <label htmlFor="eie-reason">Why was it entered in error? (required)</label>
        <textarea id="eie-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)}
          aria-invalid={error ? true : undefined} aria-describedby="eie-reason-error eie-reason-count" />
        <CharacterCount id="eie-reason-count" length={reason.length} max={500} />
        <span id="eie-reason-error" className="field-error" role="alert">{error ?? ''}</span>
        <button type="submit" className="danger" disabled={pending}>Mark entered in error</button>
      </form>
    </section>
  );
}
