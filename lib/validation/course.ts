/**
 * Schemas of the repeating records of a patient's course (visits, adverse events, dose periods,
 * interruptions, molecular tests): the fields and the dictionary's own rules come from the data
 * dictionary (lib/dictionary/zod.ts, `form` = the record kind); the rules of one instance that
 * are logic (CTCAE term and grade, date order within the instance) are the pure course rules
 * (./course-rules.ts), which the save service and the long-format import run again on stored data.
 *
 * A save is flat, like a CRF save: the record's value keys next to the save metadata and `kind`
 * (which picks the schema) and `seq` (null: a new instance). No value key of a record is one of
 * those names (lib/validation/course.test.ts holds them to it).
 */
import { z } from 'zod';
import { RECORD_KINDS, type RecordKind } from '@/lib/dictionary';
import { dictionaryRules, formShape, type FormValues } from '@/lib/dictionary/zod';
import { issue, patientCodeSchema, saveMeta, tooLong, type Ctx, type SaveInput } from './common';
import { instanceIssues } from './course-rules';
import { MULTILINE, refineText } from './text';

/** Values of one instance of a record kind after parsing (keyed by value key). */
export type RecordValues<K extends RecordKind> = FormValues<K>;
export type AnyRecordValues = { [K in RecordKind]: RecordValues<K> }[RecordKind];

/** An instance number: 1, 2, … per patient and kind (smallint in the database). */
export const seqSchema = z.number({ error: 'Unknown record.' }).int().min(1).max(32767);

/** Metadata of every record save: the CRF's (version read, reason, idempotency key, mark complete) and which instance. */
export const recordSaveMeta = { ...saveMeta, seq: seqSchema.nullable() };

/** The instance's own rules that are logic, at parse time (the service runs them again with the stored course). */
function instanceRules(kind: RecordKind) {
  return (data: Record<string, unknown>, ctx: Ctx): void => {
    for (const i of instanceIssues(kind, data)) issue(ctx, i.field, i.message);
  };
}

function valuesSchema<K extends RecordKind>(kind: K) {
  return z.strictObject(formShape(kind)).superRefine(dictionaryRules(kind)).superRefine(instanceRules(kind));
}

/** The form of one instance (what react-hook-form's resolver parses). */
export const recordFormSchemas = {
  visit: valuesSchema('visit'),
  'adverse-event': valuesSchema('adverse-event'),
  'dose-period': valuesSchema('dose-period'),
  interruption: valuesSchema('interruption'),
  'molecular-test': valuesSchema('molecular-test'),
} as const;

function saveSchema<K extends RecordKind>(kind: K) {
  return z.strictObject({ kind: z.literal(kind), ...formShape(kind), ...recordSaveMeta })
    .superRefine(dictionaryRules(kind)).superRefine(instanceRules(kind));
}

/** A save of any kind of record (the server action's input), told apart by `kind`. */
export const saveRecordSchema = z.discriminatedUnion('kind', [
  saveSchema('visit'), saveSchema('adverse-event'), saveSchema('dose-period'), saveSchema('interruption'), saveSchema('molecular-test'),
]);
export type SaveRecordInput = z.output<typeof saveRecordSchema>;

export type RecordSaveMeta = SaveInput<z.output<z.ZodObject<typeof recordSaveMeta>>>;

const META_KEYS = ['kind', ...Object.keys(recordSaveMeta)] as const;

/** A parsed save split into its metadata and the instance's values. */
export function splitSaveInput(input: SaveRecordInput): { kind: RecordKind; meta: RecordSaveMeta; values: Record<string, unknown> } {
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (!(META_KEYS as readonly string[]).includes(k)) values[k] = v;
  const { patientCode, version, changeReason, idempotencyKey, markComplete, seq } = input;
  return { kind: input.kind, meta: { patientCode, version, changeReason, idempotencyKey, markComplete, seq }, values };
}

// ---- Workflow of one instance ------------------------------------------------------------------

const kindSchema = z.enum(RECORD_KINDS as unknown as readonly [RecordKind, ...RecordKind[]], { error: 'Unknown record.' });
const version = z.number().int().min(1);
const instance = { patientCode: patientCodeSchema, kind: kindSchema, seq: seqSchema, version };
const reason = (what: string) => z.string().trim().min(3, `Give the reason for ${what}.`).max(500, tooLong(500))
  .superRefine(refineText(MULTILINE, 'The reason'));

export const setRecordStatusSchema = z.strictObject({ ...instance, status: z.enum(['complete', 'verified'], { error: 'Unknown status.' }) });
export const signRecordSchema = z.strictObject({ ...instance, password: z.string().min(1, 'Enter your password to sign.').max(200) });
export const unlockRecordSchema = z.strictObject({ ...instance, reason: reason('unlocking') });
export const enteredInErrorSchema = z.strictObject({ ...instance, reason: reason('marking it entered in error') });
export const raiseRecordQuerySchema = z.strictObject({
  patientCode: patientCodeSchema, kind: kindSchema, seq: seqSchema,
  field: z.string().min(1, 'Choose a field.').max(60),
  question: z.string().trim().min(3, 'Write the question.').max(1000, tooLong(1000)).superRefine(refineText(MULTILINE, 'The question')),
});
export const readRecordSchema = z.strictObject({ patientCode: patientCodeSchema, kind: kindSchema, seq: seqSchema });

export type SetRecordStatusInput = z.output<typeof setRecordStatusSchema>;
export type SignRecordInput = z.output<typeof signRecordSchema>;
export type UnlockRecordInput = z.output<typeof unlockRecordSchema>;
export type EnteredInErrorInput = z.output<typeof enteredInErrorSchema>;
export type RaiseRecordQueryInput = z.output<typeof raiseRecordQuerySchema>;
