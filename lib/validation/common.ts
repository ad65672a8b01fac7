/**
 * Building blocks shared by the CRF schemas: dates as ISO strings (YYYY-MM-DD, compared as text),
 * "today" in UTC, and the metadata every save carries (version read, reason, idempotency key).
 */
import { z } from 'zod';
import { en } from '@/lib/dictionary/text/en';
import { PATIENT_CODE_RE } from './patient-id';
import { refineText, SINGLE_LINE, type TextRule } from './text';

export { PATIENT_CODE_RE };
const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Today's date in UTC as YYYY-MM-DD (the registry stores dates without time zone). */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function isRealDate(s: string): boolean {
  if (!ISO_DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** A required date, not in the future. `label` is used in the messages ("Enter the date of death."). */
export function pastDate(label: string) {
  return z
    .string({ error: `Enter the ${label}.` })
    .min(1, `Enter the ${label}.`)
    .refine(isRealDate, `The ${label} is not a valid date (use YYYY-MM-DD).`)
    .refine((s) => s >= '1900-01-01', `The ${label} is too far in the past.`)
    .refine((s) => s <= todayIso(), `The ${label} cannot be in the future.`);
}

/**
 * The one message for text over its limit, on every form (CRF fields, regimens, reasons, query
 * questions and answers). The control never cuts a paste short (no maxLength): its character count
 * shows how far over the limit it is, and the schema refuses with this message.
 */
export function tooLong(max: number): string {
  return en.common.textTooLong(max);
}

/** Optional free text: blank becomes null. Characters: the shared rule of ./text.ts (one line unless `rule` says multi-line). */
export function optionalText(max = 500, rule: TextRule = SINGLE_LINE) {
  return z
    .string()
    .trim()
    .max(max, tooLong(max))
    .superRefine(refineText(rule))
    .nullish()
    .transform((v) => (v ? v : null));
}

export const patientCodeSchema = z.string().regex(PATIENT_CODE_RE, 'Unknown patient id.');

/** Metadata of every CRF save. `version` is the version the form was read at (null = new form). */
export const saveMeta = {
  patientCode: patientCodeSchema,
  version: z.number().int().min(1).nullable(),
  changeReason: z.string().trim().max(500, tooLong(500)).superRefine(refineText(SINGLE_LINE, 'The reason')).nullish().transform((v) => (v ? v : null)),
  idempotencyKey: z.string().min(8).max(100),
  markComplete: z.boolean().optional(),
};

/** Adds a zod issue at `path` (inside superRefine). */
export type Ctx = z.core.$RefinementCtx;
export function issue(ctx: Ctx, path: string, message: string): void {
  ctx.addIssue({ code: 'custom', path: path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), message });
}

/**
 * A parsed save as the services take it: the missing-data companions (`<key>Missing`) may be left
 * out by a caller that records none (a service reads an absent one as null).
 */
export type SaveInput<T> = { [K in keyof T as K extends `${string}Missing` ? never : K]: T[K] }
  & { [K in keyof T as K extends `${string}Missing` ? K : never]?: T[K] };
