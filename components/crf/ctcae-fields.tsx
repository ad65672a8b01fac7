'use client';
/**
 * The CTCAE v4.03 fields of any form that records an adverse event (the discontinuation CRF, the
 * adverse-event log): the searchable term picker with the term's system organ class, and the grade
 * as radios that read the chosen term's own grade definitions (a grade the term does not define
 * cannot be chosen). Keyed by the dictionary field's value key, so both forms share them.
 */
import { Controller, type Control, type FieldValues, type Path } from 'react-hook-form';
import type { CtcaeTerm } from '@/lib/ctcae/terms';
import { formLabelOf, valueKey, type FieldDef } from '@/lib/dictionary';
import { CtcaePicker } from './ctcae-picker';
import { controlProps, Field, FieldGroup } from './field';
import type { QueryView } from './types';

const GENERIC_GRADES = ['Mild', 'Moderate', 'Severe or medically significant', 'Life-threatening', 'Death related to the adverse event'];

interface Props<T extends FieldValues> {
  field: FieldDef;
  control: Control<T>;
  error: (key: string) => string | undefined;
  queries: QueryView[];
  /** The chosen term's CTCAE entry (undefined while none is chosen). */
  term: CtcaeTerm | undefined;
}

export function CtcaeTermField<T extends FieldValues>({ field: f, control, error, queries, term }: Props<T>) {
  const key = valueKey(f);
  const err = error(key);
  return (
    <Field name={key} label={formLabelOf(f)} error={err} queries={queries} wide
      hint={term ? <>System organ class: <strong data-testid="ae-soc">{term.soc}</strong></> : 'Search by term or system organ class.'}>
      <Controller control={control} name={key as Path<T>} render={({ field }) => (
        <CtcaePicker {...controlProps(key, err, true)} value={field.value as string | null} onChange={field.onChange} onBlur={field.onBlur}
          invalid={Boolean(err)} describedBy={controlProps(key, err, true)['aria-describedby']} />
      )} />
    </Field>
  );
}

export function CtcaeGradeField<T extends FieldValues>({ field: f, control, error, queries, term }: Props<T>) {
  const key = valueKey(f);
  return (
    <FieldGroup name={key} legend={formLabelOf(f)} error={error(key)} queries={queries} wide>
      {/* A Controller, not register: react-hook-form does not apply setValueAs to radio groups. */}
      <Controller control={control} name={key as Path<T>} render={({ field }) => (
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
