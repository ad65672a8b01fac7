/**
 * One patient as exchanged (JSON import/export; the CSV is a flat view of the same record) and the
 * zod schema every imported row goes through. Both come from the data dictionary: every field with
 * an `exchange` entry sits at its path ("discontinuation.adverseEvent.grade"), with its type, code
 * list, import limits (exchange.min/max/maxLength/maxIsCurrentYear) and the noun import messages
 * name it by (text catalogue `importNoun`). The schema is a superset of db/seed/cohort-types.ts:
 * the demo cohort's JSON parses as is; fields the file leaves out are null.
 *
 * Not from the dictionary: the record's identity (id, centre) and the subsequent therapies (a list
 * of rows, the form's own regimen rule). The edit checks (cross-field rules) are ./rules.ts.
 *
 * Missing-data codes: a field that may say why it has no value does so under `missing`, keyed by
 * its CSV column ({ "b2m": "not_done" }), with the value null; `missing` is left out when empty.
 *
 * ExchangePatient is computed from the dictionary's entries at the type level (as lib/dictionary/
 * zod.ts does for the CRF values), so a new exchanged field is typed without an edit here.
 */
import { z } from 'zod';
import {
  CODE_LIST_DEFS, codesOf, fieldText, type CodeOf, type DictField, type MissingCode, type ValueOf,
} from '@/lib/dictionary';
import { PATIENT_CODE_RE } from '@/lib/validation/patient-id';
import { regimenSchema } from '@/lib/validation/therapies';
import { MULTILINE, refineText, SINGLE_LINE, type TextRule } from '@/lib/validation/text';
import { codeListOf, EXCHANGE_FIELDS, keyOf, layoutOf, requiredInRecord, type ExchangeField } from './record-fields';
import { isoDay, todayIso } from './dates';

const CENTRE_CODE = /^[A-Z]{2}-\d{2}$/;
/** Text a spreadsheet would run as a formula (CSV/formula injection, OWASP): see csv-format.ts. */
export { FORMULA_LEAD } from '@/lib/csv/formula';

// ---- Types computed from the dictionary -------------------------------------------------------

type XField = Extract<DictField, { exchange: { path: string } }>;
type PathOf<D> = D extends { exchange: { path: infer P extends string } } ? P : never;
type ColumnOf<D> = D extends { exchange: { column: infer C extends string } } ? C : never;
/** 'a.b.c' → 'a.b'; 'a' → ''. */
type PartOfPath<S extends string> = S extends `${infer H}.${infer R}` ? (R extends `${string}.${string}` ? `${H}.${PartOfPath<R>}` : H) : '';
type KeyOfPath<S extends string> = S extends `${string}.${infer R}` ? KeyOfPath<R> : S;
type InPart<Pt extends string> = XField extends infer D ? (D extends XField ? (PartOfPath<PathOf<D>> extends Pt ? (Pt extends PartOfPath<PathOf<D>> ? D : never) : never) : never) : never;
type Prefix<Pt extends string> = Pt extends '' ? '' : `${Pt}.`;
type NextSegment<S extends string, Pt extends string> = S extends `${Prefix<Pt>}${infer H}.${string}` ? H : never;
type ChildNames<Pt extends string> = XField extends infer D ? (D extends XField ? NextSegment<PathOf<D>, Pt> : never) : never;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type IsUnion<U> = [U] extends [UnionToIntersection<U>] ? false : true;
type OnlyWhenOf<D> = D extends { onlyWhen: infer C } ? C : never;
/** The one condition all of a part's fields are allowed under (see record-fields.ts conditionOfPart). */
type PartCondition<Pt extends string> = [OnlyWhenOf<InPart<Pt>>] extends [never] ? never : IsUnion<OnlyWhenOf<InPart<Pt>>> extends true ? never : OnlyWhenOf<InPart<Pt>>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** requiredInRecord (record-fields.ts) at the type level; a registration code field defaults to its first code. */
type Required<D, Pt extends string> = Pt extends ''
  ? (D extends { form: 'patient'; required: 'always' } ? true : D extends { form: 'patient'; type: 'code' } ? true : false)
  : D extends { exchange: { requiredColumn: true } }
    ? (D extends { required: 'always' } ? true : D extends { entry: 'computed' } ? true
      : D extends { requiredWhen: infer C } ? ([PartCondition<Pt>] extends [never] ? false : Same<C, PartCondition<Pt>>) : false)
    : false;
type Value<D> = ValueOf<D>;
type Flatten<T> = { [K in keyof T]: T[K] };
type ByKey<Pt extends string, K> = InPart<Pt> extends infer D ? (D extends XField ? (KeyOfPath<PathOf<D>> extends K ? D : never) : never) : never;
type FieldValue<D, Pt extends string> = Required<D, Pt> extends true ? Value<D> : Value<D> | null;
type Part<Pt extends string> = {
  [K in KeyOfPath<PathOf<InPart<Pt>>> | ChildNames<Pt>]: K extends ChildNames<Pt> ? Part<`${Prefix<Pt>}${K}`> | null : FieldValue<ByKey<Pt, K>, Pt>;
};
type MissingColumn = ColumnOf<Extract<XField, { missingCodes: readonly string[] }>>;

