import { CourseDashboard } from '@/components/dashboard/course-dashboard';
import { ReplicaNotice } from '@/components/dashboard/replica-notice';
import { readForAnalysis } from '@/db/replica';
import { analysisFields } from '@/lib/analysis/fields';
import type { SearchParams } from '@/lib/analysis/params';
import { courseView, parseAeCategory } from '@/lib/analysis/course-views';
import { readCourseRecords } from '@/lib/services/analysis/read-course-records';
import { loadDashboard } from '../load';

export const metadata = { title: 'Course · Dashboards' };

export default async function DashboardCoursePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const { user, q, rows, source, centres, centreLocked, scopeLabel } = await loadDashboard(Promise.resolve(sp), 'all', (q) => analysisFields(q.grouping));
  const ae = parseAeCategory(sp, q.notices);
  const { value: records } = await readForAnalysis((db) => readCourseRecords(db, user));
  return (
    <>
      <ReplicaNotice source={source} />
      <CourseDashboard q={q} ae={ae} v={courseView(rows, records, q, ae)} centres={centres} centreLocked={centreLocked} scopeLabel={scopeLabel} />
    </>
  );
}
