'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import { changeRoleAction } from '@/app/admin/users/actions';
import type { Role } from '@/lib/auth/permissions';
import { changeRoleSchema } from '@/lib/validation/admin';
import { applyActionErrors, UNEXPECTED } from './action-feedback';
import { useHydrated } from './use-hydrated';
import { CentreSelect, type CentreChoice } from './centre-select';
import { RoleSelect } from './role-select';

type In = z.input<typeof changeRoleSchema>;
type Out = z.output<typeof changeRoleSchema>;
const FIELDS = ['id', 'role', 'centreId'] as const;

interface Props { user: { id: number; role: Role; centreId: number | null }; centres: CentreChoice[]; self: boolean }

export function UserRoleForm({ user, centres, self }: Props) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { register, control, handleSubmit, setError, setValue, reset, formState: { errors, isSubmitting } } = useForm<In, unknown, Out>({
    resolver: zodResolver(changeRoleSchema),
    defaultValues: { id: user.id, role: user.role, centreId: user.centreId },
  });
  const role = useWatch({ control, name: 'role' });
  const roleField = register('role', {
    onChange: (e: { target: { value: string } }) => {
      if (e.target.value !== 'investigator') setValue('centreId', null);
      else if (user.role === 'investigator') setValue('centreId', user.centreId);
    },
  });

  // A message about the last submit is stale once the form is edited again (the field's own error
  // is re-checked by react-hook-form on change).
  const clearMessages = () => { setFormError(null); setNotice(null); };
  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setNotice(null);
    const result = await changeRoleAction(values).catch(() => null);
    if (!result) return setFormError(UNEXPECTED);
    if (!result.ok) return setFormError(applyActionErrors(result, FIELDS, setError));
    reset(values);
    setNotice(result.data.changed ? 'Role saved. Their open sessions were ended.' : 'Nothing changed.');
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} onChange={clearMessages} method="post" className="form" noValidate aria-labelledby="role-title">
      <h2 id="role-title">Role and centre</h2>
      {self ? <p className="muted">This is your own account: changing your role logs you out.</p> : null}
      <div className="form-grid">
        <RoleSelect id="role" registration={roleField} error={errors.role} />
        <Controller control={control} name="centreId" render={({ field }) => (
          <CentreSelect id="centre" value={field.value} onChange={field.onChange} onBlur={field.onBlur}
            disabled={role !== 'investigator'} centres={centres} error={errors.centreId} />
        )} />
      </div>
      <div role="alert" className="form-error">{formError}</div>
      <div role="status" className={notice ? 'notice ok' : undefined}>{notice}</div>
      <div><button type="submit" disabled={!hydrated || isSubmitting}>{isSubmitting ? 'Saving…' : 'Save role'}</button></div>
    </form>
  );
}
