'use client';
import { useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { saveFollowUpAction } from '@/app/patients/actions';
import { entryFieldsOf } from '@/lib/dictionary';
import { followUpFormSchema, type FollowUpFormInput } from '@/lib/validation/follow-up';
import { CrfFormShell } from './crf-form-shell';
import { askedWhen, isAsked } from './dictionary-control';
import { DictionaryField } from './dictionary-field';
import type { FormMetaView, QueryView } from './types';
import { useCrfSave } from './use-crf-save';

/** The follow-up CRF: the dictionary's follow-up fields, in order; a field asked only when an answer holds (dead → date and cause) appears then. */
const FIELDS = entryFieldsOf('follow-up');
/** The answers the conditions read (watched, so the form re-renders when they change, not on every keystroke). */
const CONDITION_KEYS = [...new Set(FIELDS.flatMap((f) => askedWhen(f)?.field ?? []))] as (keyof FollowUpFormInput)[];

export function FollowUpForm({ meta, defaults, queries }: { meta: FormMetaView; defaults: Partial<FollowUpFormInput>; queries: QueryView[] }) {
  const form = useForm<FollowUpFormInput, unknown, ReturnType<typeof followUpFormSchema.parse>>({
    resolver: zodResolver(followUpFormSchema), defaultValues: defaults, shouldUnregister: true, mode: 'onBlur',
  });
  const { register, control, formState: { errors }, setError } = form;
  const state = useCrfSave(meta, (n, m) => setError(n as keyof FollowUpFormInput, { message: m }));
  const e = (k: string) => errors[k as keyof FollowUpFormInput]?.message;
  const watched: unknown[] = useWatch({ control, name: CONDITION_KEYS });
  const values = Object.fromEntries(CONDITION_KEYS.map((k, i) => [k, watched[i]]));
  const dead = values.vitalStatus === 'dead';
  // Where the last contact stands among the other dates depends on the vital status (the form's own hint).
  const hints: Record<string, string> = {
    lastContactDate: dead ? 'For a patient who died: the date of death.' : 'On or after every other date of this patient.',
  };
  return (
    <CrfFormShell state={state} errors={errors} canWrite={meta.canWrite} onSubmit={form.handleSubmit((v) => state.save(v, saveFollowUpAction))}>
      {FIELDS.filter((f) => isAsked(f, values)).map((f) => (
        <DictionaryField key={f.name} field={f} register={register} control={control} error={e} queries={queries} hint={hints[f.name]} />
      ))}
    </CrfFormShell>
  );
}
