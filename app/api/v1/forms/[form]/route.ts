/** GET /api/v1/forms/{form} (docs/api.md). */
import { apiGet } from '@/lib/api/route';
import { listForm } from '@/lib/api/resources/forms';

export const dynamic = 'force-dynamic';
export const GET = apiGet('forms', listForm);
