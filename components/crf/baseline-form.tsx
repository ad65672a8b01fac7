'use client';
import { useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { saveBaselineAction } from '@/app/patients/actions';
import {
  baselineFormSchema, BINET_STAGES, DEL17P, deriveAgeAtStart, IGHV, INCLUSION_CRITERIA, RAI_STAGES, type BaselineFormInput,
} from '@/lib/validation/baseline';
import { isRealDate } from '@/lib/validation/common';
import { CrfFormShell } from './crf-form-shell';
import { controlProps, Field, FieldGroup, toBoolOrNull, toNumberOrNull, toStringOrNull } from './field';
import type { FormMetaView, QueryView } from './types';
import { useCrfSave } from './use-crf-save';

export function BaselineForm({ meta, defaults, birthYear, queries }: {
  meta: FormMetaView; defaults: Partial<BaselineFormInput>; birthYear: number; queries: QueryView[];
}) {
  const form = useForm<BaselineFormInput, unknown, ReturnType<typeof baselineFormSchema.parse>>({
    resolver: zodResolver(baselineFormSchema), defaultValues: defaults, shouldUnregister: true, mode: 'onBlur',
  });
  const { register, formState: { errors }, setError } = form;
  const state = useCrfSave(meta, (n, m) => setError(n as keyof BaselineFormInput, { message: m }));
  const start = useWatch({ control: form.control, name: 'ibrutinibStart' });
  const age = typeof start === 'string' && isRealDate(start) ? deriveAgeAtStart(birthYear, start) : null;
  const e = (k: keyof BaselineFormInput) => errors[k]?.message;
  return (
    <CrfFormShell state={state} errors={errors} canWrite={meta.canWrite}
      onSubmit={form.handleSubmit((v) => state.save(v, saveBaselineAction))}>
      <Field name="ibrutinibStart" label="Ibrutinib start date" error={e('ibrutinibStart')} queries={queries}>
        <input type="date" {...controlProps('ibrutinibStart', e('ibrutinibStart'))} {...register('ibrutinibStart')} />
      </Field>
      <div className="field">
        <span style={{ fontWeight: 600, fontSize: '.92rem' }} id="age-label">Age at start (derived)</span>
        <output aria-labelledby="age-label" data-testid="age-at-start">{age === null ? '—' : `${age} years`}</output>
        <span className="muted" style={{ fontSize: '.85rem' }}>Start year − birth year ({birthYear}), minus 1 before 2 July.</span>
      </div>
      <Field name="ecog" label="ECOG performance status" error={e('ecog')} queries={queries}>
        <select {...controlProps('ecog', e('ecog'))} {...register('ecog', { setValueAs: toNumberOrNull })}>
          <option value="">Choose…</option>
          {[0, 1, 2, 3, 4].map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </Field>
      <Field name="raiStage" label="Rai stage" error={e('raiStage')} queries={queries}>
        <select {...controlProps('raiStage', e('raiStage'))} {...register('raiStage', { setValueAs: toStringOrNull })}>
          <option value="">Choose…</option>
          {RAI_STAGES.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </Field>
      <Field name="binetStage" label="Binet stage (optional)" error={e('binetStage')} queries={queries}>
        <select {...controlProps('binetStage', e('binetStage'))} {...register('binetStage', { setValueAs: toStringOrNull })}>
          <option value="">Not staged</option>
          {BINET_STAGES.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </Field>
      <Field name="del17p" label="del(17p) by FISH" error={e('del17p')} queries={queries}>
        <select {...controlProps('del17p', e('del17p'))} {...register('del17p', { setValueAs: toStringOrNull })}>
          <option value="">Choose…</option>
          {DEL17P.map((s) => <option key={s} value={s}>{s.replace('_', ' ')}</option>)}
        </select>
      </Field>
      <Field name="ighv" label="IGHV status" error={e('ighv')} queries={queries}>
        <select {...controlProps('ighv', e('ighv'))} {...register('ighv', { setValueAs: toStringOrNull })}>
          <option value="">Choose…</option>
          {IGHV.map((s) => <option key={s} value={s}>{s.replace('_', ' ')}</option>)}
        </select>
      </Field>
      <Field name="priorLines" label="Prior lines of therapy" error={e('priorLines')} queries={queries}>
        <input type="number" min={1} max={20} step={1} inputMode="numeric" {...controlProps('priorLines', e('priorLines'))}
          {...register('priorLines', { setValueAs: toNumberOrNull })} />
      </Field>
      <Field name="priorPurineAnalogue" label="Prior purine analogue" error={e('priorPurineAnalogue')} queries={queries}>
        <select {...controlProps('priorPurineAnalogue', e('priorPurineAnalogue'))} {...register('priorPurineAnalogue', { setValueAs: toBoolOrNull })}>
          <option value="">Choose…</option><option value="true">yes</option><option value="false">no</option>
        </select>
      </Field>
      <Field name="priorAntiCd20" label="Prior anti-CD20" error={e('priorAntiCd20')} queries={queries}>
        <select {...controlProps('priorAntiCd20', e('priorAntiCd20'))} {...register('priorAntiCd20', { setValueAs: toBoolOrNull })}>
          <option value="">Choose…</option><option value="true">yes</option><option value="false">no</option>
        </select>
      </Field>
      <FieldGroup name="inclusionCriteria" legend="Programme inclusion criteria met (a–f of the programme protocol)" error={errors.inclusionCriteria?.message} queries={queries} wide>
        {INCLUSION_CRITERIA.map((c) => (
          <label key={c} style={{ fontWeight: 400, display: 'flex', gap: '.4rem', alignItems: 'center' }}>
            <input type="checkbox" value={c} {...register('inclusionCriteria')} style={{ minHeight: 'auto' }} /> criterion {c}
          </label>
        ))}
      </FieldGroup>
    </CrfFormShell>
  );
}
