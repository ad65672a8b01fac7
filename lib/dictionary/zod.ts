/**
 * The CRF's zod schemas, derived from the dictionary: one schema per field typed on the form (with
 * its messages from the text catalogue), a companion `<key>Missing` for fields that may record why
 * a value is missing, and the rules the dictionary states (required, required when, only when,
 * value or missing code). Rules across fields that are logic (date order, CTCAE grades) stay in
 * lib/validation/*.ts and run after these.
 *
 * The output types are computed from the dictionary's entries, so services and forms stay typed.
 */
import { z } from 'zod';
import { isRealDate, issue, optionalText, pastDate, todayIso, type Ctx } from '@/lib/validation/common';
import { MULTILINE, SINGLE_LINE } from '@/lib/validation/text';
import { CODE_LIST_DEFS, type CodeListKey } from './code-lists';
import {
  conditionHolds, dictionaryText, entryFieldsOf, fieldText, isAnswered, missingKey, valueKey, type FieldsOfForm, type Lang,
} from './index';
import type { DictForm, FieldDef, MissingCode, ValueOf } from './types';

// ---- Types computed from the entries ----------------------------------------------------------

type Entry<F extends DictForm> = Exclude<FieldsOfForm<F>, { entry: 'computed' }>;
type KeyOf<D> = D extends { valueKey: infer K extends string } ? K : D extends { name: infer N extends string } ? N : never;
type BaseValue<D> = ValueOf<D>;
/** Required fields without missing codes are never null after parsing; `codes` parse to [] when empty. */
type OutValue<D> =
  D extends { type: 'codes' } ? BaseValue<D>
  : D extends { required: 'always' | 'on-entry' } ? (D extends { missingCodes: readonly string[] } ? BaseValue<D> | null : BaseValue<D>)
  : BaseValue<D> | null;
type MissingOf<D> = D extends { missingCodes: readonly (infer M extends string)[] } ? { [K in `${KeyOf<D>}Missing`]: M | null } : Record<never, never>;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Values of a CRF form after parsing, keyed by value key. */
export type FormValues<F extends DictForm> = { [D in Entry<F> as KeyOf<D>]: OutValue<D> } & UnionToIntersection<MissingOf<Entry<F>>>;
/** What the form's controls hold before parsing (react-hook-form's values). */
export type FormInput<F extends DictForm> = { [K in keyof FormValues<F>]?: FormValues<F>[K] | null | undefined };

export type FormShape<F extends DictForm> = { [K in keyof FormValues<F>]: z.ZodType<FormValues<F>[K], FormInput<F>[K]> };

// ---- Runtime ----------------------------------------------------------------------------------

const optionalDate = (noun: string, lang: Lang) => {
  const c = dictionaryText(lang).common;
  return z.string().nullish().transform((v) => (v ? v : null))
    .refine((v) => v === null || isRealDate(v), c.dateInvalid(noun))
    // As pastDate: a date before 1900 is a typing error (an optional or missing-coded date too).
    .refine((v) => v === null || v >= '1900-01-01', c.dateTooOld(noun))
    .refine((v) => v === null || v <= todayIso(), c.dateFuture(noun));
};

const orNull = <T extends z.ZodType>(s: T) => s.nullish().transform((v) => v ?? null);

function enumOf(key: CodeListKey) {
  return CODE_LIST_DEFS[key].codes as unknown as readonly [string, ...string[]];
}

