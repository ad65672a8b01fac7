'use client';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { saveDiscontinuationAction } from '@/app/patients/actions';
import { findTerm, isInfection, isOtherSpecify } from '@/lib/ctcae/terms';
import {
  DISC_REASON_LABELS, DISC_REASONS, discontinuationFormSchema, PROGRESSION_TYPES, RT_HISTOLOGIES, type DiscontinuationFormInput,
} from '@/lib/validation/discontinuation';
import { CrfFormShell } from './crf-form-shell';
import { CtcaePicker } from './ctcae-picker';
import { WatchedCount } from './watched-count';
import { controlProps, Field, FieldGroup, toBoolOrNull, toStringOrNull } from './field';
import type { FormMetaView, QueryView } from './types';
import { useCrfSave } from './use-crf-save';

const GENERIC_GRADES = ['Mild', 'Moderate', 'Severe or medically significant', 'Life-threatening', 'Death related to the adverse event'];
const ETIOLOGY_SUGGESTIONS = ['unknown', 'bacterial: Pseudomonas aeruginosa', 'bacterial: Acinetobacter baumannii', 'probable fungal: Candida glabrata', 'viral'];

export function DiscontinuationForm({ meta, defaults, queries }: {
  meta: FormMetaView; defaults: Partial<DiscontinuationFormInput>; queries: QueryView[];
}) {
  const form = useForm<DiscontinuationFormInput, unknown, ReturnType<typeof discontinuationFormSchema.parse>>({
    resolver: zodResolver(discontinuationFormSchema), defaultValues: defaults, shouldUnregister: true, mode: 'onBlur',
  });
  const { register, formState: { errors }, setError, control } = form;
  const state = useCrfSave(meta, (n, m) => setError(n as keyof DiscontinuationFormInput, { message: m }));
  const e = (k: keyof DiscontinuationFormInput) => errors[k]?.message;
  const reason = useWatch({ control: form.control, name: 'reason' });
  const termName = useWatch({ control: form.control, name: 'aeTerm' });
  const term = termName ? findTerm(termName) : undefined;
  const progressionType = useWatch({ control: form.control, name: 'progressionType' });
  return (
    <CrfFormShell state={state} errors={errors} canWrite={meta.canWrite} onSubmit={form.handleSubmit((v) => state.save(v, saveDiscontinuationAction))}>
      <Field name="lastDoseDate" label="Date of last ibrutinib dose" error={e('lastDoseDate')} queries={queries}>
        <input type="date" {...controlProps('lastDoseDate', e('lastDoseDate'))} {...register('lastDoseDate')} />
      </Field>
      <Field name="reason" label="Reason for discontinuation" error={e('reason')} queries={queries}>
        <select {...controlProps('reason', e('reason'))} {...register('reason', { setValueAs: toStringOrNull })}>
          <option value="">Choose…</option>
          {DISC_REASONS.map((r) => <option key={r} value={r}>{DISC_REASON_LABELS[r]}</option>)}
        </select>
      </Field>
      {reason === 'other' ? (
        <Field name="reasonOther" label="Other reason (describe)" error={e('reasonOther')} queries={queries} wide
          hint={<WatchedCount control={control} name="reasonOther" max={500} />}>
          <textarea rows={3} {...controlProps('reasonOther', e('reasonOther'), true)} {...register('reasonOther')} />
        </Field>
      ) : null}
      {reason === 'adverse_event' ? (
        <>
          <h3 style={{ gridColumn: '1 / -1', margin: '.5rem 0 0' }}>Adverse event (CTCAE v4.03)</h3>
          <Field name="aeTerm" label="CTCAE term" error={e('aeTerm')} queries={queries} wide
            hint={term ? <>System organ class: <strong data-testid="ae-soc">{term.soc}</strong></> : 'Search by term or system organ class.'}>
            <Controller control={control} name="aeTerm" render={({ field }) => (
              <CtcaePicker {...controlProps('aeTerm', e('aeTerm'), true)} value={field.value} onChange={field.onChange} onBlur={field.onBlur}
                invalid={Boolean(e('aeTerm'))} describedBy={controlProps('aeTerm', e('aeTerm'), true)['aria-describedby']} />
            )} />
          </Field>
          {term && isOtherSpecify(term.term) ? (
            <Field name="aeTermSpecify" label="Specify the adverse event" error={e('aeTermSpecify')} queries={queries}
              hint={<WatchedCount control={control} name="aeTermSpecify" max={200} threshold={0.75} />}>
              <input {...controlProps('aeTermSpecify', e('aeTermSpecify'), true)} {...register('aeTermSpecify')} />
            </Field>
          ) : null}
          <Field name="aeVerbatim" label="Verbatim term (as written at the site, optional)" error={e('aeVerbatim')} queries={queries}
            hint={<WatchedCount control={control} name="aeVerbatim" max={200} threshold={0.75} />}>
            <input {...controlProps('aeVerbatim', e('aeVerbatim'), true)} {...register('aeVerbatim')} placeholder="e.g. pneumonia" />
          </Field>
          <FieldGroup name="aeGrade" legend="Grade" error={e('aeGrade')} queries={queries} wide>
            {/* A Controller, not register: react-hook-form does not apply setValueAs to radio groups. */}
            <Controller control={control} name="aeGrade" render={({ field }) => (
              <>
                {[1, 2, 3, 4, 5].map((g) => {
                  const def = term ? term.grades[g - 1] ?? null : null;
                  const undefinedGrade = term !== undefined && def === null;
                  return (
                    <label key={g} style={{ fontWeight: 400, display: 'flex', gap: '.5rem', alignItems: 'flex-start', opacity: undefinedGrade ? 0.55 : 1 }}>
                      <input type="radio" name={field.name} value={g} disabled={undefinedGrade} checked={field.value === g}
                        onChange={() => field.onChange(g)} onBlur={field.onBlur} style={{ minHeight: 'auto', marginTop: '.25rem' }} />
                      <span><strong>Grade {g}</strong>{' — '}{term ? (def ?? 'not defined for this term') : GENERIC_GRADES[g - 1]}</span>
                    </label>
                  );
                })}
              </>
            )} />
          </FieldGroup>
          <Field name="aeOnsetDate" label="Onset date" error={e('aeOnsetDate')} queries={queries}>
            <input type="date" {...controlProps('aeOnsetDate', e('aeOnsetDate'))} {...register('aeOnsetDate', { setValueAs: toStringOrNull })} />
          </Field>
          {/* Every event may have an etiology (the published cohort records "severe depression" for a suicide attempt); infections name the pathogen. */}
          {term ? (
            <Field name="aeEtiology" label={isInfection(term) ? 'Pathogen / etiology (infections)' : 'Etiology / cause (optional)'} error={e('aeEtiology')} queries={queries}
              hint={<WatchedCount control={control} name="aeEtiology" max={200} threshold={0.75} />}>
              <input list="etiology-suggestions" {...controlProps('aeEtiology', e('aeEtiology'), true)} {...register('aeEtiology')} />
              <datalist id="etiology-suggestions">{ETIOLOGY_SUGGESTIONS.map((s) => <option key={s} value={s} />)}</datalist>
            </Field>
          ) : null}
        </>
      ) : null}
      {reason === 'progression' ? (
        <>
          <h3 style={{ gridColumn: '1 / -1', margin: '.5rem 0 0' }}>Progression</h3>
          <Field name="progressionType" label="Type of progression" error={e('progressionType')} queries={queries}>
            <select {...controlProps('progressionType', e('progressionType'))} {...register('progressionType', { setValueAs: toStringOrNull })}>
              <option value="">Choose…</option>
              {PROGRESSION_TYPES.map((p) => <option key={p} value={p}>{p === 'CLL' ? 'CLL (untransformed)' : 'RT — Richter transformation'}</option>)}
            </select>
          </Field>
          {progressionType === 'RT' ? (
            <Field name="rtHistology" label="RT histology" error={e('rtHistology')} queries={queries}>
              <select {...controlProps('rtHistology', e('rtHistology'))} {...register('rtHistology', { setValueAs: toStringOrNull })}>
                <option value="">Choose…</option>
                {RT_HISTOLOGIES.map((h) => <option key={h} value={h}>{h}</option>)}
              </select>
            </Field>
          ) : null}
          <Field name="cnsInvolvement" label="CNS involvement (biopsy-confirmed)" error={e('cnsInvolvement')} queries={queries}>
            <select {...controlProps('cnsInvolvement', e('cnsInvolvement'))} {...register('cnsInvolvement', { setValueAs: toBoolOrNull })}>
              <option value="">Not known</option><option value="true">yes</option><option value="false">no</option>
            </select>
          </Field>
          <Field name="resistanceMutations" label="Resistance mutations tested (optional)" error={e('resistanceMutations')} queries={queries}
            hint={<WatchedCount control={control} name="resistanceMutations" max={300} threshold={0.75} />}>
            <input {...controlProps('resistanceMutations', e('resistanceMutations'), true)} {...register('resistanceMutations')} placeholder="e.g. BTK C481S, PLCG2" />
          </Field>
        </>
      ) : null}
    </CrfFormShell>
  );
}
