'use client';
import { useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { saveBaselineAction } from '@/app/patients/actions';
import { fieldsOf, formLabelOf } from '@/lib/dictionary';
import { ageAtStart, type StoredAge } from '@/lib/validation/age-at-start';
import { baselineFormSchema, deriveAgeAtStart, type BaselineFormInput } from '@/lib/validation/baseline';
import { isRealDate } from '@/lib/validation/common';
import { CrfFormShell } from './crf-form-shell';
import { DictionaryField } from './dictionary-field';
import type { FormMetaView, QueryView } from './types';
import { useCrfSave } from './use-crf-save';

/** The baseline CRF: the dictionary's baseline fields in order; the age at start is derived, shown where it sits. */
const FIELDS = fieldsOf('baseline');

export function BaselineForm({ meta, defaults, birthYear, storedAge, queries }: {
  meta: FormMetaView; defaults: Partial<BaselineFormInput>; birthYear: number; queries: QueryView[];
  /** The stored start and age (an import may carry the exact age): shown while the start is unchanged. */
  storedAge: StoredAge | null;
}) {
  const form = useForm<BaselineFormInput, unknown, ReturnType<typeof baselineFormSchema.parse>>({
    resolver: zodResolver(baselineFormSchema), defaultValues: defaults, shouldUnregister: true, mode: 'onBlur',
  });
  const { register, control, formState: { errors }, setError } = form;
  const state = useCrfSave(meta, (n, m) => setError(n as keyof BaselineFormInput, { message: m }));
  const start = useWatch({ control, name: 'ibrutinibStart' });
  const age = typeof start === 'string' && isRealDate(start) ? ageAtStart(birthYear, start, storedAge) : null;
  const e = (k: string) => errors[k as keyof BaselineFormInput]?.message;
  return (
    <CrfFormShell state={state} errors={errors} canWrite={meta.canWrite}
      onSubmit={form.handleSubmit((v) => state.save(v, saveBaselineAction))}>
      {FIELDS.map((f) => f.entry === 'computed' ? (
        // Computed at the save (the stored age while the start is unchanged, else start year − birth year,
        // minus one before 2 July): shown, never typed.
        <div className="field" key={f.name}>
          <span style={{ fontWeight: 600, fontSize: '.92rem' }} id="age-label">{formLabelOf(f)}</span>
          <output aria-labelledby="age-label" data-testid="age-at-start">{age === null ? '—' : `${age} years`}</output>
          <span className="muted" style={{ fontSize: '.85rem' }}>{age !== null && typeof start === 'string' && age !== deriveAgeAtStart(birthYear, start)
            ? 'The exact age as recorded for this start date.' : `Start year − birth year (${birthYear}), minus 1 before 2 July.`}</span>
        </div>
      ) : (
        <DictionaryField key={f.name} field={f} register={register} control={control} error={e} queries={queries} />
      ))}
    </CrfFormShell>
  );
}
