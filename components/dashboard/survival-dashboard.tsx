/**
 * The survival dashboard body (server component): controls, KM figure, tests and tables. Pure props,
 * so the page (after the session and dataset) and the benchmark render the same tree.
 */
import { DashboardControls } from './controls';
import { DashboardNav } from './dashboard-nav';
import { FigureDownload } from './figure-download';
import { ProvenanceNote, ReportTableView } from './report-table';
import { ciStyle } from './plot-layout';
import { StepPlot } from './step-plot';
import { ENDPOINT_DEFINITIONS, ENDPOINT_LABELS } from '@/lib/analysis/endpoints';
import { kmAnnotation } from '@/lib/analysis/figure-annotations';
import { formatP } from '@/lib/analysis/format';
import { PAPER_CUTOFF, PRESETS, presetHref, queryString, type DashboardQuery, type PresetId } from '@/lib/analysis/params';
import type { SurvivalView } from '@/lib/analysis/views';

export interface SurvivalDashboardProps { q: DashboardQuery; v: SurvivalView; centres: string[]; centreLocked: boolean; scopeLabel: string }

export function SurvivalDashboard({ q, v, centres, centreLocked, scopeLabel }: SurvivalDashboardProps) {
  const r = v.result;
  const qs = queryString(q);
  return (
    <section>
      <h1>Survival · {scopeLabel}</h1>
      <DashboardNav current="/dashboard/survival" query={qs} />
      <p className="toolbar" aria-label="Presets">
        {(Object.keys(PRESETS) as PresetId[]).map((id) => (
          <a key={id} className="button secondary" href={presetHref(id, q)}>{PRESETS[id].label}</a>
        ))}
        <span className="muted" style={{ fontSize: '.85rem' }} data-testid="preset-note">
          Presets use the paper’s cut-off, {PAPER_CUTOFF}, and all discontinued patients.
        </span>
      </p>
      <DashboardControls q={q} centres={centres} centreLocked={centreLocked} show={{ endpoint: true, grouping: true, ci: true, gbw: true }} />
      <figure className="card" style={{ margin: '0 0 1rem' }}>
        <div className="toolbar" style={{ justifyContent: 'space-between', marginBottom: '.5rem' }}>
          <h2 style={{ margin: 0 }}>{ENDPOINT_LABELS[r.endpoint]}</h2>
          <FigureDownload svgId="km-plot" filename={`km-${r.endpoint}-${r.grouping}-cutoff-${q.cutoffIso}`} />
        </div>
        {r.n === 0 ? <p className="notice">No patients with this endpoint in the population.</p> : (
          <StepPlot id="km-plot" title={ENDPOINT_LABELS[r.endpoint]} yLabel="Survival probability" direction="down"
            ticks={r.ticks} atRisk={r.atRisk}
            series={r.groups.map((g) => ({ label: `${g.label} (n = ${g.n})`, colour: g.colour, time: g.time, value: g.surv, lower: g.lower, upper: g.upper, censorTime: g.censorTime, censorValue: g.censorSurv, maxTime: g.maxTime }))}
            annotation={kmAnnotation(r)}
            captionLines={[`Population: ${v.provenance.population}. Cut-off: ${v.provenance.cutoff}.`, `Method: ${v.provenance.method}`]} />
        )}
        <figcaption className="muted" style={{ fontSize: '.85rem' }}>
          {ENDPOINT_DEFINITIONS[r.endpoint]}. {ciStyle(r.groups.length) === 'band' ? 'Shaded' : 'Dotted lines'}: 95% CI; ticks: censored.
        </figcaption>
        {/* The figure's caption (inside the SVG, so downloads carry it) states population, cut-off and method: once for the page. */}
        {r.n === 0 ? <ProvenanceNote p={v.provenance} /> : null}
      </figure>
      {r.logRank ? (
        <div className="card" data-testid="tests">
          <p style={{ margin: 0 }}>Log-rank test: <strong data-testid="logrank-p">p = {formatP(r.logRank.p)}</strong> (chi-square {r.logRank.chisq.toFixed(2)}, df {r.logRank.df})</p>
          {r.trend ? <p style={{ margin: 0 }} data-testid="trend-p">Log-rank test for trend: p = {formatP(r.trend.p)}</p> : null}
          {r.gehanBreslowWilcoxon ? <p style={{ margin: 0 }} data-testid="gbw-p">Gehan–Breslow–Wilcoxon: p = {formatP(r.gehanBreslowWilcoxon.p)}</p> : null}
          {r.cox ? (
            <p style={{ margin: 0 }} data-testid="cox-hr">
              Hazard ratio {r.cox.label} vs {r.cox.reference}: {r.cox.hr.toFixed(2)} (95% CI {r.cox.lower.toFixed(2)}–{r.cox.upper.toFixed(2)}), p = {formatP(r.cox.p)}
            </p>
          ) : null}
        </div>
      ) : null}
      {v.tables.map((t) => (
        <ReportTableView key={t.id} table={t} csvHref={`/dashboard/export?${queryString(q, { table: t.id, page: 'survival' })}`} />
      ))}
    </section>
  );
}
