'use client';
/** Centre picker for accounts: enabled only for investigators (the only role with a centre). */
import type { FieldError } from 'react-hook-form';
import styles from './admin.module.css';

export interface CentreChoice { id: number; code: string; name: string; active: boolean }

interface Props {
  id: string;
  value: number | null;
  onChange: (v: number | null) => void;
  onBlur: () => void;
  disabled: boolean;
  centres: CentreChoice[];
  error?: FieldError;
}

export function CentreSelect({ id, value, onChange, onBlur, disabled, centres, error }: Props) {
  return (
    <div className={`field ${styles.field}`}>
      <label htmlFor={id}>Centre</label>
      <select
        id={id}
        value={value === null ? '' : String(value)}
        onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
        onBlur={onBlur}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
      >
        <option value="">{disabled ? '— (all centres)' : 'Choose a centre'}</option>
        {centres.map((c) => (
          // An inactive centre is listed only when it is the current value, so it can be shown.
          (c.active || c.id === value)
            ? <option key={c.id} value={c.id} disabled={!c.active}>{c.code} · {c.name}{c.active ? '' : ' (inactive)'}</option>
            : null
        ))}
      </select>
      <span id={`${id}-hint`} className="muted">Investigators only: they see and edit this centre&apos;s patients.</span>
      <span id={`${id}-error`} className="field-error" role={error ? 'alert' : undefined}>{error?.message ?? ''}</span>
    </div>
  );
}
