'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import { createUserAction } from '@/app/admin/users/actions';
import { createUserSchema } from '@/lib/validation/admin';
import { applyActionErrors, UNEXPECTED } from './action-feedback';
import { useHydrated } from './use-hydrated';
import { CentreSelect, type CentreChoice } from './centre-select';
import { RoleSelect } from './role-select';
import { TextField } from './text-field';

type In = z.input<typeof createUserSchema>;
type Out = z.output<typeof createUserSchema>;
const FIELDS = ['email', 'displayName', 'role', 'centreId', 'password'] as const;

export function UserCreateForm({ centres }: { centres: CentreChoice[] }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, control, handleSubmit, setError, setValue, formState: { errors, isSubmitting } } = useForm<In, unknown, Out>({
    resolver: zodResolver(createUserSchema),
    defaultValues: { email: '', displayName: '', role: 'investigator', centreId: null },
    // The hidden password field leaves the values, so an invitation sends no password at all.
    shouldUnregister: true,
  });
  const role = useWatch({ control, name: 'role' });
  // Invitation (default): no password field, so the admin never knows the password; the person
  // chooses one from the e-mailed link. The password path stays for sites without e-mail.
  const [invite, setInvite] = useState(true);
  const roleField = register('role', {
    onChange: (e: { target: { value: string } }) => {
      if (e.target.value !== 'investigator') setValue('centreId', null, { shouldValidate: false });
    },
  });

  // A message about the last submit is stale once the form is edited again (the field's own error
  // is re-checked by react-hook-form on change).
  const clearMessages = () => setFormError(null);
  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await createUserAction(values).catch(() => null);
    if (!result) return setFormError(UNEXPECTED);
    if (!result.ok) return setFormError(applyActionErrors(result, FIELDS, setError));
    router.push(`/admin/users/${result.data.id}?created=${values.password === undefined ? 'invited' : '1'}`);
  });

  return (
    <form onSubmit={onSubmit} onChange={clearMessages} method="post" className="form" noValidate aria-label="New account">
      <div className="form-grid">
        <TextField id="user-email" label="Email" type="email" autoComplete="off" registration={register('email')} error={errors.email} maxLength={254} />
        <TextField id="user-name" label="Display name" autoComplete="off" registration={register('displayName')} error={errors.displayName} maxLength={120} />
        <RoleSelect id="user-role" registration={roleField} error={errors.role} />
        <Controller control={control} name="centreId" render={({ field }) => (
          <CentreSelect id="user-centre" value={field.value} onChange={field.onChange} onBlur={field.onBlur}
            disabled={role !== 'investigator'} centres={centres} error={errors.centreId} />
        )} />
        <fieldset className="radio-group">
          <legend>Password</legend>
          <label><input type="radio" name="password-mode" checked={invite} onChange={() => setInvite(true)} />
            {' '}Send an invitation by e-mail (the person chooses their own password; the link is valid 72 hours)</label>
          <label><input type="radio" name="password-mode" checked={!invite} onChange={() => setInvite(false)} />
            {' '}Set an initial password</label>
        </fieldset>
        {!invite && (
          <TextField id="user-password" label="Initial password" type="password" autoComplete="new-password"
            registration={register('password')} error={errors.password}
            hint="8 characters or more (at most 72 bytes). Give it to the person through a separate channel." />
        )}
      </div>
      <div role="alert" className="form-error">{formError}</div>
      <div><button type="submit" disabled={!hydrated || isSubmitting}>{isSubmitting ? 'Creating…' : 'Create account'}</button></div>
    </form>
  );
}
