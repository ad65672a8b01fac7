import 'server-only';
/**
 * Exports, scoped to the caller's centres and audited (one data_export event: who, which format,
 * how many patients, when) in the same transaction as the read. With `readDb` (a read replica, which
 * refuses writes: db/replica.ts) the file is read there in one transaction and the event is recorded
 * on the primary `db` before the file is returned.
 */
import { asc, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { centres } from '@/db/schema';
import { can, centreFilter, type Principal } from '@/lib/auth/permissions';
import { dataDictionaryCsv } from '@/lib/exchange/export-dictionary';
import { cohortCsv, cohortJson } from '@/lib/exchange/export-csv';
import { odmXml, type OdmAuditEntry } from '@/lib/exchange/export-odm';
import { rScript, spssSyntax } from '@/lib/exchange/export-syntax';
import { RECORDS } from '@/lib/dictionary';
import { asPatientCourses, loadCourses } from '@/lib/exchange/load-course';
import { loadExchangePatients } from '@/lib/exchange/load-patients';
import { recordEvent } from '@/lib/services/audit/record-event';
import { forbidden } from '@/lib/services/errors';

export const EXPORT_FORMATS = ['csv', 'json', 'dictionary', 'r', 'spss', 'odm'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFile { fileName: string; contentType: string; body: string; patients: number }

export const COHORT_CSV_NAME = 'cll-registry-cohort.csv';

export async function exportData(db: Db, user: Principal & { email: string }, format: ExportFormat, now = new Date(), readDb: Db = db): Promise<ExportFile> {
  if (!can(user, 'data.export')) throw forbidden();
  const scope = centreFilter(user);
  const stamp = now.toISOString().slice(0, 10);
  const audited = async (tx: Tx, file: ExportFile) => {
    await recordEvent(tx, {
      actor: { id: user.id, label: user.email }, action: 'data_export', tableName: 'patients', newValue: format,
      details: { format, patients: file.patients, fileName: file.fileName, centres: scope ?? 'all', bytes: Buffer.byteLength(file.body) },
    });
    return file;
  };
  const build = async (tx: Tx): Promise<ExportFile> => {
    let file: ExportFile;
    switch (format) {
      case 'dictionary': file = { fileName: 'cll-registry-data-dictionary.csv', contentType: 'text/csv; charset=utf-8', body: dataDictionaryCsv(), patients: 0 }; break;
      case 'r': file = { fileName: 'cll-registry-cohort.R', contentType: 'text/plain; charset=utf-8', body: rScript(COHORT_CSV_NAME), patients: 0 }; break;
      case 'spss': file = { fileName: 'cll-registry-cohort.sps', contentType: 'text/plain; charset=utf-8', body: spssSyntax(COHORT_CSV_NAME), patients: 0 }; break;
      default: {
        const list = await loadExchangePatients(tx, { centreIds: scope });
        const centreRows = await tx.select({ id: centres.id, code: centres.code, name: centres.name, city: centres.city }).from(centres).orderBy(asc(centres.code));
        const visibleCentres = scope === null ? centreRows : centreRows.filter((c) => scope.includes(c.id));
        if (format === 'csv') file = { fileName: COHORT_CSV_NAME, contentType: 'text/csv; charset=utf-8', body: cohortCsv(list), patients: list.length };
        else if (format === 'json') file = { fileName: 'cll-registry-cohort.json', contentType: 'application/json; charset=utf-8', body: cohortJson(list, visibleCentres, now.toISOString()), patients: list.length };
        else {
          const { audit, users } = await loadOdmAudit(tx, list.map((l) => l.dbId));
          const courses = new Map(asPatientCourses(await loadCourses(tx, { centreIds: scope })).map((c) => [c.patientId, c.records]));
          const body = odmXml({ fileOid: `CLL-REGISTRY.${now.toISOString()}`, creationDateTime: now.toISOString(), patients: list.map((l) => l.patient),
            centres: visibleCentres, users, audit, courses });
          file = { fileName: `cll-registry-odm-${stamp}.xml`, contentType: 'application/xml; charset=utf-8', body, patients: list.length };
        }
      }
    }
    return file;
  };
  if (readDb === db) return db.transaction(async (tx) => audited(tx, await build(tx)));
  const file = await readDb.transaction(build, { isolationLevel: 'repeatable read', accessMode: 'read only' });
  return db.transaction((tx) => audited(tx, file));
}

/**
 * The seq of the course instance an audit row is on (its ItemGroupRepeatKey): a join per record
 * table (hash joins, like the therapies'), table names from records.ts.
 */
const RECORD_JOINS = sql.raw(RECORDS.map((r, i) => `LEFT JOIN "${r.table}" r${i} ON a.table_name = '${r.table}' AND r${i}.id::text = a.record_id`).join('\n    '));
const RECORD_SEQ = sql.raw(RECORDS.map((_, i) => `r${i}.seq`).join(', '));

async function loadOdmAudit(tx: Tx, patientIds: number[]): Promise<{ audit: OdmAuditEntry[]; users: { oid: string; label: string }[] }> {
  if (!patientIds.length) return { audit: [], users: [] };
  const res = (await tx.execute(sql`
    SELECT p.code, a.table_name, a.field, a.action, a.new_value, to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
      a.actor_id, a.actor_label, c.code AS centre, a.reason, coalesce(st.position, ${RECORD_SEQ}) AS position
    FROM audit_log a JOIN patients p ON p.id = a.patient_id JOIN centres c ON c.id = p.centre_id
    LEFT JOIN subsequent_therapies st ON a.table_name = 'subsequent_therapies' AND st.id::text = a.record_id
    ${RECORD_JOINS}
    WHERE a.patient_id IN (SELECT json_array_elements_text(${JSON.stringify(patientIds)}::json)::int) AND a.action IN ('insert', 'update')
    ORDER BY a.at, a.id`)) as unknown as { rows: { code: string; table_name: string; field: string | null; action: string; new_value: string | null; at: string;
      actor_id: number | null; actor_label: string; centre: string; reason: string | null; position: number | null }[] };
  const users = new Map<string, string>();
  const audit = res.rows.filter((r) => r.field !== null).map((r): OdmAuditEntry => {
    const userOid = r.actor_id === null ? `USR.system.${r.actor_label.replace(/[^\w.-]+/g, '_')}` : `USR.${r.actor_id}`;
    users.set(userOid, r.actor_label);
    return { patientCode: r.code, table: r.table_name, field: r.field ?? '', position: r.position, action: r.action === 'insert' ? 'insert' : 'update',
      value: r.new_value, at: r.at, userOid, centreCode: r.centre, reason: r.reason };
  });
  return { audit, users: [...users].map(([oid, label]) => ({ oid, label })) };
}