export interface ExchangeTherapy { regimen: string; response: CodeOf<'response'> | null; startDate: string | null }

/** One patient as exchanged. */
export type ExchangePatient = Flatten<{ id: string; centre: string } & Part<''> & {
  subsequentTherapies: ExchangeTherapy[];
  /** Why a value is missing, by CSV column (only when any). */
  missing?: Partial<Record<MissingColumn, MissingCode>>;
}>;
export type ExchangeAdverseEvent = NonNullable<NonNullable<ExchangePatient['discontinuation']>['adverseEvent']>;

// ---- Runtime ----------------------------------------------------------------------------------

/** zod 4 error map: a missing value reads "is required", anything else the given message. */
const msg = (m: string) => ({ error: (iss: { input?: unknown }) => (iss.input === undefined || iss.input === null ? 'is required' : m) });

/**
 * Today's date (UTC), worked out again only when the day changes: every date of every imported row
 * is checked against it, and building the string each time was a noticeable part of an import.
 */
let todayCache = { day: '', from: 0, until: 0 };
function today(): string {
  const now = Date.now();
  // Both bounds: a clock set back (or a test's fake time) must not keep a later day.
  if (now < todayCache.from || now >= todayCache.until) {
    const d = new Date(now);
    const from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    todayCache = { day: todayIso(d), from, until: from + 86_400_000 };
  }
  return todayCache.day;
}

const date = z.string(msg('must be a date in the form YYYY-MM-DD')).refine((s) => isoDay(s) !== null, { message: 'is not a real date in the form YYYY-MM-DD' })
  .refine((s) => s <= today(), { message: 'is in the future' });
/**
 * Free text: the CRF field's own length limit and character rule (lib/validation/text.ts; one line
 * unless the form's field is a multi-line box), so the import accepts exactly what the forms accept.
 */
const text = (max: number, rule: TextRule = SINGLE_LINE) => z.string(msg('must be text')).trim().min(1, { message: 'is empty' })
  .max(max, { message: `is longer than ${max} characters` }).superRefine(refineText(rule, null));
const codes = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, msg(`must be one of: ${values.join(', ')} (${what})`));
// A default instead of a transform: the same result (absent or null → null) without a pipe per field and row.
const nullable = <T extends z.ZodType>(s: T) => s.nullable().default(null);
const tuple = (values: readonly string[]) => values as unknown as readonly [string, ...string[]];

/** Whole numbers: "(what)" when the field has an import noun, else "from min to max" (the AE grade). */
function int(min: number, max: number, what: string | undefined) {
  if (what === undefined) {
    const range = `must be a whole number from ${min} to ${max}`;
    return z.number(msg(range)).int({ message: range }).min(min, { message: `must be from ${min} to ${max}` }).max(max, { message: `must be from ${min} to ${max}` });
  }
  return z.number(msg(`must be a whole number (${what})`)).int({ message: `must be a whole number (${what})` })
    .min(min, { message: `must be at least ${min} (${what})` }).max(max, { message: `must be at most ${max} (${what})` });
}

function decimal(f: ExchangeField, what: string) {
  const min = f.exchange.min ?? f.min;
  const max = f.exchange.max ?? f.max;
  let s = z.number(msg(`must be a number (${what})`));
  if (min !== undefined) s = s.min(min, { message: `must be at least ${min} (${what})` });
  if (max !== undefined) s = s.max(max, { message: `must be at most ${max} (${what})` });
  const scale = f.scale;
  // The database keeps `scale` decimals: more would be rounded, and the file would not read back the same.
  return scale === undefined ? s : s.refine((v) => Number(v.toFixed(scale)) === v, { message: `has more than ${scale} decimal places (${what})` });
}

/** The schema of one field's value as the file carries it (not yet nullable). */
function valueSchema(f: ExchangeField): z.ZodType {
  const t = fieldText(f);
  const what = t.importNoun ?? t.label;
  switch (f.type) {
    case 'date':
      return date;
    case 'boolean':
      return z.boolean({ message: 'must be TRUE or FALSE' });
    case 'text':
      return text(f.exchange.maxLength ?? f.maxLength ?? 500, f.multiline ? MULTILINE : SINGLE_LINE);
    case 'decimal':
      return decimal(f, what);
    case 'integer': {
      const min = f.exchange.min ?? f.min ?? 0;
      const max = f.exchange.maxIsCurrentYear ? new Date().getUTCFullYear() : f.exchange.max ?? f.max ?? Number.MAX_SAFE_INTEGER;
      return int(min, max, t.importNoun);
    }
    case 'code':
      return codes(tuple(CODE_LIST_DEFS[codeListOf(f)].codes), what);
    case 'codes': {
      const arr = z.array(codes(tuple(CODE_LIST_DEFS[codeListOf(f)].codes), what));
      return f.max !== undefined ? arr.max(f.max) : arr;
    }
  }
}

