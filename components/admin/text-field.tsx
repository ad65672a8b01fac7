'use client';
/** A labelled input whose error is announced and linked to it (aria-describedby). */
import type { InputHTMLAttributes } from 'react';
import type { FieldError, UseFormRegisterReturn } from 'react-hook-form';
import styles from './admin.module.css';

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name'> {
  id: string;
  label: string;
  registration: UseFormRegisterReturn;
  error?: FieldError;
  hint?: string;
}

export function TextField({ id, label, registration, error, hint, ...input }: Props) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${styles.field}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} {...input} {...registration} aria-invalid={error ? true : undefined} aria-describedby={describedBy} />
      {hint ? <span id={`${id}-hint`} className="muted">{hint}</span> : null}
      <span id={`${id}-error`} className="field-error" role={error ? 'alert' : undefined}>{error?.message ?? ''}</span>
    </div>
  );
}
