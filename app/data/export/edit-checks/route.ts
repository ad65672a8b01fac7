/**
 * GET /data/export/edit-checks?centre=&kind=: CSV of the edit-check findings (every one, not a page),
 * in the caller's scope: an investigator's own centre (another centre answers 404 like a missing one),
 * coordinators and admins all centres or one. Scoped and audited by the service.
 */
import { getDb } from '@/db/client';
import { CHECK_KINDS } from '@/lib/edit-checks/findings';
import { parseEditCheckParams } from '@/lib/edit-checks/params';
import { ServiceError } from '@/lib/services/errors';
import { exportEditChecks } from '@/lib/services/crf/export-edit-checks';
import { attachment, guard, jsonError, noStore } from '../../http';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const user = await guard(request, 'data.export');
  if (user instanceof Response) return user;
  const sp = Object.fromEntries(new URL(request.url).searchParams);
  // A download has no page to show a notice on: an unknown kind is refused, not widened to every kind.
  if (sp.kind && !(CHECK_KINDS as readonly string[]).includes(sp.kind)) return jsonError(400, `Unknown check kind (allowed: ${CHECK_KINDS.join(', ')}).`);
  const { query } = parseEditCheckParams(sp);
  try {
    const file = await exportEditChecks(await getDb(), user, query);
    return new Response(file.body, { headers: { ...noStore, 'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': attachment(file.fileName), 'X-Edit-Check-Rows': String(file.rows) } });
  } catch (e) {
    if (e instanceof ServiceError && e.code === 'not_found') return jsonError(404, e.message);
    if (e instanceof ServiceError && e.code === 'forbidden') return jsonError(403, e.message);
    throw e;
  }
}
