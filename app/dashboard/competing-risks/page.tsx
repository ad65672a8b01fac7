import { DashboardControls } from '@/components/dashboard/controls';
import { DashboardNav } from '@/components/dashboard/dashboard-nav';
import { ReplicaNotice } from '@/components/dashboard/replica-notice';
import { FigureDownload } from '@/components/dashboard/figure-download';
import { ProvenanceNote, ReportTableView } from '@/components/dashboard/report-table';
import { ciStyle } from '@/components/dashboard/plot-layout';
import { StepPlot } from '@/components/dashboard/step-plot';
import { CIF_LABELS } from '@/lib/analysis/competing';
import { cifAnnotation } from '@/lib/analysis/figure-annotations';
import { formatP } from '@/lib/analysis/format';
import { queryString, type SearchParams } from '@/lib/analysis/params';
import { cifView } from '@/lib/analysis/views';
import { analysisFields } from '@/lib/analysis/fields';
import { loadDashboard } from '../load';

export const metadata = { title: 'Competing risks · Dashboards' };

export default async function DashboardCompetingRisksPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { q, rows, source, centres, centreLocked, scopeLabel } = await loadDashboard(searchParams, 'all', (q) => analysisFields(q.grouping));
  const v = cifView(rows, q);
  const r = v.result;
  return (
    <section>
      <ReplicaNotice source={source} />
      <h1>Competing risks · {scopeLabel}</h1>
      <DashboardNav current="/dashboard/competing-risks" query={queryString(q)} />
      <DashboardControls q={q} centres={centres} centreLocked={centreLocked} show={{ cif: true, grouping: true }} />
      <figure className="card" style={{ margin: '0 0 1rem' }}>
        <div className="toolbar" style={{ justifyContent: 'space-between', marginBottom: '.5rem' }}>
          <h2 style={{ margin: 0 }}>{CIF_LABELS[r.analysis]}</h2>
          <FigureDownload svgId="cif-plot" filename={`cif-${r.analysis}-${r.grouping}-cutoff-${q.cutoffIso}`} />
        </div>
        {r.n === 0 ? <p className="notice">No patients in the population.</p> : (
          <StepPlot id="cif-plot" title={`Cumulative incidence: ${CIF_LABELS[r.analysis]}`} yLabel="Cumulative incidence" direction="up"
            ticks={r.ticks}
            series={r.lines.map((l) => ({ label: l.label, colour: l.colour, dashed: l.dashed, time: l.time, value: l.est, lower: l.lower, upper: l.upper }))}
            annotation={cifAnnotation(r)}
            captionLines={[`Population: ${v.provenance.population}. Cut-off: ${v.provenance.cutoff}.`, `Method: ${v.provenance.method}`]} />
        )}
        <figcaption className="muted" style={{ fontSize: '.85rem' }}>
          {r.analysis === 'discontinuation'
            ? 'Time from ibrutinib start to discontinuation for an adverse event or for progression; discontinuation for other reasons and death on ibrutinib are competing events; patients on treatment are censored at last follow-up.'
            : 'Time from ibrutinib start to discontinuation for Richter transformation or for CLL progression; discontinuation for any other reason and death on ibrutinib compete; censored at last follow-up.'}
          {` ${ciStyle(r.lines.length) === 'band' ? 'Shaded' : 'Dotted lines'}: pointwise 95% CI.`}
          {r.gray ? null : ' Choose a grouping to compare groups with Gray’s test.'}
        </figcaption>
        {/* The figure's caption (inside the SVG) states population, cut-off and method: once for the page. */}
        {r.n === 0 ? <ProvenanceNote p={v.provenance} /> : null}
      </figure>
      {r.gray ? (
        <div className="card" data-testid="gray-test">
          {r.gray.map((g) => <p key={g.cause} style={{ margin: 0 }}>Gray’s test, {g.cause}: p = {formatP(g.p)} (statistic {g.stat.toFixed(2)}, df {g.df})</p>)}
        </div>
      ) : null}
      {v.tables.map((t) => (
        <ReportTableView key={t.id} table={t} csvHref={`/dashboard/export?${queryString(q, { table: t.id, page: 'competing' })}`} />
      ))}
    </section>
  );
}
