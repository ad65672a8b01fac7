import 'server-only';
/** The course records for a user's analyses: permission checked here, patients limited to the user's centres. */
import type { Db } from '@/db/client';
import { can, centreFilter, type Principal } from '@/lib/auth/permissions';
import type { CourseRecords } from '@/lib/analysis/course';
import { loadCourseRecords } from '@/lib/dal/analysis-dataset';
import { forbidden } from '@/lib/services/errors';

export async function readCourseRecords(db: Db, user: Principal): Promise<Map<number, CourseRecords>> {
  if (!can(user, 'dashboard.view')) throw forbidden();
  return loadCourseRecords(db, centreFilter(user));
}
