/**
 * The Course dashboard body (server component): PFS, time to next treatment and time to first dose
 * reduction (Kaplan–Meier), the cumulative incidence of grade ≥ 3 adverse events by category, AE rates
 * with exact CIs and the dose-intensity summary. Pure props, like the survival dashboard.
 */
import { DashboardControls } from './controls';
import { DashboardNav } from './dashboard-nav';
import { FigureDownload } from './figure-download';
import { ProvenanceNote, ReportTableView } from './report-table';
import { ciStyle } from './plot-layout';
import { StepPlot } from './step-plot';
import { AE_CATEGORIES } from '@/lib/analysis/ae-categories';
import { categoryLabel } from '@/lib/analysis/course-ae';
import { COURSE_ENDPOINT_DEFINITIONS, COURSE_ENDPOINT_LABELS, type CourseEndpoint } from '@/lib/analysis/course-endpoints';
import type { AeChoice, CourseKm, CourseView } from '@/lib/analysis/course-views';
import { cifAnnotation, kmAnnotation } from '@/lib/analysis/figure-annotations';
import { queryString, type DashboardQuery } from '@/lib/analysis/params';
import type { ReportTable } from '@/lib/analysis/types';

export interface CourseDashboardProps { q: DashboardQuery; ae: AeChoice; v: CourseView; centres: string[]; centreLocked: boolean; scopeLabel: string }

const Y_LABEL: Record<CourseEndpoint, string> = {
  pfs: 'Progression-free survival', ttnt: 'Free of next treatment', dose_reduction: 'Without dose reduction',
};

function KmCard({ k, q, caption }: { k: CourseKm; q: DashboardQuery; caption: string[] }) {
  const r = k.result;
  const id = `km-${k.endpoint.replace('_', '-')}`;
  return (
    <figure className="card" style={{ margin: '0 0 1rem' }} data-testid={`card-${k.endpoint}`}>
      <div className="toolbar" style={{ justifyContent: 'space-between', marginBottom: '.5rem' }}>
        <h2 style={{ margin: 0 }}>{COURSE_ENDPOINT_LABELS[k.endpoint]}</h2>
        <FigureDownload svgId={id} filename={`${id}-${r.grouping}-cutoff-${q.cutoffIso}`} />
      </div>
      {r.n === 0 ? <p className="notice">No patients with this endpoint in the population.</p> : (
        <StepPlot id={id} title={COURSE_ENDPOINT_LABELS[k.endpoint]} yLabel={Y_LABEL[k.endpoint]} direction="down"
          ticks={r.ticks} atRisk={r.atRisk}
          series={r.groups.map((g) => ({ label: `${g.label} (n = ${g.n})`, colour: g.colour, time: g.time, value: g.surv, lower: g.lower, upper: g.upper, censorTime: g.censorTime, censorValue: g.censorSurv, maxTime: g.maxTime }))}
          annotation={kmAnnotation(r)} captionLines={caption} />
      )}
      <figcaption className="muted" style={{ fontSize: '.85rem' }}>
        {COURSE_ENDPOINT_DEFINITIONS[k.endpoint]}. {ciStyle(r.groups.length) === 'band' ? 'Shaded' : 'Dotted lines'}: 95% CI; ticks: censored.
      </figcaption>
    </figure>
  );
}

