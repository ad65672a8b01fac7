/**
 * One patient as exchanged (JSON import/export; the CSV is a flat view of the same record) and the
 * zod schema every imported row goes through. The schema is a superset of db/seed/cohort-types.ts:
 * the demo cohort's JSON parses as is; the registry's further fields are optional (missing → null).
 *
 * The edit checks (cross-field rules) are ./rules.ts, which delegates every date-order rule to the
 * CRF forms' own checkCrossFormRules (see docs/exchange.md, "Shared validation").
 */
import { z } from 'zod';
import { PATIENT_CODE_RE } from '@/lib/validation/patient-id';
import { regimenSchema } from '@/lib/validation/therapies';
import { MULTILINE, refineText, SINGLE_LINE, type TextRule } from '@/lib/validation/text';
import { CODE_LISTS } from './codes';
import { isoDay, todayIso } from './dates';

const CENTRE_CODE = /^[A-Z]{2}-\d{2}$/;
/** Text a spreadsheet would run as a formula (CSV/formula injection, OWASP): see csv-format.ts. */
export { FORMULA_LEAD } from '@/lib/csv/formula';

/** zod 4 error map: a missing value reads "is required", anything else the given message. */
const msg = (m: string) => ({ error: (iss: { input?: unknown }) => (iss.input === undefined || iss.input === null ? 'is required' : m) });

const date = z.string(msg('must be a date in the form YYYY-MM-DD')).refine((s) => isoDay(s) !== null, { message: 'is not a real date in the form YYYY-MM-DD' })
  .refine((s) => s <= todayIso(), { message: 'is in the future' });
/**
 * Free text: the CRF field's own length limit and character rule (lib/validation/text.ts; one line
 * unless the form's field is a multi-line box), so the import accepts exactly what the forms accept.
 */
const text = (max: number, rule: TextRule = SINGLE_LINE) => z.string(msg('must be text')).trim().min(1, { message: 'is empty' })
  .max(max, { message: `is longer than ${max} characters` }).superRefine(refineText(rule, null));
const codes = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, msg(`must be one of: ${values.join(', ')} (${what})`));
const nullable = <T extends z.ZodType>(s: T) => s.nullable().optional().transform((v) => v ?? null);

const tuple = <T extends string>(codes: readonly T[]) => codes as unknown as readonly [T, ...T[]];

export const adverseEventSchema = z.strictObject({
  // The stored term: a CTCAE v4.03 term, for "… - Other, specify" followed by ": <specification>"
  // (term ≤ 300 and specification ≤ 200 characters as on the form; the dictionary check is rules.ts).
  term: text(300 + 2 + 200),
  soc: text(200),
  grade: z.number(msg('must be a whole number from 1 to 5')).int({ message: 'must be a whole number from 1 to 5' })
    .min(1, { message: 'must be from 1 to 5' }).max(5, { message: 'must be from 1 to 5' }),
  etiology: nullable(text(200)),
  verbatim: nullable(text(200)),
  onsetDate: nullable(date),
});

export const discontinuationSchema = z.strictObject({
  date,
  reason: codes(tuple(CODE_LISTS.discReason.codes), 'reason for discontinuation'),
  reasonOther: nullable(text(500, MULTILINE)),
  progressionType: nullable(codes(tuple(CODE_LISTS.progressionType.codes), 'progression type')),
  rtHistology: nullable(codes(tuple(CODE_LISTS.rtHistology.codes), 'Richter histology')),
  cnsInvolvement: nullable(z.boolean({ message: 'must be TRUE or FALSE' })),
  resistanceMutations: nullable(text(300)),
  adverseEvent: nullable(adverseEventSchema),
});

export const therapySchema = z.strictObject({
  // The form's own regimen rule (length, characters, no ; ( ) \ or trailing "from …" the cell encoding needs).
  regimen: regimenSchema,
  response: nullable(codes(tuple(CODE_LISTS.response.codes), 'response')),
  startDate: nullable(date),
});

const int = (min: number, max: number, what: string) => z.number(msg(`must be a whole number (${what})`))
  .int({ message: `must be a whole number (${what})` })
  .min(min, { message: `must be at least ${min} (${what})` }).max(max, { message: `must be at most ${max} (${what})` });

/**
 * Field-level schema of one imported patient (types, codes, ranges). Cross-field rules: rules.ts.
 * Only the patient columns are required: each form part may be missing as a whole or in part, and
 * form-parts.ts decides which forms that writes and whether each is a draft or complete.
 */
export const exchangePatientSchema = z.strictObject({
  id: z.string(msg('must be a text id')).regex(PATIENT_CODE_RE, { message: 'is not a patient id the registry can use: it must be the centre code, a hyphen and a three-digit number from 001 to 999 (e.g. PL-03-017)' }),
  centre: z.string(msg('must be a centre code')).regex(CENTRE_CODE, { message: 'must look like PL-03' }),
  sex: codes(tuple(CODE_LISTS.sex.codes), 'sex'),
  birthYear: int(1900, new Date().getUTCFullYear(), 'year of birth'),
  status: nullable(codes(tuple(CODE_LISTS.patientStatus.codes), 'record status')).transform((v) => v ?? 'active'),
  ibrutinibStart: nullable(date),
  ageAtStart: nullable(int(18, 110, 'age at start')),
  ecog: nullable(int(0, 4, 'ECOG')),
  raiStage: nullable(codes(tuple(CODE_LISTS.raiStage.codes), 'Rai stage')),
  binetStage: nullable(codes(tuple(CODE_LISTS.binetStage.codes), 'Binet stage')),
  del17p: nullable(codes(tuple(CODE_LISTS.del17p.codes), '17p deletion')),
  ighv: nullable(codes(tuple(CODE_LISTS.ighv.codes), 'IGHV')),
  priorLines: nullable(int(1, 30, 'prior lines')),
  priorPurineAnalogue: nullable(z.boolean({ message: 'must be TRUE or FALSE' })),
  priorAntiCd20: nullable(z.boolean({ message: 'must be TRUE or FALSE' })),
  // No criterion ticked reads as missing (the CSV cannot tell an empty list from an empty cell).
  inclusionCriteria: nullable(z.array(codes(tuple(CODE_LISTS.inclusion.codes), 'inclusion criteria letters')).max(6)).transform((v) => (v?.length ? v : null)),
  bestResponse: nullable(codes(tuple(CODE_LISTS.response.codes), 'best response')),
  responseAssessedDate: nullable(date),
  discontinuation: nullable(discontinuationSchema),
  subsequentTherapies: z.array(therapySchema).max(20, { message: 'has more than 20 therapies' }).optional().transform((v) => v ?? []),
  vitalStatus: nullable(codes(tuple(CODE_LISTS.vitalStatus.codes), 'vital status')),
  lastContactDate: nullable(date),
  deathDate: nullable(date),
  deathCause: nullable(codes(tuple(CODE_LISTS.deathCause.codes), 'cause of death')),
  deathCauseOther: nullable(text(300, MULTILINE)),
});

export type ExchangePatient = z.output<typeof exchangePatientSchema>;
export type ExchangeAdverseEvent = NonNullable<NonNullable<ExchangePatient['discontinuation']>['adverseEvent']>;
export type ExchangeTherapy = ExchangePatient['subsequentTherapies'][number];

/** Age in whole years at a date from the birth year only: the baseline form's own rule. */
export { deriveAgeAtStart as ageFromBirthYear } from '@/lib/validation/baseline';
