'use client';
import type { ReactNode } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { saveDiscontinuationAction } from '@/app/patients/actions';
import { findTerm, isInfection, isOtherSpecify } from '@/lib/ctcae/terms';
import { entryFieldsOf, formLabelOf, type Condition, type FieldDef } from '@/lib/dictionary';
import { discontinuationFormSchema, type DiscontinuationFormInput } from '@/lib/validation/discontinuation';
import { CrfFormShell } from './crf-form-shell';
import { CtcaePicker } from './ctcae-picker';
import { askedWhen, isAsked } from './dictionary-control';
import { DictionaryField } from './dictionary-field';
import { controlProps, Field, FieldGroup } from './field';
import type { FormMetaView, QueryView } from './types';
import { useCrfSave } from './use-crf-save';

const GENERIC_GRADES = ['Mild', 'Moderate', 'Severe or medically significant', 'Life-threatening', 'Death related to the adverse event'];
const ETIOLOGY_SUGGESTIONS = ['unknown', 'bacterial: Pseudomonas aeruginosa', 'bacterial: Acinetobacter baumannii', 'probable fungal: Candida glabrata', 'viral'];

/** The discontinuation CRF: the dictionary's fields in order, each shown while the answers ask for it (reason → details). */
const FIELDS = entryFieldsOf('discontinuation');
/** The answers the conditions read, and the AE term (its CTCAE entry decides the grades, the specification and the etiology's label). */
const WATCHED = [...new Set([...FIELDS.flatMap((f) => askedWhen(f)?.field ?? []), 'aeTerm'])] as (keyof DiscontinuationFormInput)[];

/** Section headings, by the reason that opens them. */
const SECTIONS: Record<string, string> = { adverse_event: 'Adverse event (CTCAE v4.03)', progression: 'Progression' };
const sectionOf = (c: Condition | undefined) => (c?.field === 'reason' && c.in.length === 1 ? SECTIONS[c.in[0] ?? ''] : undefined);

export function DiscontinuationForm({ meta, defaults, queries }: {
  meta: FormMetaView; defaults: Partial<DiscontinuationFormInput>; queries: QueryView[];
}) {
  const form = useForm<DiscontinuationFormInput, unknown, ReturnType<typeof discontinuationFormSchema.parse>>({
    resolver: zodResolver(discontinuationFormSchema), defaultValues: defaults, shouldUnregister: true, mode: 'onBlur',
  });
  const { register, formState: { errors }, setError, control } = form;
  const state = useCrfSave(meta, (n, m) => setError(n as keyof DiscontinuationFormInput, { message: m }));
  const e = (k: string) => errors[k as keyof DiscontinuationFormInput]?.message;
  const watched: unknown[] = useWatch({ control, name: WATCHED });
  const values = Object.fromEntries(WATCHED.map((k, i) => [k, watched[i]]));
  const term = typeof values.aeTerm === 'string' && values.aeTerm ? findTerm(values.aeTerm) : undefined;
  const generic = (f: FieldDef, more: { label?: string; list?: { id: string; node: ReactNode } } = {}) => (
    <DictionaryField key={f.name} field={f} register={register} control={control} error={e} queries={queries} {...more} />
  );

  /** The CTCAE fields: the term picker, its grades, and the parts that depend on the chosen term. */
  const ctcae = (f: FieldDef): ReactNode | undefined => {
    if (f.widget === 'ctcae-term') {
      return (
        <Field key={f.name} name={f.name} label={formLabelOf(f)} error={e(f.name)} queries={queries} wide
          hint={term ? <>System organ class: <strong data-testid="ae-soc">{term.soc}</strong></> : 'Search by term or system organ class.'}>
          <Controller control={control} name="aeTerm" render={({ field }) => (
            <CtcaePicker {...controlProps(f.name, e(f.name), true)} value={field.value} onChange={field.onChange} onBlur={field.onBlur}
              invalid={Boolean(e(f.name))} describedBy={controlProps(f.name, e(f.name), true)['aria-describedby']} />
          )} />
        </Field>
      );
    }
    if (f.codeList === 'aeGrade') {
      return (
        <FieldGroup key={f.name} name={f.name} legend={formLabelOf(f)} error={e(f.name)} queries={queries} wide>
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
      );
    }
    // Asked only for "… - Other, specify" terms.
    if (f.name === 'aeTermSpecify') return term && isOtherSpecify(term.term) ? generic(f) : null;
    // Every event may have an etiology (the published cohort records "severe depression" for a suicide attempt); infections name the pathogen.
    if (f.name === 'aeEtiology') {
      return term ? generic(f, {
        label: isInfection(term) ? 'Pathogen / etiology (infections)' : 'Etiology / cause (optional)',
        list: { id: 'etiology-suggestions', node: <datalist id="etiology-suggestions">{ETIOLOGY_SUGGESTIONS.map((s) => <option key={s} value={s} />)}</datalist> },
      }) : null;
    }
    return undefined;
  };

  const shown: ReactNode[] = [];
  let section: string | undefined;
  for (const f of FIELDS) {
    if (!isAsked(f, values)) continue;
    const heading = sectionOf(askedWhen(f));
    if (heading && heading !== section) shown.push(<h3 key={`h-${heading}`} style={{ gridColumn: '1 / -1', margin: '.5rem 0 0' }}>{heading}</h3>);
    if (heading) section = heading;
    const special = ctcae(f);
    shown.push(special === undefined ? generic(f) : special);
  }
  return (
    <CrfFormShell state={state} errors={errors} canWrite={meta.canWrite} onSubmit={form.handleSubmit((v) => state.save(v, saveDiscontinuationAction))}>
      {shown}
    </CrfFormShell>
  );
}
