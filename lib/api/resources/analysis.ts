import 'server-only';
/**
 * GET /api/v1/analysis: the dashboards' analysis dataset (lib/dal/analysis-dataset.ts, one row per
 * patient, entered-in-error records left out) with the derived endpoints computed by lib/analysis at
 * the cut-off (`cutoff`, default today): the same functions, so the same numbers, as the dashboards.
 * Dates are ISO dates here (the dataset keeps epoch days).
 */
import { applyCutoff } from '@/lib/analysis/population';
import { DATASET_DEFS, datasetKey } from '@/lib/analysis/dataset';
import { isoOfDay, parseIsoDay, todayDay } from '@/lib/analysis/dates';
import { ENDPOINTS, observe } from '@/lib/analysis/endpoints';
import type { CohortRow } from '@/lib/analysis/types';
import { readAnalysisDataset } from '@/lib/services/analysis/read-analysis-dataset';
import { badRequest } from '../problem';
import { flatCsv, listResult } from '../output';
import { parseListQuery } from '../paging';
import type { ApiHandler } from '../route';
import { AnalysisRowSchema } from '../schemas';
import { centreScope } from './scope';

const DATE_KEYS = new Set(DATASET_DEFS.filter((f) => f.type === 'date').map(datasetKey));
const COLUMNS = Object.keys(AnalysisRowSchema.shape);

/** One output row: the dataset's columns (dates as ISO), whether it is analysed at the cut-off, each endpoint's time and status. */
export function analysisRows(rows: readonly CohortRow[], cutoff: number): Record<string, unknown>[] {
  const atCutoff = new Map(applyCutoff(rows, cutoff).map((p) => [p.row.patientId, p]));
  return rows.map((row) => {
    const { patientId: _id, code, centreCode, ...rest } = row;
    const out: Record<string, unknown> = { patient: code, centre: centreCode };
    for (const [k, v] of Object.entries(rest)) out[k] = DATE_KEYS.has(k as keyof CohortRow) && typeof v === 'number' ? isoOfDay(v) : v;
    const p = atCutoff.get(row.patientId);
    out.analysed = p !== undefined;
    for (const e of ENDPOINTS) {
      const o = p ? observe(p, e) : null;
      out[`${e}_days`] = o ? o.time : null;
      out[`${e}_event`] = o ? o.status : null;
    }
    return out;
  });
}

export const listAnalysis: ApiHandler = async ({ db, caller, url }) => {
  const q = parseListQuery(url.searchParams);
  if (q.updatedSince) throw badRequest('updated_since does not apply to the analysis dataset (its endpoints depend on the whole record and the cut-off).');
  const rawCutoff = url.searchParams.get('cutoff');
  const cutoff = rawCutoff === null ? todayDay() : parseIsoDay(rawCutoff);
  if (cutoff === null) throw badRequest('cutoff must be a date such as 2017-06-30.');
  await centreScope(db, caller.user, q.centre); // refuses a centre outside the token's scope
  const rows = (await readAnalysisDataset(db, caller.user)).filter((r) => q.centre === null || r.centreCode === q.centre);
  const sorted = analysisRows(rows, cutoff).sort((a, b) => (String(a.patient) < String(b.patient) ? -1 : 1));
  const position = new Map(sorted.map((r, i) => [String(r.patient), i]));
  return listResult(q, `analysis-${isoOfDay(cutoff)}`, {
    fetch: async (after, limit) => {
      const from = after === null ? 0 : (position.get(after) ?? -1) + 1;
      if (after !== null && !position.has(after)) throw badRequest('The cursor names a patient no longer in the dataset: start again without a cursor.');
      return sorted.slice(from, from + limit);
    },
    keyOf: (r) => String(r.patient),
    csv: flatCsv(COLUMNS),
  });
};
