/**
 * Everything the Course dashboard page (or its CSV downloads) shows, computed once from the cohort
 * rows, the course records and the query; page and download call the same function, so they agree.
 */
import { AE_CATEGORIES, type AeCategory } from './ae-categories';
import { aeCifAnalysis, aeRates, incidenceByCategory, type AeCifResult, type AeRate } from './course-ae';
import { coursePatients, type CoursePatient, type CourseRecords } from './course';
import { COURSE_ENDPOINT_LABELS, EXCLUSION_LABELS, observeCourse, type CourseEndpoint, type Exclusion } from './course-endpoints';
import { aeCifTable, aeIncidenceTable, aeRateTable, doseIntensityTable, INCIDENCE_MONTHS } from './course-tables';
import { tableToCsv, type Provenance } from './csv';
import { isoOfDay } from './dates';
import type { DashboardQuery, SearchParams } from './params';
import { applyCutoff, describePopulation, selectPopulation } from './population';
import { kmAnalysis, type KmResult } from './survival';
import { atRiskTable, kmMethod, kmSummaryTable } from './survival-tables';
import type { CohortRow, ReportTable } from './types';

export type AeChoice = AeCategory | 'any';

/** The Course page's own setting (the AE category of the cumulative-incidence figure); notices go with the query's. */
export function parseAeCategory(sp: SearchParams, notices: string[]): AeChoice {
  const raw = Array.isArray(sp.aecat) ? sp.aecat[0] : sp.aecat;
  if (raw === undefined || raw === '') return 'infection';
  if (raw === 'any' || (AE_CATEGORIES as readonly string[]).includes(raw)) return raw as AeChoice;
  notices.push(`Unknown adverse-event category ${JSON.stringify(raw.slice(0, 40))} ignored; using "infection" (allowed: any, ${AE_CATEGORIES.join(', ')}).`);
  return 'infection';
}

export interface CourseKm { endpoint: CourseEndpoint; result: KmResult; left: { reason: Exclusion; n: number }[]; summary: ReportTable; atRisk: ReportTable }

export interface CourseView {
  n: number;
  km: Record<CourseEndpoint, CourseKm>;
  aeCif: AeCifResult;
  rates: AeRate[];
  tables: { incidence: ReportTable; cif: ReportTable; rates: ReportTable; dose: ReportTable };
  provenance: Provenance;
}

function courseKm(ps: readonly CoursePatient[], endpoint: CourseEndpoint, q: DashboardQuery): CourseKm {
  const left = new Map<Exclusion, number>();
  const result = kmAnalysis(ps, (p) => {
    const o = observeCourse(p, endpoint);
    if (typeof o === 'string') { left.set(o, (left.get(o) ?? 0) + 1); return null; }
    return o;
  }, { grouping: q.grouping, confType: q.confType });
  const label = COURSE_ENDPOINT_LABELS[endpoint];
  const summary = kmSummaryTable(result, label, `${endpoint.replace('_', '-')}-summary`);
  for (const [reason, n] of left) summary.notes.unshift(`${n} patient(s) left out: ${EXCLUSION_LABELS[reason]}.`);
  return {
    endpoint, result, left: [...left].map(([reason, n]) => ({ reason, n })), summary,
    atRisk: atRiskTable(result, `${endpoint.replace('_', '-')}-at-risk`, `Number at risk · ${label}`),
  };
}

export function courseView(rows: readonly CohortRow[], records: ReadonlyMap<number, CourseRecords>, q: DashboardQuery, ae: AeChoice): CourseView {
  const population = selectPopulation(applyCutoff(rows, q.cutoff), q.population);
  const ps = coursePatients(population, records, q.cutoff);
  const aeCif = aeCifAnalysis(ps, ae, q.grouping);
  const rates = aeRates(ps);
  const km = {
    pfs: courseKm(ps, 'pfs', q), ttnt: courseKm(ps, 'ttnt', q), dose_reduction: courseKm(ps, 'dose_reduction', q),
  };
  return {
    n: ps.length, km, aeCif, rates,
    tables: {
      incidence: aeIncidenceTable(incidenceByCategory(ps, INCIDENCE_MONTHS)),
      cif: aeCifTable(aeCif),
      rates: aeRateTable(rates),
      dose: doseIntensityTable(ps),
    },
    provenance: {
      population: `${describePopulation(q.population, isoOfDay)}, n = ${ps.length}`,
      cutoff: q.cutoffIso,
      method: 'Course derived from visits, the adverse-event log, dose periods, interruptions and subsequent therapies (instances entered in error left out), as known at the cut-off; months = days / 30.4375.',
    },
  };
}

export const COURSE_EXPORTABLE = [
  'pfs-summary', 'pfs-at-risk', 'ttnt-summary', 'ttnt-at-risk', 'dose-reduction-summary', 'dose-reduction-at-risk',
  'ae-incidence', 'ae-cumulative-incidence', 'ae-rates', 'dose-intensity',
] as const;
export type CourseExportable = (typeof COURSE_EXPORTABLE)[number];

/** Every table of the view with the method line it is downloaded with. */
export function courseTables(v: CourseView): { table: ReportTable; method: string }[] {
  const kms = Object.values(v.km).flatMap((k) => {
    const method = kmMethod(k.result, COURSE_ENDPOINT_LABELS[k.endpoint]);
    return [{ table: k.summary, method }, { table: k.atRisk, method }];
  });
  return [
    ...kms,
    { table: v.tables.incidence, method: v.provenance.method },
    { table: v.tables.cif, method: v.provenance.method },
    { table: v.tables.rates, method: v.provenance.method },
    { table: v.tables.dose, method: v.provenance.method },
  ];
}

export function exportCourseCsv(
  rows: readonly CohortRow[], records: ReadonlyMap<number, CourseRecords>, q: DashboardQuery, ae: AeChoice, id: CourseExportable,
): { filename: string; csv: string } {
  const v = courseView(rows, records, q, ae);
  const hit = courseTables(v).find((t) => t.table.id === id);
  if (!hit) throw new Error(`no table ${id}`);
  return { filename: `course-${id}-cutoff-${q.cutoffIso}.csv`, csv: tableToCsv(hit.table, { ...v.provenance, method: hit.method }) };
}
