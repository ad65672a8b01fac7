'use client';
/**
 * The CRF control of one data-dictionary field (which control: dictionary-control.ts), in the
 * shared Field frame (label, hint, error, open queries), with the "If not available, why" choice
 * of a field that may record a missing-data code. A form renders its fields by looping over the
 * dictionary and passes only what is particular to it (a hint that depends on other answers, a
 * label that does).
 */
import type { ReactNode } from 'react';
import type { Control, FieldValues, Path, UseFormRegister } from 'react-hook-form';
import type { FieldDef } from '@/lib/dictionary';
import { fieldControl, type MissingSpec, type ParseAs } from './dictionary-control';
import { controlProps, Field, FieldGroup, fieldId, toBoolOrNull, toNumberOrNull, toStringOrNull } from './field';
import type { QueryView } from './types';
import { WatchedCount } from './watched-count';

const PARSE: Record<ParseAs, (v: unknown) => unknown> = { string: toStringOrNull, number: toNumberOrNull, boolean: toBoolOrNull };

export interface DictionaryFieldProps<T extends FieldValues> {
  field: FieldDef;
  register: UseFormRegister<T>;
  control: Control<T>;
  /** The error message of a form value key. */
  error: (key: string) => string | undefined;
  queries: QueryView[];
  /** Instead of the dictionary's label / help text. */
  label?: string;
  hint?: ReactNode;
  wide?: boolean;
  /** Extra content after the control (e.g. a datalist the control's `list` names). */
  list?: { id: string; node: ReactNode };
}

export function DictionaryField<T extends FieldValues>({ field, register, control, error, queries, label, hint, wide, list }: DictionaryFieldProps<T>) {
  const c = fieldControl(field);
  const name = c.key as Path<T>;
  const err = error(c.key);
  const spec = c.spec;
  if (spec.kind === 'checkboxes') {
    return (
      <FieldGroup name={c.key} legend={label ?? c.label} error={err} queries={queries} wide>
        {spec.options.map((o) => (
          <label key={o.value} style={{ fontWeight: 400, display: 'flex', gap: '.4rem', alignItems: 'center' }}>
            <input type="checkbox" value={o.value} {...register(name)} style={{ minHeight: 'auto' }} /> {o.label}
          </label>
        ))}
      </FieldGroup>
    );
  }
  const shownHint: ReactNode = hint ?? (spec.kind === 'text'
    ? <WatchedCount control={control} name={name} max={spec.max} threshold={spec.threshold} />
    : c.help);
  const props = controlProps(c.key, err, Boolean(shownHint));
  let input: ReactNode;
  switch (spec.kind) {
    case 'date':
      input = <input type="date" {...props} {...register(name)} />;
      break;
    case 'number':
      input = <input type="number" min={spec.min} max={spec.max} step={spec.step} inputMode={spec.inputMode} {...props}
        {...register(name, { setValueAs: toNumberOrNull })} />;
      break;
    case 'select':
      input = (
        <select {...props} {...register(name, { setValueAs: PARSE[spec.parseAs] })}>
          <option value="">{spec.empty}</option>
          {spec.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      );
      break;
    case 'text':
      input = spec.multiline
        ? <textarea rows={spec.rows} placeholder={spec.placeholder} {...props} {...register(name)} />
        : <input list={list?.id} placeholder={spec.placeholder} {...props} {...register(name)} />;
      break;
  }
  return (
    <Field name={c.key} label={label ?? c.label} error={err} queries={queries} hint={shownHint}
      wide={wide ?? (spec.kind === 'text' && spec.multiline)}>
      {input}
      {list?.node}
      {c.missing ? <MissingChoice spec={c.missing} of={c.key} register={register} error={error(c.missing.key)} /> : null}
    </Field>
  );
}

/**
 * Why there is no value ("Not done", "Unknown"): said, not guessed. A select under the control,
 * in small type but as tall as every control (a tap target on a phone); the edit checks count the
 * field as answered with it, the analyses as missing.
 */
function MissingChoice<T extends FieldValues>({ spec, of, register, error }: {
  spec: MissingSpec; of: string; register: UseFormRegister<T>; error?: string;
}) {
  const id = fieldId(spec.key);
  // Several fields have this choice: it is described by its field's label (not labelled by it, so
  // the field's label still names one control).
  const describedBy = `${fieldId(of)}-label ${id}-error`;
  return (
    <span style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '.2rem .5rem', fontSize: '.85rem' }}>
      <label htmlFor={id} className="muted" style={{ fontWeight: 400, fontSize: '.85rem' }}>{spec.label}</label>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} style={{ fontSize: '.85rem' }}
        {...register(spec.key as Path<T>, { setValueAs: toStringOrNull })}>
        <option value="">{spec.none}</option>
        {spec.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
      <span id={`${id}-error`} className="field-error" aria-live="polite" style={{ flexBasis: '100%', minHeight: 0 }}>{error ?? ''}</span>
    </span>
  );
}
