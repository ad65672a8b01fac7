/**
 * GET /data/export/<format>: csv | json | dictionary | r | spss | odm — scoped and audited by the
 * service; read from the read replica when one is configured (X-Read-Source says from where).
 */
import { getDb } from '@/db/client';
import { readForAnalysis, readSourceHeader } from '@/db/replica';
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
    const db = await getDb();
    const { value: file, source } = await readForAnalysis((readDb) => exportData(db, user, format as ExportFormat, new Date(), readDb));
    return new Response(file.body, { headers: { ...noStore, 'Content-Type': file.contentType, 'Content-Disposition': attachment(file.fileName), 'X-Read-Source': readSourceHeader(source) } });
  } catch (e) {
    if (e instanceof ServiceError && e.code === 'forbidden') return jsonError(403, e.message);
    throw e;
  }
}
