/** GET /api/v1/analysis (docs/api.md). */
import { apiGet } from '@/lib/api/route';
import { listAnalysis } from '@/lib/api/resources/analysis';

export const dynamic = 'force-dynamic';
export const GET = apiGet('analysis', listAnalysis);
