'use client';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { saveDiscontinuationAction } from '@/app/patients/actions';
import { findTerm, isInfection, isOtherSpecify } from '@/lib/ctcae/terms';
import { entryFieldsOf, type Condition, type FieldDef } from '@/lib/dictionary';
import { discontinuationFormSchema, type DiscontinuationFormInput } from '@/lib/validation/discontinuation';
import { CrfFormShell } from './crf-form-shell';
import { CtcaeGradeField, CtcaeTermField } from './ctcae-fields';
import { askedWhen, isAsked } from './dictionary-control';
import { DictionaryField } from './dictionary-field';
import type { FormMetaView, QueryView } from './types';
import { useCrfSave } from './use-crf-save';

const ETIOLOGY_SUGGESTIONS = ['unknown', 'bacterial: Pseudomonas aeruginosa', 'bacterial: Acinetobacter baumannii', 'probable fungal: Candida glabrata', 'viral'];

/** The discontinuation CRF: the dictionary's fields in order, each shown while the answers ask for it (reason → details). */
const FIELDS = entryFieldsOf('discontinuation');
/** The answers the conditions read, and the AE term (its CTCAE entry decides the grades, the specification and the etiology's label). */
const WATCHED = [...new Set([...FIELDS.flatMap((f) => askedWhen(f)?.field ?? []), 'aeTerm'])] as (keyof DiscontinuationFormInput)[];

/** Section headings, by the reason that opens them. */
const SECTIONS: Record<string, string> = { adverse_event: 'Adverse event (CTCAE v4.03)', progression: 'Progression' };
const sectionOf = (c: Condition | undefined) => (c?.field === 'reason' && c.in.length === 1 ? SECTIONS[c.in[0] ?? ''] : undefined);

/** A logged adverse event whose action is "permanently discontinued": (one of) the discontinuation's cause(s). */
export interface CauseView { seq: number; term: string | null; grade: number | null; onsetDate: string | null; href: string }

export function DiscontinuationForm({ meta, defaults, queries, causes, logHref }: {
  meta: FormMetaView; defaults: Partial<DiscontinuationFormInput>; queries: QueryView[];
  /** The adverse-event log's causes of this discontinuation, and where a new event is logged (null: the user may not write). */
  causes: CauseView[]; logHref: string | null;
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
    if (f.widget === 'ctcae-term') return <CtcaeTermField key={f.name} field={f} control={control} error={e} queries={queries} term={term} />;
    if (f.codeList === 'aeGrade') return <CtcaeGradeField key={f.name} field={f} control={control} error={e} queries={queries} term={term} />;
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
    if (heading && f.widget === 'ctcae-term') shown.push(<LoggedCauses key="causes" causes={causes} logHref={logHref} />);
    const special = ctcae(f);
    shown.push(special === undefined ? generic(f) : special);
  }
  return (
    <CrfFormShell state={state} errors={errors} canWrite={meta.canWrite} onSubmit={form.handleSubmit((v) => state.save(v, saveDiscontinuationAction))}>
      {shown}
    </CrfFormShell>
  );
}

/**
 * The link to the adverse-event log: the logged events with the action "permanently discontinued"
 * are the causes of this discontinuation (the analyses read them); this form's event is the one the
 * published cohort recorded.
 */
function LoggedCauses({ causes, logHref }: { causes: CauseView[]; logHref: string | null }) {
  return (
    <div className="notice" style={{ gridColumn: '1 / -1' }} data-testid="discontinuation-causes">
      {causes.length ? (
        <>
          <strong>Logged adverse event{causes.length === 1 ? '' : 's'} that led to the discontinuation:</strong>
          <ul style={{ margin: '.3rem 0' }}>{causes.map((c) => (
            <li key={c.seq}><Link href={c.href}>Adverse event {c.seq}: {c.term ?? 'term not recorded'}{c.grade !== null ? `, grade ${c.grade}` : ''}</Link>
              {c.onsetDate ? <span className="muted"> · onset {c.onsetDate}</span> : null}</li>
          ))}</ul>
        </>
      ) : <p style={{ margin: 0 }}>No logged adverse event has the action “permanently discontinued” yet.</p>}
      {logHref ? <p style={{ margin: '.3rem 0 0' }}><Link href={logHref}>Log an adverse event</Link> (action “permanently discontinued” links it here)</p> : null}
    </div>
  );
}
