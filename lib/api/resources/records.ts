import 'server-only';
/**
 * GET /api/v1/records: every patient's whole record, the cohort file's (lib/exchange, derived from
 * the dictionary): all forms, missing-data codes and the subsequent therapies. JSON pages of
 * records, NDJSON (one record per line) or the cohort CSV (the export's columns, re-importable),
 * read in keyset batches of patient codes: the whole-registry pull.
 */
import { sql } from 'drizzle-orm';
import { csvHeader, patientCells } from '@/lib/exchange/csv-format';
import { deriveColumns } from '@/lib/exchange/derived';
import { loadExchangePatients, type LoadedPatient } from '@/lib/exchange/load-patients';
import { listResult } from '../output';
import { parseListQuery } from '../paging';
import type { ApiHandler } from '../route';
import { centreScope } from './scope';
import { PATIENT_FROM, patientWhere } from './patients';

export const listRecords: ApiHandler = async ({ db, caller, url }) => {
  const q = parseListQuery(url.searchParams);
  const ids = await centreScope(db, caller.user, q.centre);
  return listResult<LoadedPatient>(q, 'records', {
    fetch: async (after, limit) => {
      const res = (await db.execute(sql`SELECT p.code FROM ${sql.raw(PATIENT_FROM)}
        WHERE ${await patientWhere(db, caller.user, q, after)} ORDER BY p.code LIMIT ${limit}`)) as unknown as { rows: { code: string }[] };
      if (!res.rows.length) return [];
      const loaded = await loadExchangePatients(db, { centreIds: ids, codes: res.rows.map((r) => r.code) });
      // In the keyset query's order (the database's collation), which the next batch continues from.
      const rank = new Map(res.rows.map((r, i) => [r.code, i]));
      return loaded.sort((a, b) => (rank.get(a.patient.id) ?? 0) - (rank.get(b.patient.id) ?? 0));
    },
    keyOf: (p) => p.patient.id,
    json: (p) => p.patient,
    csv: { header: csvHeader(), cells: (p) => patientCells(p.patient, deriveColumns(p.patient, p.centreCity)) },
  });
};
