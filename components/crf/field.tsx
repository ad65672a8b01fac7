/**
 * A labelled field: label, control, hint, error (announced through aria-describedby) and the
 * field's open data queries. `controlProps(name)` gives the control its id and ARIA wiring.
 */
import type { ReactNode } from 'react';
import type { QueryView } from './types';

export function fieldId(name: string): string {
  return `f-${name.replace(/[^a-zA-Z0-9]+/g, '-')}`;
}

export function controlProps(name: string, error: string | undefined, hint?: boolean) {
  const id = fieldId(name);
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null, `${id}-queries`].filter(Boolean).join(' ');
  return { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy } as const;
}

export function Field({ name, label, error, hint, queries, children, wide }: {
  name: string; label: string; error?: string; hint?: ReactNode; queries?: QueryView[]; children: ReactNode; wide?: boolean;
}) {
  const id = fieldId(name);
  const open = (queries ?? []).filter((q) => q.field === name && q.status !== 'closed');
  return (
    // Top-aligned: a taller neighbour in the row (a two-line label, a missing-data choice) must not stretch this control;
    // one column as wide as the cell, so a select with a long option shrinks to it instead of overflowing.
    <div className="field" style={{ alignContent: 'start', gridTemplateColumns: 'minmax(0, 1fr)', ...(wide ? { gridColumn: '1 / -1' } : {}) }}>
      <label htmlFor={id} id={`${id}-label`}>{label}</label>
      {children}
      {hint ? <span id={`${id}-hint`} className="muted" style={{ fontSize: '.85rem' }}>{hint}</span> : null}
      <span id={`${id}-error`} className="field-error" aria-live="polite">{error ?? ''}</span>
      <span id={`${id}-queries`}>
        {open.map((q) => (
          <span key={q.id} className="badge alert" data-testid={`query-badge-${name}`} style={{ display: 'block', borderRadius: 5, marginTop: '.2rem' }}>
            Query ({q.status}): {q.question}{q.answer ? ` — answer: ${q.answer}` : ''}
          </span>
        ))}
      </span>
    </div>
  );
}

/** A group of radios or checkboxes: fieldset + legend instead of a single label. */
export function FieldGroup({ name, legend, error, queries, children, wide }: {
  name: string; legend: string; error?: string; queries?: QueryView[]; children: ReactNode; wide?: boolean;
}) {
  const id = fieldId(name);
  const open = (queries ?? []).filter((q) => q.field === name && q.status !== 'closed');
  return (
    <fieldset className="field" id={id} aria-describedby={`${id}-error ${id}-queries`} aria-invalid={error ? true : undefined}
      style={{ border: 'none', padding: 0, margin: 0, gridColumn: wide ? '1 / -1' : undefined }}>
      <legend style={{ fontWeight: 600, fontSize: '.92rem', padding: 0 }}>{legend}</legend>
      {children}
      <span id={`${id}-error`} className="field-error" aria-live="polite">{error ?? ''}</span>
      <span id={`${id}-queries`}>
        {open.map((q) => (
          <span key={q.id} className="badge alert" data-testid={`query-badge-${name}`} style={{ display: 'block', borderRadius: 5, marginTop: '.2rem' }}>
            Query ({q.status}): {q.question}{q.answer ? ` — answer: ${q.answer}` : ''}
          </span>
        ))}
      </span>
    </fieldset>
  );
}

export const toNumberOrNull = (v: unknown): number | null => (v === '' || v === null || v === undefined ? null : Number(v));
export const toBoolOrNull = (v: unknown): boolean | null => (v === 'true' || v === true ? true : v === 'false' || v === false ? false : null);
export const toStringOrNull = (v: unknown): string | null => (v === '' || v === null || v === undefined ? null : String(v));
