/** GET /audit/export?<filters>: CSV of the filtered audit events (audited by the service). */
import { getDb } from '@/db/client';
import { exportAuditEvents } from '@/lib/services/audit/export-audit-events';
import { auditFilterSchema } from '@/lib/services/audit/list-audit-events';
import { attachment, guard, jsonError, noStore } from '../../data/http';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const user = await guard(request, 'audit.view');
  if (user instanceof Response) return user;
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([k, v]) => v !== '' && k !== 'cursor'));
  const filter = auditFilterSchema.safeParse(params);
  if (!filter.success) return jsonError(400, 'Invalid filter.');
  const out = await exportAuditEvents(await getDb(), user, filter.data);
  return new Response(out.body, { headers: { ...noStore, 'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': attachment(`cll-registry-audit-${new Date().toISOString().slice(0, 10)}.csv`), 'X-Audit-Rows': String(out.rows),
    'X-Audit-Truncated': String(out.truncated) } });
}
