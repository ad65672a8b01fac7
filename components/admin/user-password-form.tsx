'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import { resetPasswordAction } from '@/app/admin/users/actions';
import { resetPasswordSchema } from '@/lib/validation/admin';
import { applyActionErrors, UNEXPECTED } from './action-feedback';
import { useHydrated } from './use-hydrated';
import { TextField } from './text-field';

type In = z.input<typeof resetPasswordSchema>;
type Out = z.output<typeof resetPasswordSchema>;
const FIELDS = ['id', 'password'] as const;

export function UserPasswordForm({ userId, self }: { userId: number; self: boolean }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { register, handleSubmit, setError, reset, formState: { errors, isSubmitting } } = useForm<In, unknown, Out>({
    resolver: zodResolver(resetPasswordSchema),
    defaultValues: { id: userId, password: '' },
  });

  // A message about the last submit is stale once the form is edited again (the field's own error
  // is re-checked by react-hook-form on change).
  const clearMessages = () => { setFormError(null); setNotice(null); };
  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setNotice(null);
    const result = await resetPasswordAction(values).catch(() => null);
    if (!result) return setFormError(UNEXPECTED);
    if (!result.ok) return setFormError(applyActionErrors(result, FIELDS, setError));
    reset({ id: userId, password: '' });
    setNotice('Password changed. Their open sessions were ended.');
    if (result.data.self) router.refresh();
  });

  return (
    <form onSubmit={onSubmit} onChange={clearMessages} method="post" className="form" noValidate aria-labelledby="password-title">
      <h2 id="password-title">Reset password</h2>
      {self ? <p className="muted">This is your own account: you will be logged out.</p> : null}
      <TextField id="new-password" label="New password" type="password" autoComplete="new-password"
        registration={register('password')} error={errors.password} hint="8 characters or more (at most 72 bytes)." />
      <div role="alert" className="form-error">{formError}</div>
      <div role="status" className={notice ? 'notice ok' : undefined}>{notice}</div>
      <div><button type="submit" disabled={!hydrated || isSubmitting}>{isSubmitting ? 'Saving…' : 'Set new password'}</button></div>
    </form>
  );
}
