import { SurvivalDashboard } from '@/components/dashboard/survival-dashboard';
import type { SearchParams } from '@/lib/analysis/params';
import { survivalView } from '@/lib/analysis/views';
import { loadDashboard } from '../load';

export const metadata = { title: 'Survival · Dashboards' };

export default async function DashboardSurvivalPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { q, rows, centres, centreLocked, scopeLabel } = await loadDashboard(searchParams, 'discontinued');
  return <SurvivalDashboard q={q} v={survivalView(rows, q)} centres={centres} centreLocked={centreLocked} scopeLabel={scopeLabel} />;
}
