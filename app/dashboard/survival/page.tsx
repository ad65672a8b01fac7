import { ReplicaNotice } from '@/components/dashboard/replica-notice';
import { SurvivalDashboard } from '@/components/dashboard/survival-dashboard';
import type { SearchParams } from '@/lib/analysis/params';
import { survivalView } from '@/lib/analysis/views';
import { analysisFields } from '@/lib/analysis/fields';
import { loadDashboard } from '../load';

export const metadata = { title: 'Survival · Dashboards' };

export default async function DashboardSurvivalPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { q, rows, source, centres, centreLocked, scopeLabel } = await loadDashboard(searchParams, 'discontinued', (q) => analysisFields(q.grouping));
  return (
    <>
      <ReplicaNotice source={source} />
      <SurvivalDashboard q={q} v={survivalView(rows, q)} centres={centres} centreLocked={centreLocked} scopeLabel={scopeLabel} />
    </>
  );
}
