/** GET /api/v1/patients/{code}/course: every instance of the patient's course records (docs/api.md). */
import { apiGet } from '@/lib/api/route';
import { getCourse } from '@/lib/api/resources/course';

export const dynamic = 'force-dynamic';
export const GET = apiGet('course', getCourse);
