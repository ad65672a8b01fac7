'use client';
import { useFieldArray, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { saveTherapiesAction } from '@/app/patients/actions';
import { RESPONSES } from '@/lib/validation/response';
import { REGIMEN_MAX, REGIMEN_SUGGESTIONS, therapiesFormSchema, type TherapiesFormInput } from '@/lib/validation/therapies';
import { CrfFormShell } from './crf-form-shell';
import { controlProps, toNumberOrNull, toStringOrNull } from './field';
import type { FormMetaView, QueryView } from './types';
import { useCrfSave } from './use-crf-save';
import { WatchedCount } from './watched-count';

export function TherapiesForm({ meta, defaults, queries }: { meta: FormMetaView; defaults: TherapiesFormInput; queries: QueryView[] }) {
  const form = useForm<TherapiesFormInput, unknown, ReturnType<typeof therapiesFormSchema.parse>>({
    resolver: zodResolver(therapiesFormSchema), defaultValues: defaults, shouldUnregister: true, mode: 'onBlur',
  });
  const { register, formState: { errors }, setError, control } = form;
  const { fields, append, remove } = useFieldArray({ control, name: 'rows' });
  const state = useCrfSave(meta, (n, m) => setError(n as 'rows', { message: m }));
  const open = queries.filter((q) => q.field === 'rows' && q.status !== 'closed');
  return (
    <CrfFormShell state={state} errors={errors} canWrite={meta.canWrite} onSubmit={form.handleSubmit((v) => state.save(v, saveTherapiesAction))}>
      <div style={{ gridColumn: '1 / -1' }}>
        {open.map((q) => <p key={q.id} className="badge alert" style={{ borderRadius: 5 }}>Query ({q.status}): {q.question}</p>)}
        <datalist id="regimen-suggestions">{REGIMEN_SUGGESTIONS.map((r) => <option key={r} value={r} />)}</datalist>
        {fields.length === 0 ? <p className="muted">No subsequent therapy recorded.</p> : null}
        <ol style={{ paddingLeft: '1.2rem' }}>
          {fields.map((f, i) => {
            const rowErr = errors.rows?.[i];
            return (
              <li key={f.id} style={{ marginBottom: '.75rem' }} data-testid={`therapy-row-${i}`}>
                <input type="hidden" {...register(`rows.${i}.id`, { setValueAs: toNumberOrNull })} />
                <div className="form-grid">
                  <div className="field">
                    <label htmlFor={controlProps(`rows.${i}.regimen`, undefined).id}>Regimen (therapy {i + 1})</label>
                    {/* No maxLength (it cuts a paste short without a word): the count shows how far over, the schema refuses. */}
                    <input list="regimen-suggestions" {...controlProps(`rows.${i}.regimen`, rowErr?.regimen?.message, true)} {...register(`rows.${i}.regimen`)} />
                    <span id={`${controlProps(`rows.${i}.regimen`, undefined).id}-hint`}>
                      <WatchedCount control={control} name={`rows.${i}.regimen`} max={REGIMEN_MAX} threshold={0.75} />
                    </span>
                    <span id={`${controlProps(`rows.${i}.regimen`, undefined).id}-error`} className="field-error">{rowErr?.regimen?.message ?? ''}</span>
                  </div>
                  <div className="field">
                    <label htmlFor={controlProps(`rows.${i}.startDate`, undefined).id}>Start date (therapy {i + 1})</label>
                    <input type="date" {...controlProps(`rows.${i}.startDate`, rowErr?.startDate?.message)} {...register(`rows.${i}.startDate`, { setValueAs: toStringOrNull })} />
                    <span id={`${controlProps(`rows.${i}.startDate`, undefined).id}-error`} className="field-error">{rowErr?.startDate?.message ?? ''}</span>
                  </div>
                  <div className="field">
                    <label htmlFor={controlProps(`rows.${i}.bestResponse`, undefined).id}>Best response (therapy {i + 1})</label>
                    <select {...controlProps(`rows.${i}.bestResponse`, rowErr?.bestResponse?.message)} {...register(`rows.${i}.bestResponse`, { setValueAs: toStringOrNull })}>
                      <option value="">Not known</option>
                      {RESPONSES.map((r) => <option key={r} value={r}>{r}</option>)}
                    </select>
                    <span id={`${controlProps(`rows.${i}.bestResponse`, undefined).id}-error`} className="field-error">{rowErr?.bestResponse?.message ?? ''}</span>
                  </div>
                  <div className="field" style={{ alignContent: 'end' }}>
                    <button type="button" className="secondary" onClick={() => remove(i)}>Remove therapy {i + 1}</button>
                  </div>
                </div>
              </li>
            );
          })}
        </ol>
        <button type="button" className="secondary" onClick={() => append({ id: null, regimen: '', startDate: null, bestResponse: null })}>Add a therapy</button>
        {errors.rows?.message ? <p className="field-error">{errors.rows.message}</p> : null}
      </div>
    </CrfFormShell>
  );
}
