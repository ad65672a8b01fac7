'use client';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { saveResponseAction } from '@/app/patients/actions';
import { entryFieldsOf } from '@/lib/dictionary';
import { responseFormSchema, type ResponseFormInput } from '@/lib/validation/response';
import { CrfFormShell } from './crf-form-shell';
import { DictionaryField } from './dictionary-field';
import type { FormMetaView, QueryView } from './types';
import { useCrfSave } from './use-crf-save';

/** The response CRF: the dictionary's response fields, in order. */
const FIELDS = entryFieldsOf('response');

export function ResponseForm({ meta, defaults, queries }: { meta: FormMetaView; defaults: Partial<ResponseFormInput>; queries: QueryView[] }) {
  const form = useForm<ResponseFormInput, unknown, ReturnType<typeof responseFormSchema.parse>>({
    resolver: zodResolver(responseFormSchema), defaultValues: defaults, shouldUnregister: true, mode: 'onBlur',
  });
  const { register, control, formState: { errors }, setError } = form;
  const state = useCrfSave(meta, (n, m) => setError(n as keyof ResponseFormInput, { message: m }));
  const e = (k: string) => errors[k as keyof ResponseFormInput]?.message;
  return (
    <CrfFormShell state={state} errors={errors} canWrite={meta.canWrite} onSubmit={form.handleSubmit((v) => state.save(v, saveResponseAction))}>
      {FIELDS.map((f) => <DictionaryField key={f.name} field={f} register={register} control={control} error={e} queries={queries} />)}
    </CrfFormShell>
  );
}
