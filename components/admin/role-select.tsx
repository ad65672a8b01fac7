'use client';
import type { FieldError, UseFormRegisterReturn } from 'react-hook-form';
import { ROLE_LABELS, ROLES } from '@/lib/validation/admin';
import styles from './admin.module.css';

export function RoleSelect({ id, registration, error }: { id: string; registration: UseFormRegisterReturn; error?: FieldError }) {
  return (
    <div className={`field ${styles.field}`}>
      <label htmlFor={id}>Role</label>
      <select id={id} {...registration} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {ROLES.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}
      </select>
      <span id={`${id}-error`} className="field-error" role={error ? 'alert' : undefined}>{error?.message ?? ''}</span>
    </div>
  );
}
