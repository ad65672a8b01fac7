import { DashboardControls } from '@/components/dashboard/controls';
import { DashboardNav } from '@/components/dashboard/dashboard-nav';
import { ReplicaNotice } from '@/components/dashboard/replica-notice';
import { ProvenanceNote, ReportTableView } from '@/components/dashboard/report-table';
import { queryString, type SearchParams } from '@/lib/analysis/params';
import { tablesView } from '@/lib/analysis/views';
import { loadDashboard } from '../load';

export const metadata = { title: 'Tables 1–3 · Dashboards' };

export default async function DashboardTablesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { q, rows, source, centres, centreLocked, scopeLabel } = await loadDashboard(searchParams, 'discontinued');
  const v = tablesView(rows, q);
  return (
    <section>
      <ReplicaNotice source={source} />
      <h1>Tables 1–3 · {scopeLabel}</h1>
      <DashboardNav current="/dashboard/tables" query={queryString(q)} />
      <DashboardControls q={q} centres={centres} centreLocked={centreLocked} show={{}} />
      <p className="muted" data-testid="population-n">{v.n} patients in the population</p>
      {/* Tables 1–3 share population, cut-off and method: said once, above them (each CSV carries it). */}
      <ProvenanceNote p={v.provenance} />
      {v.tables.map((t) => (
        <ReportTableView key={t.id} table={t} maxRows={t.id === 'ae-listing' ? 200 : undefined}
          csvHref={`/dashboard/export?${queryString(q, { table: t.id, page: 'tables' })}`} />
      ))}
    </section>
  );
}
