'use client';
/**
 * Frame of every CRF form: error summary (role=alert, links to the fields), conflict report,
 * reason for change (when the form is complete or verified), "mark complete", the submit button.
 */
import type { FieldErrors, FieldValues } from 'react-hook-form';
import type { ReactNode } from 'react';
import { errorFieldLabel } from './error-label';
import { fieldId } from './field';
import type { CrfSaveState } from './use-crf-save';
import { CharacterCount } from '../character-count';

export function flattenErrors(errors: FieldErrors<FieldValues> | Record<string, unknown>, prefix = ''): { name: string; message: string }[] {
  const out: { name: string; message: string }[] = [];
  for (const [k, v] of Object.entries(errors)) {
    if (!v || typeof v !== 'object' || k === 'ref') continue;
    const name = prefix ? `${prefix}.${k}` : k;
    const msg = (v as { message?: unknown }).message;
    if (typeof msg === 'string' && msg) out.push({ name, message: msg });
    else out.push(...flattenErrors(v as Record<string, unknown>, name));
  }
  return out;
}

export function ErrorSummary({ errors, extra, labelOf = errorFieldLabel }: {
  errors: { name: string; message: string }[]; extra?: string[];
  /** The field an error is about, in words (default: the CRFs' field names; a course record names its value keys). */
  labelOf?: (name: string) => string | null;
}) {
  const all = [...(extra ?? []).map((m) => ({ name: '', message: m })), ...errors];
  return (
    <div role="alert" aria-live="assertive">
      {all.length ? (
        <div className="notice error" data-testid="error-summary">
          <strong>Please correct {all.length === 1 ? 'this' : `these ${all.length}`}:</strong>
          <ul>{all.map((e, i) => {
            const label = e.name ? labelOf(e.name) : null;
            return <li key={`${e.name}-${i}`}>{e.name ? <a href={`#${fieldId(e.name)}`}>{label ? `${label}: ` : ''}{e.message}</a> : e.message}</li>;
          })}</ul>
        </div>
      ) : null}
    </div>
  );
}

export function CrfFormShell({ state, errors, canWrite, onSubmit, children, submitLabel = 'Save', labelOf }: {
  state: CrfSaveState; errors: FieldErrors<FieldValues>; canWrite: boolean; onSubmit: (e: React.FormEvent<HTMLFormElement>) => void;
  children: ReactNode; submitLabel?: string; labelOf?: (name: string) => string | null;
}) {
  const flat = flattenErrors(errors);
  const needsReason = state.status === 'complete' || state.status === 'verified';
  return (
    <form onSubmit={onSubmit} noValidate className="card" aria-describedby="form-status-line">
      <p id="form-status-line" className="muted">
        Status: <span className={`badge ${state.status ?? ''}`} data-testid="form-status">{state.status ?? 'not started'}</span>
        {state.version ? ` · version ${state.version}` : ''}
      </p>
      <ErrorSummary errors={flat} extra={state.formErrors} labelOf={labelOf} />
      {state.notice ? (
        <p role="status" className={`notice ${state.notice.kind}`} data-testid="save-notice">{state.notice.text}</p>
      ) : null}
      {state.conflict ? (
        <div className="notice error" data-testid="conflict">
          <p><strong>Not saved: someone else changed this form after you opened it.</strong></p>
          {state.conflict.length ? (
            <table>
              <thead><tr><th>Field</th><th>Saved now</th><th>Yours</th></tr></thead>
              <tbody>{state.conflict.map((c) => <tr key={c.field}><td>{c.label}</td><td>{c.current ?? '—'}</td><td>{c.yours ?? '—'}</td></tr>)}</tbody>
            </table>
          ) : null}
          <button type="button" className="secondary" onClick={() => window.location.reload()}>Reload the current version</button>
        </div>
      ) : null}
      <fieldset disabled={!canWrite} style={{ border: 'none', padding: 0, margin: 0 }}>
        <div className="form-grid">{children}</div>
        {canWrite ? (
          <div className="toolbar" style={{ marginTop: '1rem' }}>
            {needsReason ? (
              <div className="field" style={{ flex: '1 1 320px' }}>
                <label htmlFor="f-changeReason">Reason for change (required: this form is {state.status})</label>
                <input id="f-changeReason" value={state.reason.value} onChange={(e) => state.reason.set(e.target.value)}
                  aria-invalid={state.reason.error ? true : undefined} aria-describedby="f-changeReason-error f-changeReason-count" />
                <CharacterCount id="f-changeReason-count" length={state.reason.value.length} max={500} threshold={0.5} />
                <span id="f-changeReason-error" className="field-error">{state.reason.error ?? ''}</span>
              </div>
            ) : (
              <label style={{ display: 'flex', gap: '.4rem', alignItems: 'center' }}>
                <input type="checkbox" checked={state.complete.value} onChange={(e) => state.complete.set(e.target.checked)} style={{ minHeight: 'auto' }} />
                Mark the form complete
              </label>
            )}
            <button type="submit" disabled={state.pending} aria-busy={state.pending}>{state.pending ? 'Saving…' : submitLabel}</button>
          </div>
        ) : null}
      </fieldset>
    </form>
  );
}
