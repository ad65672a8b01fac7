import 'server-only';
/**
 * GET /api/v1/forms/{form}: one row per stored form (the subsequent therapies: one row per therapy
 * line), columns from the data dictionary (values and missing-data codes), keyset-paged by patient
 * code (and line); `updated_since` compares the form's last change.
 */
import { sql } from 'drizzle-orm';
import { recordBySlug, storedFieldsOf } from '@/lib/dictionary';
import { apiNotFound, badRequest } from '../problem';
import { flatCsv, listResult } from '../output';
import { parseListQuery } from '../paging';
import type { ApiHandler } from '../route';
import { API_FORMS, API_RECORDS, type ApiForm } from '../schemas';
import { listRecordKind } from './course';
import { centreScope, inScope } from './scope';
import { dictionaryColumns } from './patients';
import { tableNameOf } from '@/lib/exchange/form-tables';
import { jsonRows, jsonSelect, quoteIdent, utcStamp, type JsonColumn } from './sql-json';


export function isApiForm(form: string): form is ApiForm {
  return (API_FORMS as readonly string[]).includes(form);
}

/** The output columns of a form (also the CSV header). */
export function formColumns(form: ApiForm): JsonColumn[] {
  if (form === 'therapies') {
    return [['_patientId', 's.patient_id'], ['patient', 'p.code'], ['centre', 'c.code'], ['status', 't.status'], ['version', 't.version'],
      ['updatedAt', utcStamp('GREATEST(s.updated_at, t.updated_at)')], ['position', 's.position'], ...dictionaryColumns(form, 's')];
  }
  return [['patient', 'p.code'], ['centre', 'c.code'], ['status', 'x.status'], ['version', 'x.version'], ['updatedAt', utcStamp('x.updated_at')],
    ...dictionaryColumns(form, 'x')];
}

/**
 * Therapy lines are keyed by (patient row id, line): the index on patient_id plus an incremental sort
 * by line serves each batch; ordering by patient code across the join sorted every remaining line
 * for every batch (12 s for 60,000 lines). The id travels in the opaque cursor only.
 */
function parseTherapyKey(key: string): [number, number] {
  let parsed: unknown = null;
  try { parsed = JSON.parse(key); } catch { /* refused below */ }
  if (!Array.isArray(parsed) || !Number.isSafeInteger(parsed[0]) || !Number.isSafeInteger(parsed[1])) throw badRequest('The cursor does not belong to this endpoint.');
  return [parsed[0] as number, parsed[1] as number];
}

const withoutKey = (r: Record<string, unknown>) => {
  const { _patientId: _key, ...row } = r;
  return row;
};

export const listForm: ApiHandler = async (ctx) => {
  const { db, caller, url, params } = ctx;
  const form = params.form ?? '';
  // The course's repeating records: one row per instance (course.ts).
  const record = recordBySlug(form);
  if (record) return listRecordKind(ctx, record);
  if (!isApiForm(form)) throw apiNotFound(`There is no form "${form}". Forms: ${API_FORMS.join(', ')}; course records: ${API_RECORDS.join(', ')}.`);
  if (!storedFieldsOf(form).length) throw apiNotFound(`The form "${form}" has no stored fields.`);
  const q = parseListQuery(url.searchParams);
  const ids = await centreScope(db, caller.user, q.centre);
  const columns = formColumns(form);
  const select = jsonSelect(columns);
  const scope = inScope(sql.raw('p.centre_id'), ids);
  const csv = flatCsv(columns.map(([k]) => k).filter((k) => !k.startsWith('_')));
  if (form === 'therapies') {
    const since = q.updatedSince === null ? sql`true` : sql`GREATEST(s.updated_at, t.updated_at) >= ${q.updatedSince.toISOString()}::timestamptz`;
    return listResult(q, 'therapies', {
      fetch: async (after, limit) => {
        const key = after === null ? null : parseTherapyKey(after);
        return jsonRows(db, sql`SELECT ${select} FROM subsequent_therapies s JOIN therapy_forms t ON t.id = s.form_id
          JOIN patients p ON p.id = s.patient_id JOIN centres c ON c.id = p.centre_id
          WHERE NOT s.deleted AND ${scope} AND ${since} AND ${key === null ? sql`true` : sql`(s.patient_id, s.position) > (${key[0]}::int, ${key[1]}::smallint)`}
          ORDER BY s.patient_id, s.position LIMIT ${limit}`);
      },
      keyOf: (r) => JSON.stringify([r._patientId, r.position]),
      json: withoutKey,
      csv,
    });
  }
  const since = q.updatedSince === null ? sql`true` : sql`x.updated_at >= ${q.updatedSince.toISOString()}::timestamptz`;
  return listResult(q, form, {
    fetch: async (after, limit) => jsonRows(db, sql`SELECT ${select} FROM ${sql.raw(quoteIdent(tableNameOf(form)))} x
      JOIN patients p ON p.id = x.patient_id JOIN centres c ON c.id = p.centre_id
      WHERE ${scope} AND ${since} AND ${after === null ? sql`true` : sql`p.code > ${after}`}
      ORDER BY p.code LIMIT ${limit}`),
    keyOf: (r) => String(r.patient),
    csv,
  });
};
