/** GET /api/v1/dictionary (docs/api.md). */
import { apiGet } from '@/lib/api/route';
import { getDictionary } from '@/lib/api/resources/dictionary';

export const dynamic = 'force-dynamic';
export const GET = apiGet('dictionary', getDictionary);
