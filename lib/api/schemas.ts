/**
 * The data API's response shapes as zod schemas: the handlers' row types are inferred from them, the
 * tests parse responses with them, and the OpenAPI document (openapi.ts) is generated from them with
 * zod's own z.toJSONSchema. The form and patient rows are built from the data dictionary, so a field
 * added there appears in the API, its types and its OpenAPI document with no edit here.
 */
import { z } from 'zod';
import {
  CODE_LIST_DEFS, fieldLabel, isNumericCodeList, MISSING_CODES, missingKey, RECORDS, storedFieldsOf, valueKey, type DictForm, type FieldDef, type RecordKind,
} from '@/lib/dictionary';
import { DATASET_DEFS, datasetKey } from '@/lib/analysis/dataset';
import { ENDPOINTS } from '@/lib/analysis/endpoints';

/** Forms served at /api/v1/forms/{form} (the registration record is /api/v1/patients). */
export const API_FORMS = ['baseline', 'response', 'discontinuation', 'therapies', 'follow-up'] as const satisfies readonly DictForm[];
export type ApiForm = (typeof API_FORMS)[number];

/** The course's repeating records, served at /api/v1/forms/{slug} (one row per instance) and per patient at /api/v1/patients/{code}/course. */
export const API_RECORDS = RECORDS.map((r) => r.slug);

export const FORM_STATUSES = ['draft', 'complete', 'verified', 'locked'] as const;
const formStatus = z.enum(FORM_STATUSES);

/** A stored value's schema from its dictionary entry (always nullable: not recorded). */
export function valueSchema(f: FieldDef): z.ZodType {
  const describe = (s: z.ZodType) => s.nullable().describe(`${fieldLabel(f.name)}${f.unit ? ` (${f.unit})` : ''}`);
  switch (f.type) {
    case 'date': return describe(z.iso.date());
    case 'integer': return describe(f.codeList ? z.int().min(Number(CODE_LIST_DEFS[f.codeList].codes[0])) : z.int());
    case 'decimal': return describe(z.number());
    case 'boolean': return describe(z.boolean());
    case 'text': return describe(f.maxLength ? z.string().max(f.maxLength) : z.string());
    case 'code':
      if (!f.codeList) throw new Error(`${f.name}: a code field needs a code list`);
      return describe(isNumericCodeList(f.codeList) ? z.int() : z.enum(CODE_LIST_DEFS[f.codeList].codes));
    case 'codes':
      if (!f.codeList) throw new Error(`${f.name}: a codes field needs a code list`);
      return describe(z.array(z.enum(CODE_LIST_DEFS[f.codeList].codes)));
  }
}

/** The dictionary's columns of a form: each value, and `<key>Missing` where the field takes missing-data codes. */
export function fieldShape(form: DictForm): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const f of storedFieldsOf(form)) {
    shape[valueKey(f)] = valueSchema(f);
    if (f.missingCodes) shape[missingKey(f)] = z.enum(MISSING_CODES).nullable().describe(`Why ${fieldLabel(f.name)} has no value`);
  }
  return shape;
}

const timestamp = z.iso.datetime({ offset: true });

export const CentreSchema = z.object({ code: z.string(), name: z.string(), city: z.string(), active: z.boolean() });

export const PatientSchema = z.object({
  id: z.string().describe('Pseudonym, centre code + sequence (PL-03-017)'),
  centre: z.string(),
  ...fieldShape('patient'),
  version: z.int(),
  createdAt: timestamp,
  updatedAt: timestamp.describe('Latest change of the patient or any of their forms (updated_since compares this)'),
  forms: z.object(Object.fromEntries(API_FORMS.map((f) => [f, formStatus.nullable()]))).describe('Record status: each form\'s status, null = not started'),
});

const formBase = { patient: z.string(), centre: z.string(), status: formStatus, version: z.int(), updatedAt: timestamp };

export function formRowSchema(form: ApiForm): z.ZodObject {
  if (form === 'therapies') return z.object({ ...formBase, position: z.int().describe('Line after ibrutinib, 1 = first'), ...fieldShape(form) });
  return z.object({ ...formBase, ...fieldShape(form) });
}

const instanceBase = {
  seq: z.int().min(1).describe('Instance number, 1, 2, … per patient and record (never reused)'),
  status: formStatus, version: z.int(),
  enteredInError: z.boolean().describe('Kept but left out of analyses and checks'),
  updatedAt: timestamp,
};

