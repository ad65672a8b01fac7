/** GET /api/v1/centres (docs/api.md). */
import { apiGet } from '@/lib/api/route';
import { listCentres } from '@/lib/api/resources/centres';

export const dynamic = 'force-dynamic';
export const GET = apiGet('centres', listCentres);
