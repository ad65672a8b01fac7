import 'server-only';
/**
 * GET /api/v1/audit: audit events for coordinators and admins (permission audit.view), keyset-paged
 * by id in the order written; `updated_since` keeps events at or after the time, `centre` those of
 * one centre's patients and records.
 */
import { sql } from 'drizzle-orm';
import { can } from '@/lib/auth/permissions';
import { apiForbidden } from '../problem';
import { flatCsv, listResult } from '../output';
import { parseListQuery } from '../paging';
import type { ApiHandler } from '../route';
import { AuditEventSchema } from '../schemas';
import { centreScope, inScope } from './scope';
import { jsonRows, jsonSelect, utcStamp, type JsonColumn } from './sql-json';

const COLUMNS: JsonColumn[] = [
  ['id', 'a.id'], ['at', utcStamp('a.at')], ['actorId', 'a.actor_id'], ['actorLabel', 'a.actor_label'], ['action', 'a.action'],
  ['table', 'a.table_name'], ['recordId', 'a.record_id'], ['patientId', 'a.patient_id'], ['centreId', 'a.centre_id'], ['field', 'a.field'],
  ['oldValue', 'a.old_value'], ['newValue', 'a.new_value'], ['reason', 'a.reason'], ['details', 'a.details'],
];

export const listAudit: ApiHandler = async ({ db, caller, url }) => {
  if (!can(caller.user, 'audit.view')) throw apiForbidden('Audit events are for coordinators and admins.');
  const q = parseListQuery(url.searchParams);
  const ids = q.centre === null ? null : await centreScope(db, caller.user, q.centre);
  const select = jsonSelect(COLUMNS);
  const since = q.updatedSince === null ? sql`true` : sql`a.at >= ${q.updatedSince.toISOString()}::timestamptz`;
  return listResult(q, 'audit-events', {
    fetch: async (after, limit) => {
      const from = after === null ? null : Number(after);
      return jsonRows(db, sql`SELECT ${select} FROM audit_log a
        WHERE ${inScope(sql.raw('a.centre_id'), ids)} AND ${since} AND ${from === null || !Number.isSafeInteger(from) ? sql`true` : sql`a.id > ${from}`}
        ORDER BY a.id LIMIT ${limit}`);
    },
    keyOf: (r) => String(r.id),
    csv: flatCsv(Object.keys(AuditEventSchema.shape)),
  });
};
