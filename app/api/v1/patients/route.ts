/** GET /api/v1/patients (docs/api.md). */
import { apiGet } from '@/lib/api/route';
import { listPatients } from '@/lib/api/resources/patients';

export const dynamic = 'force-dynamic';
export const GET = apiGet('patients', listPatients);
