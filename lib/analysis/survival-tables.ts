/** The survival and competing-risk results as report tables (rendered on the page and downloaded as CSV). */
import type { CifResult } from './competing';
import { ENDPOINT_LABELS, GROUPING_LABELS } from './endpoints';
import { formatP, medianCi } from './format';
import type { KmResult, SurvivalResult } from './survival';
import type { ReportTable } from './types';

const CI_LABEL = { log: 'log', 'log-log': 'log-log', plain: 'plain' } as const;

export function survivalMethod(r: SurvivalResult): string {
  return kmMethod(r, ENDPOINT_LABELS[r.endpoint]);
}

/** The method line of a Kaplan–Meier result for the endpoint labelled `label`. */
export function kmMethod(r: KmResult, label: string): string {
  const tests = r.groups.length >= 2
    ? `; log-rank test${r.gehanBreslowWilcoxon ? ' and Gehan–Breslow–Wilcoxon' : ''}${r.cox ? '; Cox model (Efron ties) for the hazard ratio' : ''}`
    : '';
  return `${label}; Kaplan–Meier with Greenwood variance, 95% CI (${CI_LABEL[r.confType]} transform); median and CI as R print.survfit; months = days / 30.4375${tests}.`;
}

export function survivalSummaryTable(r: SurvivalResult): ReportTable {
  return kmSummaryTable(r, ENDPOINT_LABELS[r.endpoint], 'survival-summary');
}

/** Medians with CI per group, tests in the notes, for the endpoint labelled `label`; `id` names the table (CSV downloads). */
export function kmSummaryTable(r: KmResult, label: string, id: string): ReportTable {
  const notes: string[] = [];
  if (r.logRank) notes.push(`Log-rank test: chi-square ${r.logRank.chisq.toFixed(4)}, df ${r.logRank.df}, p = ${formatP(r.logRank.p)}.`);
  if (r.gehanBreslowWilcoxon) notes.push(`Gehan–Breslow–Wilcoxon test: chi-square ${r.gehanBreslowWilcoxon.chisq.toFixed(4)}, df ${r.gehanBreslowWilcoxon.df}, p = ${formatP(r.gehanBreslowWilcoxon.p)}.`);
  if (r.trend) notes.push(`Log-rank test for trend (scores 1..${r.groups.length} in the order shown): chi-square ${r.trend.chisq.toFixed(4)}, df 1, p = ${formatP(r.trend.p)}.`);
  if (r.cox) notes.push(`Cox hazard ratio ${r.cox.label} vs ${r.cox.reference}: ${r.cox.hr.toFixed(2)} (95% CI ${r.cox.lower.toFixed(2)}–${r.cox.upper.toFixed(2)}), Wald p = ${formatP(r.cox.p)}.`);
  if (r.excluded) notes.push(`${r.excluded} patient(s) without a value for “${GROUPING_LABELS[r.grouping]}” are not shown.`);
  notes.push('NR = not reached.');
  return {
    id,
    title: `${label} by ${r.grouping === 'none' ? 'group (all)' : GROUPING_LABELS[r.grouping]}`,
    columns: ['Group', 'n', 'Events', 'Median, months (95% CI)'],
    rows: r.groups.map((g) => ({ key: g.label, cells: [g.label, String(g.n), String(g.events), medianCi(g.median)] })),
    notes,
  };
}

export function atRiskTable(r: KmResult, id = 'number-at-risk', title = 'Number at risk'): ReportTable {
  return {
    id,
    title,
    columns: ['Months', ...r.ticks.map(String)],
    rows: r.atRisk.map((a) => ({ key: a.label, cells: [a.label, ...a.counts.map(String)] })),
    notes: ['Patients still under observation (time ≥ t).'],
  };
}

export function cifMethod(r: CifResult): string {
  return `Cumulative incidence (Aalen–Johansen) from ibrutinib start with competing risks as documented; pointwise 95% CI from the cmprsk variance (log(-log) transform); Gray's test across groups; months = days / 30.4375.`
    + (r.grouping === 'none' ? '' : ` Groups: ${GROUPING_LABELS[r.grouping]}.`);
}

export function cifTable(r: CifResult): ReportTable {
  const notes = r.events.map((e) => `${e.cause}: ${e.n} event(s)`);
  if (r.gray) for (const g of r.gray) notes.push(`Gray's test (${g.cause}): statistic ${g.stat.toFixed(4)}, df ${g.df}, p = ${formatP(g.p)}.`);
  if (r.excluded) notes.push(`${r.excluded} patient(s) without a value for the grouping are not shown.`);
  const at = (l: CifResult['lines'][number], t: number) => {
    let v = 0;
    for (let k = 0; k < l.time.length; k++) if ((l.time[k] as number) <= t) v = l.est[k] as number;
    return `${(100 * v).toFixed(1)}%`;
  };
  const marks = [6, 12, 24].filter((m) => m <= (r.ticks[r.ticks.length - 1] ?? 0));
  return {
    id: 'cumulative-incidence',
    title: 'Cumulative incidence',
    columns: ['Curve', ...marks.map((m) => `${m} months`), 'At last follow-up'],
    rows: r.lines.map((l) => ({ key: l.label, cells: [l.label, ...marks.map((m) => at(l, m)), `${(100 * l.final).toFixed(1)}%`] })),
    notes,
  };
}