export function CourseDashboard({ q, ae, v, centres, centreLocked, scopeLabel }: CourseDashboardProps) {
  const qs = queryString(q, { aecat: ae });
  const csv = (t: ReportTable) => `/dashboard/course/export?${queryString(q, { aecat: ae, table: t.id })}`;
  const kmCaption = (k: CourseKm) => [
    `Population: ${v.provenance.population}${k.result.excluded ? `, ${k.result.excluded} without a value for the grouping left out` : ''}${k.left.length ? `, ${k.left.map((l) => l.n).reduce((a, b) => a + b, 0)} left out (see the table)` : ''}. Cut-off: ${v.provenance.cutoff}.`,
    `Method: Kaplan–Meier with Greenwood variance, 95% CI (${q.confType} transform); months = days / 30.4375.`,
  ];
  const c = v.aeCif;
  return (
    <section>
      <h1>Course · {scopeLabel}</h1>
      <DashboardNav current="/dashboard/course" query={qs} />
      <DashboardControls q={q} centres={centres} centreLocked={centreLocked} show={{ grouping: true, ci: true }}>
        <div className="field dash-wide">
          <label htmlFor="aecat">Adverse-event category (cumulative incidence)</label>
          <select style={{ width: '100%', minWidth: 0 }} id="aecat" name="aecat" defaultValue={ae}>
            {(['any', ...AE_CATEGORIES] as const).map((a) => <option key={a} value={a}>{categoryLabel(a)}</option>)}
          </select>
        </div>
      </DashboardControls>
      <p className="muted" data-testid="course-population">{v.provenance.population}; cut-off {v.provenance.cutoff}. {v.provenance.method}</p>

      <KmCard k={v.km.pfs} q={q} caption={kmCaption(v.km.pfs)} />
      <ReportTableView table={v.km.pfs.summary} csvHref={csv(v.km.pfs.summary)} />
      <ReportTableView table={v.km.pfs.atRisk} csvHref={csv(v.km.pfs.atRisk)} />

      <KmCard k={v.km.ttnt} q={q} caption={kmCaption(v.km.ttnt)} />
      <ReportTableView table={v.km.ttnt.summary} csvHref={csv(v.km.ttnt.summary)} />
      <ReportTableView table={v.km.ttnt.atRisk} csvHref={csv(v.km.ttnt.atRisk)} />

      <figure className="card" style={{ margin: '0 0 1rem' }} data-testid="card-ae-cif">
        <div className="toolbar" style={{ justifyContent: 'space-between', marginBottom: '.5rem' }}>
          <h2 style={{ margin: 0 }}>Grade ≥ 3 adverse events: {categoryLabel(c.category)}</h2>
          <FigureDownload svgId="ae-cif-plot" filename={`ae-cif-${c.category}-${c.grouping}-cutoff-${q.cutoffIso}`} />
        </div>
        {c.n === 0 ? <p className="notice">No patients in the population.</p> : (
          <StepPlot id="ae-cif-plot" title={`Cumulative incidence: ${categoryLabel(c.category)}`} yLabel="Cumulative incidence" direction="up"
            ticks={c.ticks}
            series={c.lines.map((l) => ({ label: l.label, colour: l.colour, dashed: l.dashed, time: l.time, value: l.est, lower: l.lower, upper: l.upper }))}
            annotation={cifAnnotation(c)}
            captionLines={[`Population: ${v.provenance.population}. Cut-off: ${v.provenance.cutoff}.`, 'Method: Aalen–Johansen (cmprsk cuminc); pointwise 95% CI, log(-log) transform; months = days / 30.4375.']} />
        )}
        <figcaption className="muted" style={{ fontSize: '.85rem' }}>
          Time from ibrutinib start to the first grade ≥ 3 event of the category while on ibrutinib; discontinuation of ibrutinib (dashed)
          and death on ibrutinib are competing events; censored at last contact. {ciStyle(c.lines.length) === 'band' ? 'Shaded' : 'Dotted lines'}: pointwise 95% CI.
        </figcaption>
      </figure>
      <ReportTableView table={v.tables.cif} csvHref={csv(v.tables.cif)} />
      <ReportTableView table={v.tables.incidence} csvHref={csv(v.tables.incidence)} />
      <ReportTableView table={v.tables.rates} csvHref={csv(v.tables.rates)} />

      <KmCard k={v.km.dose_reduction} q={q} caption={kmCaption(v.km.dose_reduction)} />
      <ReportTableView table={v.km.dose_reduction.summary} csvHref={csv(v.km.dose_reduction.summary)} />
      <ReportTableView table={v.tables.dose} csvHref={csv(v.tables.dose)} />
      {v.n === 0 ? <ProvenanceNote p={v.provenance} /> : null}
    </section>
  );
}
