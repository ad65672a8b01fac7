/**
 * The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the handlers use (schemas.ts)
 * with zod's own JSON Schema generator (z.toJSONSchema, draft 2020-12: the dialect OpenAPI 3.1
 * uses), so the document cannot drift from the responses. Served at /api/v1/openapi.json.
 */
import { z } from 'zod';
import { DEFAULT_LIMIT, MAX_LIMIT } from './paging';
import { RATE_WINDOW_SECONDS } from './rate-limit-window';
import {
  AnalysisRowSchema, API_FORMS, AuditEventSchema, CentreSchema, CourseSchema, DictionarySchema, formRowSchema, PatientSchema, ProblemSchema, RecordSchema,
  recordRowSchema,
} from './schemas';
import { RECORDS } from '@/lib/dictionary';

type Json = Record<string, unknown>;

function schema(s: z.ZodType): Json {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { target: 'draft-2020-12', unrepresentable: 'any' }) as Json;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });

const param = (name: string, description: string, s: Json) => ({ name, in: 'query', required: false, description, schema: s });
const LIST_PARAMS = [
  param('limit', `Rows per JSON page (1–${MAX_LIMIT}, default ${DEFAULT_LIMIT}).`, { type: 'integer', minimum: 1, maximum: MAX_LIMIT }),
  param('cursor', 'nextCursor of the previous page, unchanged (opaque).', { type: 'string' }),
  param('centre', 'Only this centre (code, e.g. PL-01); must be within the token\'s scope.', { type: 'string' }),
  param('updated_since', 'Only rows changed at or after this ISO 8601 date or date-time (incremental pulls).', { type: 'string' }),
  param('format', 'json (paged), or csv / ndjson: every row in one streamed response.', { type: 'string', enum: ['json', 'csv', 'ndjson'] }),
];

const ERRORS = {
  400: problem('A parameter is invalid (the detail says which and why).'),
  401: problem('No token, or the token is unknown, expired, revoked, or its owner changed or was deactivated.'),
  403: problem('The token\'s owner may not read this (role or centre).'),
  429: { ...problem(`Rate limit: too many requests in ${RATE_WINDOW_SECONDS} s for this token.`), headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' } } },
};

function listOp(summary: string, item: string, tag: string, extra: Json[] = []) {
  return {
    get: {
      summary, tags: [tag], security: [{ bearer: [] }], parameters: [...LIST_PARAMS, ...extra],
      responses: {
        200: {
          description: 'A JSON page, or a CSV / NDJSON stream of every row.', headers: { ETag: { schema: { type: 'string' } } },
          content: {
            'application/json': { schema: { type: 'object', required: ['data', 'nextCursor'], properties: { data: { type: 'array', items: ref(item) }, nextCursor: { type: ['string', 'null'] } } } },
            'text/csv': { schema: { type: 'string' } },
            'application/x-ndjson': { schema: { type: 'string' } },
          },
        },
        304: { description: 'Not modified (If-None-Match matched the ETag).' },
        ...ERRORS,
      },
    },
  };
}

const formSchemaName = (form: string) => `Form_${form.replace(/-/g, '_')}`;

export function openApiDocument(serverUrl = '/api/v1'): Json {
  const schemas: Json = {
    Problem: schema(ProblemSchema), Centre: schema(CentreSchema), Patient: schema(PatientSchema), Record: schema(RecordSchema),
    AnalysisRow: schema(AnalysisRowSchema), AuditEvent: schema(AuditEventSchema), Dictionary: schema(DictionarySchema),
    ...Object.fromEntries(API_FORMS.map((f) => [formSchemaName(f), schema(formRowSchema(f))])),
    ...Object.fromEntries(RECORDS.map((r) => [formSchemaName(r.slug), schema(recordRowSchema(r.kind))])),
    Course: schema(CourseSchema),
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'CLL Registry data API', version: '1.0.0',
      description: 'Read-only access to the registry with a personal access token (account page). See docs/api.md.',
    },
    servers: [{ url: serverUrl }],
    components: { schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Personal access token (cllr_…)' } } },
    security: [{ bearer: [] }],
    paths: {
      '/centres': {
        get: { summary: 'Centres the token may read', tags: ['registry'], responses: {
          200: { description: 'Centres', content: { 'application/json': { schema: { type: 'object', properties: { data: { type: 'array', items: ref('Centre') }, nextCursor: { type: 'null' } } } } } },
          ...ERRORS } },
      },
      '/patients': listOp('Patients with their record status', 'Patient', 'registry'),
      '/records': listOp('Whole patient records (all forms and subsequent therapies), the cohort file\'s layout', 'Record', 'registry'),
      ...Object.fromEntries(API_FORMS.map((f) => [`/forms/${f}`, listOp(`The ${f} form${f === 'therapies' ? ' (one row per therapy line)' : ''}`, formSchemaName(f), 'forms')])),
      ...Object.fromEntries(RECORDS.map((r) => [`/forms/${r.slug}`, listOp(`${r.plural} of the patients' course (one row per instance, by patient and seq)`, formSchemaName(r.slug), 'course')])),
      '/patients/{code}/course': {
        get: {
          summary: 'One patient\'s course: every instance of every repeating record', tags: ['course'], security: [{ bearer: [] }],
          parameters: [{ name: 'code', in: 'path', required: true, description: 'Patient pseudonym (PL-03-017)', schema: { type: 'string' } }],
          responses: {
            200: { description: 'The course', headers: { ETag: { schema: { type: 'string' } } }, content: { 'application/json': { schema: ref('Course') } } },
            304: { description: 'Not modified (If-None-Match matched the ETag).' },
            404: problem('No such patient within the token\'s scope.'),
            ...ERRORS,
          },
        },
      },
      '/dictionary': {
        get: { summary: 'The data dictionary: fields, types, units, codes with labels, missing-data codes', tags: ['dictionary'], responses: {
          200: { description: 'The dictionary (format=csv: one row per field and code)', content: { 'application/json': { schema: ref('Dictionary') }, 'text/csv': { schema: { type: 'string' } } } },
          304: { description: 'Not modified' }, ...ERRORS },
          parameters: [param('format', 'json (default) or csv', { type: 'string', enum: ['json', 'csv'] })] },
      },
      '/analysis': listOp('The analysis dataset with derived endpoints at the cut-off (the dashboards\' numbers)', 'AnalysisRow', 'analysis',
        [param('cutoff', 'Analysis cut-off date (default today).', { type: 'string', format: 'date' })]),
      '/audit': listOp('Audit events (coordinators and admins)', 'AuditEvent', 'audit'),
    },
  };
}
