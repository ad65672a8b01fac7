'use client';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import { updateCentreAction } from '@/app/admin/centres/actions';
import { updateCentreSchema } from '@/lib/validation/admin';
import { applyActionErrors, UNEXPECTED } from './action-feedback';
import { useHydrated } from './use-hydrated';
import { TextField } from './text-field';

type In = z.input<typeof updateCentreSchema>;
type Out = z.output<typeof updateCentreSchema>;
const FIELDS = ['id', 'name', 'city'] as const;

export function CentreEditForm({ centre }: { centre: { id: number; name: string; city: string } }) {
  const hydrated = useHydrated();
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { register, handleSubmit, setError, reset, formState: { errors, isSubmitting } } = useForm<In, unknown, Out>({
    resolver: zodResolver(updateCentreSchema),
    defaultValues: { id: centre.id, name: centre.name, city: centre.city },
  });

  // A message about the last submit is stale once the form is edited again (the field's own error
  // is re-checked by react-hook-form on change).
  const clearMessages = () => { setFormError(null); setNotice(null); };
  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setNotice(null);
    const result = await updateCentreAction(values).catch(() => null);
    if (!result) return setFormError(UNEXPECTED);
    if (!result.ok) return setFormError(applyActionErrors(result, FIELDS, setError));
    reset(values); // show the saved (trimmed) values; they are the new baseline
    setNotice(result.data.changed.length ? `Saved (${result.data.changed.join(', ')} changed).` : 'Nothing to save: no field changed.');
  });

  return (
    <form onSubmit={onSubmit} onChange={clearMessages} method="post" className="form" noValidate aria-labelledby="edit-centre-title">
      <h2 id="edit-centre-title">Name and city</h2>
      <div className="form-grid">
        <TextField id="centre-name" label="Name" registration={register('name')} error={errors.name} maxLength={120} />
        <TextField id="centre-city" label="City" registration={register('city')} error={errors.city} maxLength={80} />
      </div>
      <div role="alert" className="form-error">{formError}</div>
      <div role="status" className={notice ? 'notice ok' : undefined}>{notice}</div>
      <div><button type="submit" disabled={!hydrated || isSubmitting}>{isSubmitting ? 'Saving…' : 'Save changes'}</button></div>
    </form>
  );
}
