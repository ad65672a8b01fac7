'use client';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { saveResponseAction } from '@/app/patients/actions';
import { RESPONSE_LABELS, RESPONSES, responseFormSchema, type ResponseFormInput } from '@/lib/validation/response';
import { CrfFormShell } from './crf-form-shell';
import { controlProps, Field, toStringOrNull } from './field';
import type { FormMetaView, QueryView } from './types';
import { useCrfSave } from './use-crf-save';

export function ResponseForm({ meta, defaults, queries }: { meta: FormMetaView; defaults: Partial<ResponseFormInput>; queries: QueryView[] }) {
  const form = useForm<ResponseFormInput, unknown, ReturnType<typeof responseFormSchema.parse>>({
    resolver: zodResolver(responseFormSchema), defaultValues: defaults, shouldUnregister: true, mode: 'onBlur',
  });
  const { register, formState: { errors }, setError } = form;
  const state = useCrfSave(meta, (n, m) => setError(n as keyof ResponseFormInput, { message: m }));
  const e = (k: keyof ResponseFormInput) => errors[k]?.message;
  return (
    <CrfFormShell state={state} errors={errors} canWrite={meta.canWrite} onSubmit={form.handleSubmit((v) => state.save(v, saveResponseAction))}>
      <Field name="bestResponse" label="Best response on ibrutinib (iwCLL)" error={e('bestResponse')} queries={queries}>
        <select {...controlProps('bestResponse', e('bestResponse'))} {...register('bestResponse', { setValueAs: toStringOrNull })}>
          <option value="">Choose…</option>
          {RESPONSES.map((r) => <option key={r} value={r}>{RESPONSE_LABELS[r]}</option>)}
        </select>
      </Field>
      <Field name="assessedDate" label="Date assessed" error={e('assessedDate')} queries={queries}>
        <input type="date" {...controlProps('assessedDate', e('assessedDate'))} {...register('assessedDate')} />
      </Field>
    </CrfFormShell>
  );
}
