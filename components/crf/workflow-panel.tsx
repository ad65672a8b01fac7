'use client';
/**
 * Status actions of one form, or of one instance of a course record: mark complete (investigator),
 * verify (coordinator), sign & lock with the password (coordinator, e-signature), unlock with a
 * reason (coordinator; voids the signature).
 */
import { useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { markCompleteAction, signFormAction, unlockFormAction, verifyFormAction } from '@/app/patients/actions';
import { markRecordCompleteAction, signRecordAction, unlockRecordAction, verifyRecordAction } from '@/app/patients/[code]/course-actions';
import type { RecordKind } from '@/lib/dictionary';
import type { ActionResult } from '@/lib/actions/result';
import { SIGNATURE_MEANING } from '@/lib/validation/workflow';
import type { FormKey } from '@/lib/validation/forms';
import type { FormStatus } from './types';
import { CharacterCount } from '../character-count';

export interface WorkflowPanelProps {
  /** A CRF, or an instance of a course record. */
  patientCode: string; form: FormKey | { kind: RecordKind; seq: number }; version: number | null; status: FormStatus | null;
  signature: { name: string; at: string; meaning: string } | null;
  /** The printed name a signature by the current user will carry (lib/crf/signer.ts). */
  signerName: string;
  can: { complete: boolean; verify: boolean; lock: boolean; unlock: boolean };
}

export function WorkflowPanel(p: WorkflowPanelProps) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const busy = useRef(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [password, setPassword] = useState('');
  const [passwordError, setPasswordError] = useState<string | undefined>();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();

  async function run(fn: () => Promise<ActionResult<unknown>>, ok: string) {
    if (busy.current) return;
    busy.current = true; setPending(true); setMessage(null); setPasswordError(undefined); setReasonError(undefined);
    try {
      const res = await fn();
      if (res.ok) { setMessage({ kind: 'ok', text: ok }); setPassword(''); setReason(''); router.refresh(); return; }
      const pwError = res.fieldErrors?.password?.join(' ');
      const rsError = res.fieldErrors?.reason?.join(' ');
      setPasswordError(pwError);
      setReasonError(rsError);
      // A refusal about one field is said once, next to that field (its span is role="alert");
      // the summary above is for the rest (a conflict, a missing required field, the server).
      if (res.message !== pwError && res.message !== rsError) setMessage({ kind: 'error', text: res.message });
    } finally { busy.current = false; setPending(false); }
  }
  if (p.version === null || p.status === null) return null;
  const version = p.version;
  const target = p.form;
  // The same four verbs, on a CRF or on one instance of a course record.
  const verbs = typeof target === 'string' ? (() => {
    const base = { patientCode: p.patientCode, form: target, version };
    return {
      complete: () => markCompleteAction({ ...base, status: 'complete' }), verify: () => verifyFormAction({ ...base, status: 'verified' }),
      sign: (password: string) => signFormAction({ ...base, password }), unlock: (why: string) => unlockFormAction({ ...base, reason: why }),
    };
  })() : (() => {
    const base = { patientCode: p.patientCode, kind: target.kind, seq: target.seq, version };
    return {
      complete: () => markRecordCompleteAction({ ...base, status: 'complete' }), verify: () => verifyRecordAction({ ...base, status: 'verified' }),
      sign: (password: string) => signRecordAction({ ...base, password }), unlock: (why: string) => unlockRecordAction({ ...base, reason: why }),
    };
  })();
  return (
    <section className="card" aria-labelledby="workflow-h">
      <h2 id="workflow-h">Workflow</h2>
      <p>Status: <span className={`badge ${p.status}`} data-testid="workflow-status">{p.status}</span></p>
      {p.signature ? (
        <p data-testid="signature">Signed by <strong>{p.signature.name}</strong> at {p.signature.at.replace('T', ' ').slice(0, 19)} UTC — “{p.signature.meaning}”</p>
      ) : null}
      <div role="status" aria-live="polite">{message ? <p className={`notice ${message.kind}`}>{message.text}</p> : null}</div>
      {p.status === 'draft' && p.can.complete ? (
        <button type="button" disabled={pending} onClick={() => run(verbs.complete, 'Marked complete.')}>Mark complete</button>
      ) : null}
      {p.status === 'complete' && p.can.verify ? (
        <button type="button" disabled={pending} onClick={() => run(verbs.verify, 'Verified (source data verified).')}>Verify (source data verified)</button>
      ) : null}
      {p.status === 'verified' && p.can.lock ? (
        <form className="form" onSubmit={(e) => { e.preventDefault(); void run(() => verbs.sign(password), 'Signed and locked.'); }}>
          <p className="muted">Electronic signature as <strong data-testid="signer-name">{p.signerName}</strong>. Meaning: “{SIGNATURE_MEANING}”</p>
          <label htmlFor="sign-password">Your password (to sign)</label>
          <input id="sign-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)}
            aria-invalid={passwordError ? true : undefined} aria-describedby="sign-password-error" />
          <span id="sign-password-error" className="field-error" role="alert">{passwordError ?? ''}</span>
          <button type="submit" disabled={pending}>Sign and lock</button>
        </form>
      ) : null}
      {p.status === 'locked' && p.can.unlock ? (
        <form className="form" onSubmit={(e) => { e.preventDefault(); void run(() => verbs.unlock(reason), 'Unlocked: the signature is void.'); }}>
          <label htmlFor="unlock-reason">Reason for unlocking (required)</label>
          <textarea id="unlock-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)}
            aria-invalid={reasonError ? true : undefined} aria-describedby="unlock-reason-error unlock-reason-count" />
          <CharacterCount id="unlock-reason-count" length={reason.length} max={500} />
          <span id="unlock-reason-error" className="field-error" role="alert">{reasonError ?? ''}</span>
          <button type="submit" className="danger" disabled={pending}>Unlock (voids the signature)</button>
        </form>
      ) : null}
    </section>
  );
}
