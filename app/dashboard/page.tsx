import { DashboardControls } from '@/components/dashboard/controls';
import { DashboardNav } from '@/components/dashboard/dashboard-nav';
import { ReplicaNotice } from '@/components/dashboard/replica-notice';
import { ReportTableView } from '@/components/dashboard/report-table';
import { overviewFacts } from '@/lib/analysis/overview';
import { queryString, type SearchParams } from '@/lib/analysis/params';
import { overviewView } from '@/lib/analysis/views';
import { OVERVIEW_FIELDS } from '@/lib/analysis/fields';
import { loadDashboard } from './load';

export const metadata = { title: 'Dashboards' };

export default async function DashboardOverviewPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { q, rows, source, centres, centreLocked, scopeLabel } = await loadDashboard(searchParams, 'all', () => OVERVIEW_FIELDS);
  const v = overviewView(rows, q);
  const o = v.overview;
  const facts = overviewFacts(o);
  const qs = queryString(q);
  return (
    <section>
      <ReplicaNotice source={source} />
      <h1>Cohort dashboards · {scopeLabel}</h1>
      <DashboardNav current="/dashboard" query={qs} />
      <DashboardControls q={q} centres={centres} centreLocked={centreLocked} show={{}} />
      <div className="card">
        <dl className="facts" data-testid="overview-facts">
          <dt>Analysis cut-off</dt><dd data-testid="cutoff">{q.cutoffIso}</dd>
          <dt>Patients</dt><dd data-testid="patients">{o.patients}</dd>
          <dt>Discontinued ibrutinib</dt><dd data-testid="discontinued">{facts.discontinued}</dd>
          <dt>Deaths</dt><dd data-testid="deaths">{o.deaths}</dd>
          <dt>Median follow-up (reverse Kaplan–Meier)</dt><dd data-testid="median-follow-up">{facts.medianFollowUp}</dd>
          {o.notAnalysed > 0 ? (<><dt>Not analysed</dt><dd>{o.notAnalysed} patient(s) without an ibrutinib start on or before the cut-off</dd></>) : null}
        </dl>
      </div>
      <ReportTableView table={v.centres} provenance={v.provenance} csvHref={`/dashboard/export?${queryString(q, { table: 'centres', page: 'overview' })}`} />
      <p className="muted">
        Paper presets (cut-off 2017-06-30): <a href="/dashboard/survival?cutoff=2017-06-30&preset=fig1&population=discontinued">Fig 1</a> ·{' '}
        <a href="/dashboard/survival?cutoff=2017-06-30&preset=fig2&population=discontinued">Fig 2</a> ·{' '}
        <a href="/dashboard/survival?cutoff=2017-06-30&preset=fig3&population=discontinued">Fig 3</a> ·{' '}
        <a href="/dashboard/tables?cutoff=2017-06-30&population=discontinued">Tables 1–3</a>
      </p>
    </section>
  );
}
