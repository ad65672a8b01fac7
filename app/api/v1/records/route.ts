/** GET /api/v1/records: whole records, the whole-registry pull (docs/api.md). */
import { apiGet } from '@/lib/api/route';
import { listRecords } from '@/lib/api/resources/records';

export const dynamic = 'force-dynamic';
export const GET = apiGet('records', listRecords);
