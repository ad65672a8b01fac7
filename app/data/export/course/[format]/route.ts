/** GET /data/export/course/<format>: zip | json — the long format of the course, scoped and audited by the service. */
import { getDb } from '@/db/client';
import { ServiceError } from '@/lib/services/errors';
import { COURSE_EXPORT_FORMATS, exportCourse, type CourseExportFormat } from '@/lib/services/exchange/export-course';
import { attachment, guard, jsonError, noStore } from '../../../http';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ format: string }> }): Promise<Response> {
  const user = await guard(request, 'data.export');
  if (user instanceof Response) return user;
  const { format } = await params;
  if (!(COURSE_EXPORT_FORMATS as readonly string[]).includes(format)) return jsonError(404, 'Unknown export format.');
  try {
    const file = await exportCourse(await getDb(), user, format as CourseExportFormat);
    return new Response(file.body, { headers: { ...noStore, 'Content-Type': file.contentType, 'Content-Disposition': attachment(file.fileName) } });
  } catch (e) {
    if (e instanceof ServiceError && e.code === 'forbidden') return jsonError(403, e.message);
    throw e;
  }
}
