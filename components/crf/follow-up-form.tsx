'use client';
import { useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { saveFollowUpAction } from '@/app/patients/actions';
import { DEATH_CAUSES, followUpFormSchema, VITAL_STATUSES, type FollowUpFormInput } from '@/lib/validation/follow-up';
import { CrfFormShell } from './crf-form-shell';
import { controlProps, Field, toStringOrNull } from './field';
import { WatchedCount } from './watched-count';
import type { FormMetaView, QueryView } from './types';
import { useCrfSave } from './use-crf-save';

export function FollowUpForm({ meta, defaults, queries }: { meta: FormMetaView; defaults: Partial<FollowUpFormInput>; queries: QueryView[] }) {
  const form = useForm<FollowUpFormInput, unknown, ReturnType<typeof followUpFormSchema.parse>>({
    resolver: zodResolver(followUpFormSchema), defaultValues: defaults, shouldUnregister: true, mode: 'onBlur',
  });
  const { register, formState: { errors }, setError } = form;
  const state = useCrfSave(meta, (n, m) => setError(n as keyof FollowUpFormInput, { message: m }));
  const e = (k: keyof FollowUpFormInput) => errors[k]?.message;
  const dead = useWatch({ control: form.control, name: 'vitalStatus' }) === 'dead';
  const other = useWatch({ control: form.control, name: 'deathCause' }) === 'other';
  return (
    <CrfFormShell state={state} errors={errors} canWrite={meta.canWrite} onSubmit={form.handleSubmit((v) => state.save(v, saveFollowUpAction))}>
      <Field name="vitalStatus" label="Vital status" error={e('vitalStatus')} queries={queries}>
        <select {...controlProps('vitalStatus', e('vitalStatus'))} {...register('vitalStatus', { setValueAs: toStringOrNull })}>
          <option value="">Choose…</option>
          {VITAL_STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </Field>
      <Field name="lastContactDate" label="Last contact date" error={e('lastContactDate')} queries={queries}
        hint={dead ? 'For a patient who died: the date of death.' : 'On or after every other date of this patient.'}>
        <input type="date" {...controlProps('lastContactDate', e('lastContactDate'), true)} {...register('lastContactDate')} />
      </Field>
      {dead ? (
        <>
          <Field name="deathDate" label="Date of death" error={e('deathDate')} queries={queries}>
            <input type="date" {...controlProps('deathDate', e('deathDate'))} {...register('deathDate', { setValueAs: toStringOrNull })} />
          </Field>
          <Field name="deathCause" label="Cause of death" error={e('deathCause')} queries={queries}>
            <select {...controlProps('deathCause', e('deathCause'))} {...register('deathCause', { setValueAs: toStringOrNull })}>
              <option value="">Choose…</option>
              {DEATH_CAUSES.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          </Field>
          {other ? (
            <Field name="deathCauseOther" label="Cause of death (other, describe)" error={e('deathCauseOther')} queries={queries} wide
              hint={<WatchedCount control={form.control} name="deathCauseOther" max={300} />}>
              <textarea rows={2} {...controlProps('deathCauseOther', e('deathCauseOther'), true)} {...register('deathCauseOther')} />
            </Field>
          ) : null}
        </>
      ) : null}
    </CrfFormShell>
  );
}