function fieldSchema(f: ExchangeField): z.ZodType {
  const s = valueSchema(f);
  if (requiredInRecord(f)) return s;
  // A registration code the file leaves empty is the record's first code (the record status: active).
  if (f.form === 'patient' && f.type === 'code') {
    const first = CODE_LIST_DEFS[codeListOf(f)].codes[0];
    return nullable(s).transform((v) => v ?? first);
  }
  // No code ticked reads as missing (the CSV cannot tell an empty list from an empty cell).
  if (f.type === 'codes') return nullable(s).transform((v) => (Array.isArray(v) && v.length ? v : null));
  return nullable(s);
}

/** The shape of a part, in record order (record-fields.ts layoutOf). */
function partShape(part: string): Record<string, z.ZodType> {
  return Object.fromEntries(layoutOf(part).map((e) => (e.kind === 'field' ? [keyOf(e.field.exchange.path), fieldSchema(e.field)]
    : e.kind === 'part' ? [keyOf(e.path), nullable(z.strictObject(partShape(e.path)))]
    : ['subsequentTherapies', therapiesSchema])));
}

export const therapySchema = z.strictObject({
  // The form's own regimen rule (length, characters, no ; ( ) \ or trailing "from …" the cell encoding needs).
  regimen: regimenSchema,
  response: nullable(codes(tuple(codesOf('response')), fieldText('therapyResponse').importNoun ?? 'response')),
  startDate: nullable(date),
});
const therapiesSchema = z.array(therapySchema).max(20, { message: 'has more than 20 therapies' }).optional().transform((v) => v ?? []);

/** Fields that may say why they are missing, by CSV column. */
export const MISSING_FIELDS: readonly ExchangeField[] = EXCHANGE_FIELDS.filter((f) => f.missingCodes !== undefined);

/** A missing-data code the field does not allow, in words naming the ones it does. */
export function missingCodeMessage(f: ExchangeField, given: string): string {
  const allowed = (f.missingCodes ?? []).map((c) => `[${c}]`).join(', ');
  return `is "[${given}]", a missing-data code this column does not allow (allowed: ${allowed || 'none'})`;
}

const missingSchema = z.strictObject(Object.fromEntries(MISSING_FIELDS.map((f) => [f.exchange.column,
  z.string().optional().superRefine((v, ctx) => {
    if (v !== undefined && !(f.missingCodes as readonly string[]).includes(v)) ctx.addIssue({ code: 'custom', message: missingCodeMessage(f, v) });
  })])));

const registryId = z.string(msg('must be a text id')).regex(PATIENT_CODE_RE, { message: 'is not a patient id the registry can use: it must be the centre code, a hyphen and a three-digit number from 001 to 999 (e.g. PL-03-017)' });

function recordSchema(id: z.ZodType) {
  return z.strictObject({
    id,
    centre: z.string(msg('must be a centre code')).regex(CENTRE_CODE, { message: 'must look like PL-03' }),
    ...partShape(''),
    missing: missingSchema.optional(),
  }).superRefine((p, ctx) => {
    // A missing-data code stands instead of a value, never beside one.
    for (const f of MISSING_FIELDS) {
      const code = (p.missing as Record<string, unknown> | undefined)?.[f.exchange.column];
      if (code !== undefined && valueAt(p, f.exchange.path) !== null) {
        ctx.addIssue({ code: 'custom', path: ['missing', f.exchange.column], message: `gives both a value and the missing-data code [${String(code)}]: give one of them` });
      }
    }
  }).transform(({ missing, ...rest }) => {
    const codes = Object.fromEntries(Object.entries(missing ?? {}).filter(([, v]) => v !== undefined));
    return (Object.keys(codes).length ? { ...rest, missing: codes } : rest) as unknown as ExchangePatient;
  });
}

/**
 * Field-level schema of one imported patient (types, codes, ranges). Cross-field rules: rules.ts.
 * Only the patient columns are required: each form part may be missing as a whole or in part, and
 * form-parts.ts decides which forms that writes and whether each is a draft or complete.
 */
export const exchangePatientSchema = recordSchema(registryId);

/**
 * The same record for the demo seed and the benchmark generator, whose ids the registry's own
 * numbering need not produce (a 100,000-patient benchmark has four-digit sequence numbers).
 */
export const seedPatientSchema = recordSchema(z.string().min(1));

function valueAt(record: unknown, path: string): unknown {
  let v: unknown = record;
  for (const k of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : null;
  return v ?? null;
}

/** Age in whole years at a date from the birth year only: the baseline form's own rule. */
export { deriveAgeAtStart as ageFromBirthYear } from '@/lib/validation/baseline';
