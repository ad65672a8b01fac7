/** The dashboard controls: a plain GET form, so every view is a shareable URL and works without JavaScript. */
import type { ReactNode } from 'react';
import { CONF_TYPES } from '@/lib/survival';
import { CIF_ANALYSES, CIF_LABELS } from '@/lib/analysis/competing';
import { isoOfDay } from '@/lib/analysis/dates';
import { ENDPOINTS, ENDPOINT_LABELS, GROUPINGS, GROUPING_LABELS } from '@/lib/analysis/endpoints';
import type { DashboardQuery } from '@/lib/analysis/params';

/** Long option labels must not push a select out of its grid cell. */
const WIDE = { width: '100%', minWidth: 0 } as const;

/**
 * Endpoint and grouping options are long ("Reason: progression vs adverse event + other"): their
 * fields span two grid columns, except on narrow screens where the grid has a single column.
 */
const LAYOUT_CSS = '.dash-wide{grid-column:span 2}@media (max-width:560px){.dash-wide{grid-column:auto}}';

export interface ControlsProps {
  q: DashboardQuery;
  centres: string[];
  /** Investigators see one centre: no centre choice. */
  centreLocked: boolean;
  show: { endpoint?: boolean; grouping?: boolean; ci?: boolean; gbw?: boolean; cif?: boolean };
  /** A page's own settings (fields of the same form, so they travel with the others). */
  children?: ReactNode;
}

/** Query parameters that were ignored (bad date, unknown value): visible, with what is used instead. */
export function QueryNotices({ notices }: { notices: readonly string[] }) {
  if (notices.length === 0) return null;
  return (
    <div className="notice error" role="alert" data-testid="query-notices" style={{ marginBottom: '1rem' }}>
      <strong>Some settings in the address were not used:</strong>
      <ul style={{ margin: '.25rem 0 0', paddingLeft: '1.25rem' }}>{notices.map((n, i) => <li key={i}>{n}</li>)}</ul>
    </div>
  );
}

export function DashboardControls({ q, centres, centreLocked, show, children }: ControlsProps) {
  return (
    <>
    <QueryNotices notices={q.notices} />
    <form method="get" className="card" aria-label="Analysis settings">
      <style>{LAYOUT_CSS}</style>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="cutoff">Analysis cut-off</label>
          <input id="cutoff" name="cutoff" type="date" defaultValue={q.cutoffIso} required />
        </div>
        <div className="field">
          <label htmlFor="population">Population</label>
          <select style={WIDE} id="population" name="population" defaultValue={q.population.kind}>
            <option value="all">All patients</option>
            <option value="discontinued">Discontinued ibrutinib</option>
          </select>
        </div>
        {!centreLocked ? (
          <div className="field">
            <label htmlFor="centre">Centre</label>
            <select style={WIDE} id="centre" name="centre" defaultValue={q.population.centre ?? ''}>
              <option value="">All centres</option>
              {centres.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="from">Ibrutinib start from</label>
          <input id="from" name="from" type="date" defaultValue={q.population.startFrom === null ? '' : isoOfDay(q.population.startFrom)} />
        </div>
        <div className="field">
          <label htmlFor="to">Ibrutinib start to</label>
          <input id="to" name="to" type="date" defaultValue={q.population.startTo === null ? '' : isoOfDay(q.population.startTo)} />
        </div>
        {show.endpoint ? (
          <div className="field dash-wide">
            <label htmlFor="endpoint">Endpoint</label>
            <select style={WIDE} id="endpoint" name="endpoint" defaultValue={q.endpoint}>
              {ENDPOINTS.map((e) => <option key={e} value={e}>{ENDPOINT_LABELS[e]}</option>)}
            </select>
          </div>
        ) : <input type="hidden" name="endpoint" value={q.endpoint} />}
        {show.cif ? (
          <div className="field dash-wide">
            <label htmlFor="cif">Competing-risk analysis</label>
            <select style={WIDE} id="cif" name="cif" defaultValue={q.cif}>
              {CIF_ANALYSES.map((c) => <option key={c} value={c}>{CIF_LABELS[c]}</option>)}
            </select>
          </div>
        ) : <input type="hidden" name="cif" value={q.cif} />}
        {show.grouping ? (
          <div className="field dash-wide">
            <label htmlFor="group">Grouping</label>
            <select style={WIDE} id="group" name="group" defaultValue={q.grouping}>
              {GROUPINGS.map((g) => <option key={g} value={g}>{GROUPING_LABELS[g]}</option>)}
            </select>
          </div>
        ) : <input type="hidden" name="group" value={q.grouping} />}
        {show.ci ? (
          <div className="field">
            <label htmlFor="ci">95% CI transform</label>
            <select style={WIDE} id="ci" name="ci" defaultValue={q.confType}>
              {CONF_TYPES.map((c) => <option key={c} value={c}>{c}{c === 'log' ? ' (default, as R)' : ''}</option>)}
            </select>
          </div>
        ) : <input type="hidden" name="ci" value={q.confType} />}
        {show.gbw ? (
          <div className="field dash-wide" style={{ alignSelf: 'end' }}>
            {/* Level with the selects' boxes; the checkbox centred on its (normal-weight) label. */}
            <label htmlFor="gbw" style={{ display: 'flex', alignItems: 'center', gap: '.5rem', minHeight: '2.4rem', fontWeight: 'normal' }}>
              <input id="gbw" name="gbw" type="checkbox" value="1" defaultChecked={q.gbw} style={{ margin: 0, padding: 0, width: '1.1rem', height: '1.1rem', minHeight: 0, flex: 'none' }} />
              <span>Gehan–Breslow–Wilcoxon test</span>
            </label>
          </div>
        ) : q.gbw ? <input type="hidden" name="gbw" value="1" /> : null}
        {children}
      </div>
      <p style={{ marginBottom: 0 }}><button type="submit">Update</button></p>
    </form>
    </>
  );
}