/** One instance of a course record (the forms endpoint adds patient and centre). */
export function instanceSchema(kind: RecordKind): z.ZodObject {
  return z.object({ ...instanceBase, ...fieldShape(kind) });
}

export function recordRowSchema(kind: RecordKind): z.ZodObject {
  return z.object({ patient: z.string(), centre: z.string(), ...instanceBase, ...fieldShape(kind) });
}

/** A patient's course: every instance of every record kind (keys: the slugs in camelCase). */
export const CourseSchema = z.object({
  patient: z.string(), centre: z.string(),
  ...Object.fromEntries(RECORDS.map((r) => [courseKeyOf(r.slug), z.array(instanceSchema(r.kind)).describe(r.plural)])),
});

export function courseKeyOf(slug: string): string {
  return slug.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The analysis dataset: one row per patient, the dashboards' columns (dates as ISO dates) and derived endpoints. */
export const AnalysisRowSchema = z.object({
  patient: z.string(),
  centre: z.string(),
  discontinued: z.boolean(),
  baselineStatus: formStatus.nullable(),
  responseStatus: formStatus.nullable(),
  discontinuationStatus: formStatus.nullable(),
  followUpStatus: formStatus.nullable(),
  ...Object.fromEntries(DATASET_DEFS.map((f) => [datasetKey(f), valueSchema(f)])),
  analysed: z.boolean().describe('Ibrutinib start on or before the cut-off (the dashboards analyse only these)'),
  ...Object.fromEntries(ENDPOINTS.flatMap((e) => [
    [`${e}_days`, z.int().nullable().describe(`${e}: time in days at the cut-off, null when the endpoint does not apply`)],
    [`${e}_event`, z.union([z.literal(0), z.literal(1)]).nullable().describe(`${e}: 1 = event, 0 = censored`)],
  ])),
});

export const AuditEventSchema = z.object({
  id: z.int(), at: timestamp, actorId: z.int().nullable(), actorLabel: z.string(), action: z.string(), table: z.string(),
  recordId: z.string().nullable(), patientId: z.int().nullable(), centreId: z.int().nullable(), field: z.string().nullable(),
  oldValue: z.string().nullable(), newValue: z.string().nullable(), reason: z.string().nullable(), details: z.unknown().nullable(),
});

export const RecordSchema = z.record(z.string(), z.unknown())
  .describe("A patient's whole record as in the cohort file (docs/exchange.md): all forms, missing-data codes and the subsequent therapies");

const CodeSchema = z.object({ code: z.string(), label: z.string() });
export const DictionaryFieldSchema = z.object({
  name: z.string(), key: z.string(), form: z.string(), label: z.string(), type: z.enum(['date', 'integer', 'decimal', 'code', 'codes', 'boolean', 'text']),
  unit: z.string().nullable(), min: z.number().nullable(), max: z.number().nullable(), maxLength: z.int().nullable(),
  required: z.enum(['always', 'on-entry']).nullable(), requiredWhen: z.object({ field: z.string(), in: z.array(z.string()) }).nullable(),
  onlyWhen: z.object({ field: z.string(), in: z.array(z.string()) }).nullable(),
  computed: z.boolean(), codeList: z.string().nullable(), codes: z.array(CodeSchema).nullable(),
  missingCodes: z.array(CodeSchema).nullable().describe('Codes that may stand in for the value (column <key>Missing)'),
  exportColumn: z.string().nullable().describe('Column in the cohort CSV (the records endpoint)'),
});
export const DictionarySchema = z.object({
  forms: z.array(z.string()),
  fields: z.array(DictionaryFieldSchema),
  codeLists: z.record(z.string(), z.array(CodeSchema)),
  missingCodes: z.array(CodeSchema),
});

export const ProblemSchema = z.object({
  type: z.string(), title: z.string(), status: z.int(), detail: z.string(), instance: z.string(), requestId: z.string().optional(),
});

/** A JSON page: the rows and the cursor of the next page (null on the last). */
export function pageSchema(item: z.ZodType) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}

export type Centre = z.infer<typeof CentreSchema>;
export type AuditEventRow = z.infer<typeof AuditEventSchema>;
export type DictionaryDocument = z.infer<typeof DictionarySchema>;
