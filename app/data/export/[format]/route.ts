/** GET /data/export/<format>: csv | json | dictionary | r | spss | odm — scoped and audited by the service. */
import { getDb } from '@/db/client';
import { ServiceError } from '@/lib/services/errors';
import { EXPORT_FORMATS, exportData, type ExportFormat } from '@/lib/services/exchange/export-data';
import { attachment, guard, jsonError, noStore } from '../../http';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ format: string }> }): Promise<Response> {
  const user = await guard(request, 'data.export');
  if (user instanceof Response) return user;
  const { format } = await params;
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) return jsonError(404, 'Unknown export format.');
  try {
    const file = await exportData(await getDb(), user, format as ExportFormat);
    return new Response(file.body, { headers: { ...noStore, 'Content-Type': file.contentType, 'Content-Disposition': attachment(file.fileName) } });
  } catch (e) {
    if (e instanceof ServiceError && e.code === 'forbidden') return jsonError(403, e.message);
    throw e;
  }
}
