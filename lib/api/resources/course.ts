import 'server-only';
/**
 * The course's repeating records in the data API (issue 15):
 * - GET /api/v1/forms/{slug} (visits, adverse-events, dose-periods, interruptions, tests): one row
 *   per instance with the patient, centre, seq, workflow columns and the dictionary's columns,
 *   keyset-paged by (patient, seq), `updated_since` on the instance's last change, CSV / NDJSON;
 * - GET /api/v1/patients/{code}/course: one patient's every instance, by kind.
 * Both scoped like every endpoint: another centre's patient is not found, never returned.
 */
import { sql } from 'drizzle-orm';
import { RECORDS, type RecordDef } from '@/lib/dictionary';
import { patientCodeSchema } from '@/lib/validation/common';
import { apiNotFound, badRequest } from '../problem';
import { flatCsv, listResult } from '../output';
import { parseListQuery } from '../paging';
import type { ApiHandler, ApiResult, ApiContext } from '../route';
import { courseKeyOf } from '../schemas';
import { centreScope, inScope } from './scope';
import { dictionaryColumns } from './patients';
import { jsonRows, jsonSelect, quoteIdent, utcStamp, type JsonColumn } from './sql-json';

const INSTANCE_COLUMNS: JsonColumn[] = [
  ['seq', 'x.seq'], ['status', 'x.status'], ['version', 'x.version'], ['enteredInError', 'x.entered_in_error'], ['updatedAt', utcStamp('x.updated_at')],
];

/** The output columns of a record kind's rows (also the CSV header); `_patientId` is the cursor's key only. */
export function recordColumns(def: RecordDef): JsonColumn[] {
  return [['_patientId', 'x.patient_id'], ['patient', 'p.code'], ['centre', 'c.code'], ...INSTANCE_COLUMNS, ...dictionaryColumns(def.kind, 'x')];
}

function parseKey(key: string): [number, number] {
  let parsed: unknown = null;
  try { parsed = JSON.parse(key); } catch { /* refused below */ }
  if (!Array.isArray(parsed) || !Number.isSafeInteger(parsed[0]) || !Number.isSafeInteger(parsed[1])) throw badRequest('The cursor does not belong to this endpoint.');
  return [parsed[0] as number, parsed[1] as number];
}

const withoutKey = (r: Record<string, unknown>) => {
  const { _patientId: _key, ...row } = r;
  return row;
};

/** /api/v1/forms/{slug} for a record kind (forms.ts hands the slugs of records.ts here). */
export async function listRecordKind({ db, caller, url }: ApiContext, def: RecordDef): Promise<ApiResult> {
  const q = parseListQuery(url.searchParams);
  const ids = await centreScope(db, caller.user, q.centre);
  const columns = recordColumns(def);
  const select = jsonSelect(columns);
  const scope = inScope(sql.raw('p.centre_id'), ids);
  const since = q.updatedSince === null ? sql`true` : sql`x.updated_at >= ${q.updatedSince.toISOString()}::timestamptz`;
  // Keyed by (patient row id, seq): the (patient_id, seq) unique index serves each batch; the id travels in the opaque cursor only.
  return listResult(q, def.slug, {
    fetch: async (after, limit) => {
      const key = after === null ? null : parseKey(after);
      return jsonRows(db, sql`SELECT ${select} FROM ${sql.raw(quoteIdent(def.table))} x
        JOIN patients p ON p.id = x.patient_id JOIN centres c ON c.id = p.centre_id
        WHERE ${scope} AND ${since} AND ${key === null ? sql`true` : sql`(x.patient_id, x.seq) > (${key[0]}::int, ${key[1]}::smallint)`}
        ORDER BY x.patient_id, x.seq LIMIT ${limit}`);
    },
    keyOf: (r) => JSON.stringify([r._patientId, r.seq]),
    json: withoutKey,
    csv: flatCsv(columns.map(([k]) => k).filter((k) => !k.startsWith('_'))),
  });
}

/** GET /api/v1/patients/{code}/course. */
export const getCourse: ApiHandler = async ({ db, caller, params }) => {
  const code = params.code ?? '';
  const ids = await centreScope(db, caller.user, null);
  const notFound = apiNotFound(`There is no patient "${code}" this token may read.`);
  if (!patientCodeSchema.safeParse(code).success) throw notFound;
  const [patient] = (await db.execute(sql`SELECT p.id, p.code, c.code AS centre FROM patients p JOIN centres c ON c.id = p.centre_id
    WHERE p.code = ${code} AND ${inScope(sql.raw('p.centre_id'), ids)}`) as unknown as { rows: { id: number; code: string; centre: string }[] }).rows;
  if (!patient) throw notFound;
  const body: Record<string, unknown> = { patient: patient.code, centre: patient.centre };
  let rows = 0;
  for (const def of RECORDS) {
    const columns: JsonColumn[] = [...INSTANCE_COLUMNS, ...dictionaryColumns(def.kind, 'x')];
    const list = await jsonRows(db, sql`SELECT ${jsonSelect(columns)} FROM ${sql.raw(quoteIdent(def.table))} x
      WHERE x.patient_id = ${Number(patient.id)} ORDER BY x.seq`);
    body[courseKeyOf(def.slug)] = list;
    rows += list.length;
  }
  return { kind: 'json', rows, body };
};
