'use client';
/**
 * Save logic shared by the five CRF forms: sends the version the form was read at, the reason for
 * change and the idempotency key of this render; maps server field errors onto the fields; keeps a
 * conflict report (current vs yours) instead of overwriting. A ref guards against double submits
 * before React re-renders the disabled button; the idempotency key covers the rest.
 */
import { useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import type { ActionResult } from '@/lib/actions/result';
import type { ConflictChange, FormMetaView, FormStatus } from './types';

export interface SavedView { version: number; status: FormStatus; changed?: boolean }

export function newKey(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export function useCrfSave(meta: FormMetaView, setFieldError: (name: string, message: string) => void) {
  const router = useRouter();
  const [version, setVersion] = useState(meta.version);
  const [status, setStatus] = useState(meta.status);
  const [key, setKey] = useState(meta.idempotencyKey);
  const [pending, setPending] = useState(false);
  const inFlight = useRef(false);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [conflict, setConflict] = useState<ConflictChange[] | null>(null);
  const [changeReason, setChangeReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [markComplete, setMarkComplete] = useState(false);
  const [formErrors, setFormErrors] = useState<string[]>([]);
  // A status change elsewhere on the page (mark complete, verify, unlock) re-renders the page with
  // a new version: adopt it (React's "adjust state on prop change" pattern).
  const [seen, setSeen] = useState({ version: meta.version, status: meta.status });
  if (seen.version !== meta.version || seen.status !== meta.status) {
    setSeen({ version: meta.version, status: meta.status });
    setVersion(meta.version);
    setStatus(meta.status);
  }

  async function save(values: Record<string, unknown>, action: (input: unknown) => Promise<ActionResult<SavedView>>) {
    if (inFlight.current) return;
    inFlight.current = true;
    setPending(true);
    setNotice(null); setConflict(null); setReasonError(undefined); setFormErrors([]);
    try {
      const res = await action({
        ...values, patientCode: meta.patientCode, version, changeReason: changeReason.trim() || null, idempotencyKey: key,
        markComplete: status === null || status === 'draft' ? markComplete : undefined,
      });
      if (res.ok) {
        setVersion(res.data.version); setStatus(res.data.status); setKey(newKey()); setChangeReason(''); setMarkComplete(false);
        setNotice({ kind: 'ok', text: res.data.changed === false ? 'Nothing changed.' : `Saved (version ${res.data.version}, ${res.data.status}).` });
        router.refresh();
        return;
      }
      const other: string[] = [];
      for (const [name, msgs] of Object.entries(res.fieldErrors ?? {})) {
        const msg = msgs.join(' ');
        if (name === 'changeReason') setReasonError(msg);
        else if (name === '_form' || ['patientCode', 'version', 'idempotencyKey', 'markComplete'].includes(name)) other.push(msg);
        else setFieldError(name, msg);
      }
      setFormErrors(other);
      if (res.code === 'conflict') {
        const changes = (res.details?.changes ?? []) as ConflictChange[];
        setConflict(changes);
      }
      setNotice({ kind: 'error', text: res.message });
    } finally {
      inFlight.current = false;
      setPending(false);
    }
  }

  return {
    save, pending, notice, conflict, status, version, formErrors,
    reason: { value: changeReason, set: setChangeReason, error: reasonError },
    complete: { value: markComplete, set: setMarkComplete },
  };
}
export type CrfSaveState = ReturnType<typeof useCrfSave>;
