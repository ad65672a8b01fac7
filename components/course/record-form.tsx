'use client';
/**
 * The form of one instance of a course record (visit, adverse event, dose period, interruption,
 * molecular test): the kind's dictionary fields in order, each shown while the answers ask for it,
 * with the CTCAE picker and grades for the adverse-event term and a select of the patient's logged
 * adverse events for a link to one. Saved through saveRecordAction with the CRFs' frame (error
 * summary, conflict report, reason for change, mark complete); a new instance opens at its own
 * address once saved.
 */
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { ReactNode } from 'react';
import { useForm, useWatch, type FieldValues, type Resolver } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { saveRecordAction } from '@/app/patients/[code]/course-actions';
import { findTerm, isOtherSpecify } from '@/lib/ctcae/terms';
import { entryFieldsOf, fieldLabel, fieldOfForm, formLabelOf, valueKey, type FieldDef, type RecordKind } from '@/lib/dictionary';
import { recordFormSchemas } from '@/lib/validation/course';
import { CrfFormShell } from '@/components/crf/crf-form-shell';
import { CtcaeGradeField, CtcaeTermField } from '@/components/crf/ctcae-fields';
import { askedWhen, isAsked } from '@/components/crf/dictionary-control';
import { DictionaryField } from '@/components/crf/dictionary-field';
import { controlProps, Field, toNumberOrNull } from '@/components/crf/field';
import type { FormMetaView, QueryView } from '@/components/crf/types';
import { useCrfSave } from '@/components/crf/use-crf-save';

/** A logged adverse event offered where a dose change or an interruption names its cause. */
export interface AeChoice { seq: number; label: string; enteredInError: boolean }

export function RecordForm({ kind, seq, meta, defaults, queries, aeChoices, recordBase }: {
  kind: RecordKind;
  /** null: a new instance. */
  seq: number | null;
  meta: FormMetaView;
  defaults: Record<string, unknown>;
  queries: QueryView[];
  aeChoices: AeChoice[];
  /** /patients/<code>/<slug> */
  recordBase: string;
}) {
  const router = useRouter();
  const fields = entryFieldsOf(kind);
  const watchedKeys = [...new Set([...fields.flatMap((f) => askedWhen(f)?.field ?? []), ...(kind === 'adverse-event' ? ['term'] : [])])];
  const form = useForm<FieldValues>({
    // One resolver for whichever kind this page edits (the schemas differ per kind; the values are keyed by value key).
    resolver: zodResolver(recordFormSchemas[kind] as never) as unknown as Resolver<FieldValues>,
    defaultValues: defaults, shouldUnregister: true, mode: 'onBlur',
  });
  const { register, formState: { errors }, setError, control } = form;
  const state = useCrfSave(meta, (n, m) => setError(n, { message: m }));
  const e = (k: string) => {
    const m = errors[k]?.message;
    return typeof m === 'string' ? m : undefined;
  };
  const watched: unknown[] = useWatch({ control, name: watchedKeys });
  const values = Object.fromEntries(watchedKeys.map((k, i) => [k, watched[i]]));
  const term = typeof values.term === 'string' && values.term ? findTerm(values.term) : undefined;

  const control1 = (f: FieldDef): ReactNode => {
    if (f.widget === 'ctcae-term') return <CtcaeTermField key={f.name} field={f} control={control} error={e} queries={queries} term={term} />;
    if (f.codeList === 'aeGrade') return <CtcaeGradeField key={f.name} field={f} control={control} error={e} queries={queries} term={term} />;
    if (kind === 'adverse-event' && valueKey(f) === 'termSpecify' && !(term && isOtherSpecify(term.term))) return null;
    if (f.widget === 'adverse-event-ref') {
      const key = valueKey(f);
      const current = defaults[key];
      const options = aeChoices.filter((a) => !a.enteredInError || a.seq === current);
      const hint = options.length ? undefined : 'No adverse event is logged yet: log it first, then link it here.';
      return (
        <Field key={f.name} name={key} label={formLabelOf(f)} error={e(key)} queries={queries} hint={hint} wide>
          <select {...controlProps(key, e(key), Boolean(hint))} {...register(key, { setValueAs: toNumberOrNull })}>
            <option value="">Choose…</option>
            {options.map((a) => <option key={a.seq} value={a.seq}>{a.label}</option>)}
          </select>
        </Field>
      );
    }
    return <DictionaryField key={f.name} field={f} register={register} control={control} error={e} queries={queries} />;
  };

  return (
    <CrfFormShell state={state} errors={errors} canWrite={meta.canWrite} labelOf={(key) => {
      const f = fieldOfForm(kind, key);
      return f ? fieldLabel(f.name) : key === 'changeReason' ? 'Reason for change' : null;
    }}
      onSubmit={form.handleSubmit((v) => state.save(v, async (input) => {
        const res = await saveRecordAction({ ...(input as Record<string, unknown>), kind, seq });
        // A new instance has an address once saved: go there (the list and the home show it too).
        if (res.ok && seq === null) router.replace(`${recordBase}/${res.data.seq}?saved=${res.data.version}`);
        return res;
      }))}>
      {fields.filter((f) => isAsked(f, values)).map(control1)}
      {kind !== 'adverse-event' && aeChoices.length === 0 && fields.some((f) => f.widget === 'adverse-event-ref' && isAsked(f, values)) ? (
        <p style={{ gridColumn: '1 / -1' }}><Link href={`${recordBase.replace(/\/[^/]+$/, '')}/adverse-events/new`}>Log an adverse event</Link></p>
      ) : null}
    </CrfFormShell>
  );
}
