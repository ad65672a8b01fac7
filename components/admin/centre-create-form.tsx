'use client';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import { createCentreAction } from '@/app/admin/centres/actions';
import { createCentreSchema } from '@/lib/validation/admin';
import { applyActionErrors, UNEXPECTED } from './action-feedback';
import { useHydrated } from './use-hydrated';
import { TextField } from './text-field';

type In = z.input<typeof createCentreSchema>;
type Out = z.output<typeof createCentreSchema>;
const FIELDS = ['code', 'name', 'city'] as const;

export function CentreCreateForm() {
  const hydrated = useHydrated();
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { register, handleSubmit, setError, reset, formState: { errors, isSubmitting } } = useForm<In, unknown, Out>({
    resolver: zodResolver(createCentreSchema),
    defaultValues: { code: '', name: '', city: '' },
  });

  // A message about the last submit is stale once the form is edited again (the field's own error
  // is re-checked by react-hook-form on change).
  const clearMessages = () => { setFormError(null); setNotice(null); };
  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setNotice(null);
    const result = await createCentreAction(values).catch(() => null);
    if (!result) return setFormError(UNEXPECTED);
    if (!result.ok) return setFormError(applyActionErrors(result, FIELDS, setError));
    reset();
    setNotice(`Centre ${result.data.code} created.`);
  });

  return (
    <form onSubmit={onSubmit} onChange={clearMessages} method="post" className="form" noValidate aria-labelledby="new-centre-title">
      <h2 id="new-centre-title">New centre</h2>
      <div className="form-grid">
        <TextField id="centre-code" label="Code" registration={register('code')} error={errors.code}
          hint="Two capital letters, hyphen, two digits (e.g. PL-09). Cannot be changed later." autoComplete="off" maxLength={5} />
        <TextField id="centre-name" label="Name" registration={register('name')} error={errors.name} maxLength={120} />
        <TextField id="centre-city" label="City" registration={register('city')} error={errors.city} maxLength={80} />
      </div>
      <div role="alert" className="form-error">{formError}</div>
      <div role="status" className={notice ? 'notice ok' : undefined}>{notice}</div>
      <div><button type="submit" disabled={!hydrated || isSubmitting}>{isSubmitting ? 'Creating…' : 'Create centre'}</button></div>
    </form>
  );
}
