/** GET /api/v1/audit (docs/api.md). */
import { apiGet } from '@/lib/api/route';
import { listAudit } from '@/lib/api/resources/audit';

export const dynamic = 'force-dynamic';
export const GET = apiGet('audit', listAudit);
