/**
 * CSV downloads of the Course page's tables. The same checks as the other dashboard downloads
 * (app/dashboard/export/route.ts): a valid session re-read from the database, the dashboard
 * permission, the data limited to the user's centres, and each download recorded in the audit trail.
 */
import { getDb } from '@/db/client';
import { readForAnalysis, readSourceHeader } from '@/db/replica';
import { getCurrentUser } from '@/lib/auth/current-user';
import { can } from '@/lib/auth/permissions';
import { analysisFields } from '@/lib/analysis/fields';
import { parseDashboardQuery } from '@/lib/analysis/params';
import { COURSE_EXPORTABLE, exportCourseCsv, parseAeCategory, type CourseExportable } from '@/lib/analysis/course-views';
import { recordEvent } from '@/lib/services/audit/record-event';
import { readAnalysisDataset } from '@/lib/services/analysis/read-analysis-dataset';
import { readCourseRecords } from '@/lib/services/analysis/read-course-records';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return new Response('Not logged in.', { status: 401, headers: { 'Cache-Control': 'no-store' } });
  if (!can(user, 'dashboard.view')) return new Response('Forbidden.', { status: 403, headers: { 'Cache-Control': 'no-store' } });
  const sp = Object.fromEntries(new URL(request.url).searchParams);
  const table = sp.table;
  if (!table || !(COURSE_EXPORTABLE as readonly string[]).includes(table)) return new Response('Unknown table.', { status: 400 });
  const q = parseDashboardQuery(sp, { population: 'all' });
  const ae = parseAeCategory(sp, q.notices);
  const { value, source } = await readForAnalysis(async (readDb) => ({
    rows: await readAnalysisDataset(readDb, user, analysisFields(q.grouping)),
    records: await readCourseRecords(readDb, user),
  }));
  const { filename, csv } = exportCourseCsv(value.rows, value.records, q, ae, table as CourseExportable);
  await recordEvent(await getDb(), {
    actor: { id: user.id, label: user.email }, action: 'dashboard_csv_export', tableName: 'dashboard',
    recordId: `course/${table}`, centreId: user.role === 'investigator' ? user.centreId : null,
    details: { table: `course/${table}`, cutoff: q.cutoffIso, population: q.population.kind, centre: q.population.centre },
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
