'use client';
import { useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { registerPatientAction } from '@/app/patients/actions';
import { registerPatientFormSchema, type RegisterPatientFormInput } from '@/lib/validation/patient';
import { ErrorSummary, flattenErrors } from './crf-form-shell';
import { controlProps, Field, toNumberOrNull, toStringOrNull } from './field';

export function RegisterPatientForm({ idempotencyKey, centreCode }: { idempotencyKey: string; centreCode: string }) {
  const router = useRouter();
  const form = useForm<RegisterPatientFormInput, unknown, ReturnType<typeof registerPatientFormSchema.parse>>({
    resolver: zodResolver(registerPatientFormSchema), mode: 'onBlur',
  });
  const { register, formState: { errors }, setError } = form;
  const [pending, setPending] = useState(false);
  const inFlight = useRef(false);
  const [message, setMessage] = useState<string | null>(null);
  const e = (k: keyof RegisterPatientFormInput) => errors[k]?.message;
  async function submit(v: ReturnType<typeof registerPatientFormSchema.parse>) {
    if (inFlight.current) return;
    inFlight.current = true; setPending(true); setMessage(null);
    try {
      const res = await registerPatientAction({ ...v, idempotencyKey });
      if (res.ok) { router.push(`/patients/${res.data.code}/baseline`); return; }
      for (const [k, m] of Object.entries(res.fieldErrors ?? {})) {
        if (k === 'sex' || k === 'birthYear') setError(k, { message: m.join(' ') });
      }
      setMessage(res.message);
      inFlight.current = false; setPending(false);
    } catch {
      inFlight.current = false; setPending(false); setMessage('The server could not be reached. Nothing was saved; try again.');
    }
  }
  return (
    <form onSubmit={(ev) => void form.handleSubmit(submit)(ev)} noValidate className="card form">
      <p className="muted">The patient gets the next free pseudonym id of {centreCode}. Record no name, birth date or national id.</p>
      <ErrorSummary errors={flattenErrors(errors)} extra={message ? [message] : []} />
      <Field name="sex" label="Sex" error={e('sex')}>
        <select {...controlProps('sex', e('sex'))} {...register('sex', { setValueAs: toStringOrNull })}>
          <option value="">Choose…</option><option value="female">female</option><option value="male">male</option>
        </select>
      </Field>
      <Field name="birthYear" label="Year of birth" error={e('birthYear')}>
        <input type="number" inputMode="numeric" min={1900} step={1} {...controlProps('birthYear', e('birthYear'))} {...register('birthYear', { setValueAs: toNumberOrNull })} />
      </Field>
      <button type="submit" disabled={pending} aria-busy={pending}>{pending ? 'Registering…' : 'Register patient'}</button>
    </form>
  );
}
