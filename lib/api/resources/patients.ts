import 'server-only';
/**
 * GET /api/v1/patients: the registration record (fields from the dictionary) and the record status
 * (each form's status), keyset-paged by patient code; `updated_since` compares the latest change
 * of the patient or any of their forms, for incremental pulls.
 */
import { getTableName, sql, type SQL } from 'drizzle-orm';
import { therapyForms } from '@/db/schema';
import { tableNameOf } from '@/lib/exchange/form-tables';
import type { Db } from '@/db/client';
import { storedFieldsOf, valueKey, missingKey, missingColumn } from '@/lib/dictionary';
import type { Principal } from '@/lib/auth/permissions';
import { listResult, flatCsv } from '../output';
import { parseListQuery, type ListQuery } from '../paging';
import type { ApiHandler } from '../route';
import { API_FORMS } from '../schemas';
import { centreScope, inScope } from './scope';
import { jsonRows, jsonSelect, quoteIdent, utcStamp, type JsonColumn } from './sql-json';

/**
 * Each form's table (the dictionary's forms stored one row per patient: lib/exchange/form-tables.ts;
 * the therapies' header table) and its alias in the patient queries.
 */
const FORM_ALIAS = Object.fromEntries(API_FORMS.map((f, i) => [f, {
  alias: `f${i}`, table: f === 'therapies' ? getTableName(therapyForms) : tableNameOf(f),
}])) as Record<(typeof API_FORMS)[number], { alias: string; table: string }>;

export const PATIENT_FROM = `patients p JOIN centres c ON c.id = p.centre_id ${API_FORMS.map((f) =>
  `LEFT JOIN ${FORM_ALIAS[f].table} ${FORM_ALIAS[f].alias} ON ${FORM_ALIAS[f].alias}.patient_id = p.id`).join(' ')}`;
export const RECORD_UPDATED = `GREATEST(p.updated_at, ${API_FORMS.map((f) => `${FORM_ALIAS[f].alias}.updated_at`).join(', ')})`;

/** A form's value and missing-code columns from the dictionary, read from table alias `a`. */
export function dictionaryColumns(form: Parameters<typeof storedFieldsOf>[0], a: string): JsonColumn[] {
  return storedFieldsOf(form).flatMap((f): JsonColumn[] => {
    const value: JsonColumn = [valueKey(f), `${a}.${quoteIdent(f.column ?? '')}`];
    const missing = missingColumn(f);
    return f.missingCodes && missing ? [value, [missingKey(f), `${a}.${quoteIdent(missing)}`]] : [value];
  });
}

export const PATIENT_COLUMNS: JsonColumn[] = [
  ['id', 'p.code'], ['centre', 'c.code'], ...dictionaryColumns('patient', 'p'),
  ['version', 'p.version'], ['createdAt', utcStamp('p.created_at')], ['updatedAt', utcStamp(RECORD_UPDATED)],
  ['forms', `json_build_object(${API_FORMS.map((f) => `'${f}', ${FORM_ALIAS[f].alias}.status`).join(', ')})`],
];

/** The WHERE of a patient list: scope, the cursor's key, updated_since. */
export async function patientWhere(db: Db, user: Principal, q: ListQuery, after: string | null): Promise<SQL> {
  const ids = await centreScope(db, user, q.centre);
  return sql`${inScope(sql.raw('p.centre_id'), ids)}
    AND ${after === null ? sql`true` : sql`p.code > ${after}`}
    AND ${q.updatedSince === null ? sql`true` : sql`${sql.raw(RECORD_UPDATED)} >= ${q.updatedSince.toISOString()}::timestamptz`}`;
}

const CSV_COLUMNS = PATIENT_COLUMNS.flatMap(([k]) => (k === 'forms' ? API_FORMS.map((f) => `forms.${f}`) : [k]));

export const listPatients: ApiHandler = async ({ db, caller, url }) => {
  const q = parseListQuery(url.searchParams);
  const select = jsonSelect(PATIENT_COLUMNS);
  return listResult(q, 'patients', {
    fetch: async (after, limit) => jsonRows(db, sql`SELECT ${select} FROM ${sql.raw(PATIENT_FROM)}
      WHERE ${await patientWhere(db, caller.user, q, after)} ORDER BY p.code LIMIT ${limit}`),
    keyOf: (r) => String(r.id),
    csv: flatCsv(CSV_COLUMNS),
  });
};
