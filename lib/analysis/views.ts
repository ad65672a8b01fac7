/**
 * Everything a dashboard page (or its CSV download) shows, computed once from the cohort rows and the
 * query. Pages and the CSV route call the same functions, so a download always matches the screen.
 */
import { cifAnalysis, type CifResult } from './competing';
import { tableToCsv, type Provenance } from './csv';
import { isoOfDay } from './dates';
import { centreTable, overview, type Overview } from './overview';
import type { DashboardQuery } from './params';
import { applyCutoff, describePopulation, selectPopulation } from './population';
import { survivalAnalysis, type SurvivalResult } from './survival';
import { atRiskTable, cifMethod, cifTable, survivalMethod, survivalSummaryTable } from './survival-tables';
import { table1 } from './table1';
import { aeListing, table2 } from './table2';
import { table3 } from './table3';
import type { CohortRow, ReportTable } from './types';

function populate(rows: readonly CohortRow[], q: DashboardQuery) {
  const atCutoff = applyCutoff(rows, q.cutoff);
  const population = selectPopulation(atCutoff, q.population);
  return { atCutoff, population, label: describePopulation(q.population, isoOfDay) };
}

export interface OverviewView { overview: Overview; centres: ReportTable; provenance: Provenance }

export function overviewView(rows: readonly CohortRow[], q: DashboardQuery): OverviewView {
  const { population, label } = populate(rows, q);
  const o = overview(rows, population);
  return {
    overview: o,
    centres: centreTable(o),
    provenance: { population: label, cutoff: q.cutoffIso, method: 'Counts at the cut-off; median follow-up by reverse Kaplan–Meier (OS from ibrutinib start, death censoring follow-up).' },
  };
}

export interface TablesView { tables: ReportTable[]; provenance: Provenance; n: number }

export function tablesView(rows: readonly CohortRow[], q: DashboardQuery): TablesView {
  const { population, label } = populate(rows, q);
  const short = q.population.kind === 'all' ? 'All patients' : 'Discontinued';
  return {
    n: population.length,
    tables: [table1(population, short), table2(population), aeListing(population), table3(population, short)],
    provenance: { population: label, cutoff: q.cutoffIso, method: 'Counts (% of the population; best response % of evaluable); medians with range; months = days / 30.4375.' },
  };
}

export interface SurvivalView { result: SurvivalResult; tables: ReportTable[]; provenance: Provenance }

/**
 * What the survival analysis actually covers: the selected population, narrowed by the endpoint (OS
 * after discontinuation only has discontinued patients) and the grouping (patients without a value
 * are left out), with the n analysed — so "all patients" is never printed over n = 37.
 */
export function analysedPopulation(label: string, q: DashboardQuery, result: SurvivalResult): string {
  let out = label;
  if (q.endpoint === 'os_disc' && q.population.kind === 'all') out += ' → discontinued patients (the endpoint starts at discontinuation)';
  if (result.excluded > 0) out += `, ${result.excluded} without a value for the grouping left out`;
  return `${out}, n = ${result.n}`;
}

export function survivalView(rows: readonly CohortRow[], q: DashboardQuery): SurvivalView {
  const { population, label } = populate(rows, q);
  const result = survivalAnalysis(population, { endpoint: q.endpoint, grouping: q.grouping, confType: q.confType, gbw: q.gbw });
  return {
    result,
    tables: [survivalSummaryTable(result), atRiskTable(result)],
    provenance: { population: analysedPopulation(label, q, result), cutoff: q.cutoffIso, method: survivalMethod(result) },
  };
}

export interface CifView { result: CifResult; tables: ReportTable[]; provenance: Provenance }

export function cifView(rows: readonly CohortRow[], q: DashboardQuery): CifView {
  const { population, label } = populate(rows, q);
  const result = cifAnalysis(population, q.cif, q.grouping);
  return { result, tables: [cifTable(result)], provenance: { population: label, cutoff: q.cutoffIso, method: cifMethod(result) } };
}

export const EXPORTABLE = ['centres', 'table1', 'table2', 'ae-listing', 'table3', 'survival-summary', 'number-at-risk', 'cumulative-incidence'] as const;
export type ExportableTable = (typeof EXPORTABLE)[number];

/** One table of a view as CSV (the route handler's work after the session and scope checks). */
export function exportCsv(rows: readonly CohortRow[], q: DashboardQuery, id: ExportableTable): { filename: string; csv: string } {
  let tables: ReportTable[];
  let provenance: Provenance;
  if (id === 'centres') { const v = overviewView(rows, q); tables = [v.centres]; provenance = v.provenance; }
  else if (id === 'survival-summary' || id === 'number-at-risk') { const v = survivalView(rows, q); tables = v.tables; provenance = v.provenance; }
  else if (id === 'cumulative-incidence') { const v = cifView(rows, q); tables = v.tables; provenance = v.provenance; }
  else { const v = tablesView(rows, q); tables = v.tables; provenance = v.provenance; }
  const t = tables.find((x) => x.id === id) ?? tables[0];
  if (!t) throw new Error(`no table ${id}`);
  return { filename: `${id}-cutoff-${q.cutoffIso}.csv`, csv: tableToCsv(t, provenance) };
}
