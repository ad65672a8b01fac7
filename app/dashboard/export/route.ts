/**
 * CSV downloads of the dashboard tables. Same checks as the pages: a valid session (re-read from the
 * database), the dashboard permission, and the analysis dataset limited to the user's centres.
 * Each download is recorded in the audit trail (on the primary; the rows come from the read replica
 * when one is configured, and X-Read-Source says from where).
 */
import { getDb } from '@/db/client';
import { readForAnalysis, readSourceHeader } from '@/db/replica';
import { getCurrentUser } from '@/lib/auth/current-user';
import { can } from '@/lib/auth/permissions';
import { analysisFields, OVERVIEW_FIELDS } from '@/lib/analysis/fields';
import { parseDashboardQuery } from '@/lib/analysis/params';
import { EXPORTABLE, exportCsv, type ExportableTable } from '@/lib/analysis/views';
import { recordEvent } from '@/lib/services/audit/record-event';
import { readAnalysisDataset } from '@/lib/services/analysis/read-analysis-dataset';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return new Response('Not logged in.', { status: 401, headers: { 'Cache-Control': 'no-store' } });
  if (!can(user, 'dashboard.view')) return new Response('Forbidden.', { status: 403, headers: { 'Cache-Control': 'no-store' } });
  const sp = Object.fromEntries(new URL(request.url).searchParams);
  const table = sp.table;
  if (!table || !(EXPORTABLE as readonly string[]).includes(table)) return new Response('Unknown table.', { status: 400 });
  const page = sp.page;
  const q = parseDashboardQuery(sp, { population: page === 'overview' || page === 'competing' ? 'all' : 'discontinued' });
  const db = await getDb();
  const narrow = table === 'survival-summary' || table === 'number-at-risk' || table === 'cumulative-incidence';
  const { value: rows, source } = await readForAnalysis((readDb) => readAnalysisDataset(readDb, user, narrow ? analysisFields(q.grouping) : table === 'centres' ? OVERVIEW_FIELDS : undefined));
  const { filename, csv } = exportCsv(rows, q, table as ExportableTable);
  await recordEvent(db, {
    actor: { id: user.id, label: user.email }, action: 'dashboard_csv_export', tableName: 'dashboard',
    recordId: table, centreId: user.role === 'investigator' ? user.centreId : null,
    details: { table, cutoff: q.cutoffIso, population: q.population.kind, centre: q.population.centre },
  });
  return new Response('\uFEFF' + csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'X-Read-Source': readSourceHeader(source),
    },
  });
}
