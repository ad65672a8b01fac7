import 'server-only';
/**
 * Per request: the user (session re-read), the query from the URL, and the analysis dataset in ONE
 * query scoped to the user's centres. Pages compute their analyses once from these rows. The dataset
 * comes from the read replica when one is configured (`source` says from where, for <ReplicaNotice>).
 */
import { readForAnalysis } from '@/db/replica';
import { requireUser } from '@/lib/auth/current-user';
import type { DatasetField } from '@/lib/analysis/fields';
import { parseDashboardQuery, type DashboardQuery, type SearchParams } from '@/lib/analysis/params';
import type { PopulationKind } from '@/lib/analysis/population';
import { readAnalysisDataset } from '@/lib/services/analysis/read-analysis-dataset';

/** `fields`: the columns the page's analyses need (default: all). */
export async function loadDashboard(
  searchParams: Promise<SearchParams>, population: PopulationKind, fields?: (q: DashboardQuery) => readonly DatasetField[],
) {
  const user = await requireUser('dashboard.view');
  const q = parseDashboardQuery(await searchParams, { population });
  const { value: rows, source } = await readForAnalysis((db) => readAnalysisDataset(db, user, fields?.(q)));
  const centres = [...new Set(rows.map((r) => r.centreCode))].sort();
  const centreLocked = user.role === 'investigator';
  // A well-formed code outside the user's scope (or unknown) yields no patients: say so rather than show empty results silently.
  const asked = q.population.centre;
  if (asked && !centres.includes(asked)) {
    q.notices.push(`Centre ${asked} has no patients in your scope (${centreLocked ? `centre ${user.centreCode ?? ''}` : 'all centres'}): the analyses below are empty.`);
  }
  return { user, q, rows, source, centres, centreLocked, scopeLabel: centreLocked ? `centre ${user.centreCode ?? ''}` : 'all centres' };
}