/** The zod schema of one field as the CRF types it. */
export function fieldSchema(f: FieldDef, lang: Lang = 'en'): z.ZodType {
  const t = fieldText(f, lang);
  const m = t.messages ?? {};
  const c = dictionaryText(lang).common;
  // A value the form must have at parse time: required, and no missing code can stand in for it.
  const hard = (f.required === 'always' || f.required === 'on-entry') && f.missingCodes === undefined;
  const noun = t.noun ?? t.label.toLowerCase();
  switch (f.type) {
    case 'date':
      return hard ? pastDate(noun) : optionalDate(noun, lang);
    case 'integer':
    case 'decimal': {
      const first = hard ? (m.required ?? c.numberInvalid) : (m.invalid ?? m.required ?? c.numberInvalid);
      let s = z.number({ error: first });
      if (f.type === 'integer') s = m.integer ? s.int(m.integer) : s.int();
      if (f.min !== undefined) s = s.min(f.min, m.min ?? m.range);
      if (f.max !== undefined) s = s.max(f.max, m.max ?? m.range);
      const scaled = f.type === 'decimal' && f.scale !== undefined
        ? s.refine((v) => Number(v.toFixed(f.scale)) === v, c.decimals(f.scale)) : s;
      return hard ? scaled : orNull(scaled);
    }
    case 'code': {
      const codes = enumOf(f.codeList ?? 'sex');
      return hard ? z.enum(codes, { error: m.required }) : orNull(z.enum(codes, { error: m.invalid ?? m.required }));
    }
    case 'codes': {
      const codes = enumOf(f.codeList ?? 'inclusion');
      const arr = z.array(z.enum(codes));
      return (f.max !== undefined ? arr.max(f.max) : arr)
        .refine((a) => new Set(a).size === a.length, m.duplicate ?? 'Each choice once.').nullish().transform((v) => v ?? []);
    }
    case 'boolean':
      return hard ? z.boolean({ error: m.required }) : orNull(z.boolean({ error: m.invalid ?? m.required }));
    case 'text':
      return optionalText(f.maxLength ?? 500, f.multiline ? MULTILINE : SINGLE_LINE);
  }
}

function missingSchema(f: FieldDef & { missingCodes: readonly MissingCode[] }) {
  return orNull(z.enum(f.missingCodes as unknown as readonly [MissingCode, ...MissingCode[]]));
}

/** zod shape of a CRF form's fields (typed on the form), with the missing-code companions. */
export function formShape<F extends DictForm>(form: F, lang: Lang = 'en'): FormShape<F> {
  const shape: Record<string, z.ZodType> = {};
  for (const f of entryFieldsOf(form)) {
    shape[valueKey(f)] = fieldSchema(f, lang);
    if (f.missingCodes) shape[missingKey(f)] = missingSchema(f as FieldDef & { missingCodes: readonly MissingCode[] });
  }
  return shape as unknown as FormShape<F>;
}

/**
 * The dictionary's own rules for a form, as a superRefine: a missing code instead of a value (not
 * both); required fields answered (a value or a missing code); required-when; only-when.
 */
export function dictionaryRules(form: DictForm, lang: Lang = 'en') {
  const fields = entryFieldsOf(form);
  const c = dictionaryText(lang).common;
  return (data: Record<string, unknown>, ctx: Ctx): void => {
    for (const f of fields) {
      const key = valueKey(f);
      const t = fieldText(f, lang);
      const has = data[key] !== null && data[key] !== undefined && data[key] !== '' && !(Array.isArray(data[key]) && (data[key] as unknown[]).length === 0);
      const missing = f.missingCodes ? data[missingKey(f)] ?? null : null;
      if (has && missing !== null) issue(ctx, key, c.missingWithValue);
      const required = f.required !== undefined || (f.requiredWhen !== undefined && conditionHolds(f.requiredWhen, data));
      // Fields required at parse time already said so (fieldSchema); here: the ones a missing code may answer, and required-when.
      const parseChecked = (f.required === 'always' || f.required === 'on-entry') && f.missingCodes === undefined;
      if (required && !parseChecked && !isAnswered(f, data)) {
        issue(ctx, key, t.messages?.required ?? (f.type === 'date' ? c.dateRequired(t.noun ?? t.label.toLowerCase()) : c.choose));
      }
      if (f.onlyWhen && !conditionHolds(f.onlyWhen, data) && (has || missing !== null)) {
        issue(ctx, key, t.messages?.notApplicable ?? c.missingWithValue);
      }
    }
  };
}
