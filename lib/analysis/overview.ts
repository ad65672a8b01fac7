/** Overview figures: counts, median follow-up (reverse Kaplan–Meier), per-centre counts and completeness. */
import { reverseKmMedianFollowUp } from '@/lib/survival';
import { daysToMonths } from './dates';
import { countPct, fixed1, pct } from './format';
import type { CohortRow, CutoffPatient, ReportTable } from './types';

export interface Overview {
  patients: number;
  discontinued: number;
  deaths: number;
  /** Months, reverse KM on OS from ibrutinib start; null when not estimable. */
  medianFollowUp: number | null;
  /** Patients in the user's scope with a start after the cut-off (or none), not analysed. */
  notAnalysed: number;
  centres: CentreLine[];
}

export interface CentreLine { centre: string; patients: number; discontinued: number; deaths: number; formsDone: number; formsExpected: number }

const DONE = new Set(['complete', 'verified', 'locked']);

/** Required CRFs per patient: baseline, response, follow-up, and discontinuation when ibrutinib stopped. */
function forms(r: CohortRow): { done: number; expected: number } {
  let done = 0;
  let expected = 3;
  for (const s of [r.baselineStatus, r.responseStatus, r.followUpStatus]) if (s && DONE.has(s)) done++;
  if (r.discontinued) { expected++; if (r.discontinuationStatus && DONE.has(r.discontinuationStatus)) done++; }
  return { done, expected };
}

export function overview(all: readonly CohortRow[], ps: readonly CutoffPatient[]): Overview {
  const time = ps.map((p) => p.endAt - p.start);
  const status = ps.map((p) => (p.deathAt !== null ? 1 : 0));
  const fu = ps.length ? reverseKmMedianFollowUp(time, status) : null;
  const byCentre = new Map<string, CentreLine>();
  for (const p of ps) {
    const c = byCentre.get(p.row.centreCode) ?? { centre: p.row.centreCode, patients: 0, discontinued: 0, deaths: 0, formsDone: 0, formsExpected: 0 };
    c.patients++;
    if (p.discAt !== null) c.discontinued++;
    if (p.deathAt !== null) c.deaths++;
    const f = forms(p.row);
    c.formsDone += f.done; c.formsExpected += f.expected;
    byCentre.set(c.centre, c);
  }
  return {
    patients: ps.length,
    discontinued: ps.filter((p) => p.discAt !== null).length,
    deaths: ps.filter((p) => p.deathAt !== null).length,
    medianFollowUp: fu === null ? null : daysToMonths(fu),
    notAnalysed: all.length - ps.length,
    centres: [...byCentre.values()].sort((a, b) => a.centre.localeCompare(b.centre)),
  };
}

/**
 * The overview's figures as a person reads them. With no patients in scope (a new centre) there is
 * nothing to take a median or a percentage of: say so, rather than "NR months" (not reached, which
 * means something else) or "0 (–)".
 */
export function overviewFacts(o: Overview): { discontinued: string; medianFollowUp: string } {
  if (o.patients === 0) return { discontinued: '0', medianFollowUp: 'no patients analysed yet' };
  return {
    discontinued: countPct(o.discontinued, o.patients),
    medianFollowUp: o.medianFollowUp === null ? 'not estimable yet' : `${fixed1(o.medianFollowUp)} months`,
  };
}

export function centreTable(o: Overview): ReportTable {
  return {
    id: 'centres',
    title: 'Patients per centre',
    columns: ['Centre', 'Patients', 'Discontinued', 'Deaths', 'CRFs complete'],
    rows: o.centres.map((c) => ({
      key: c.centre,
      cells: [c.centre, String(c.patients), countPct(c.discontinued, c.patients), String(c.deaths), `${c.formsDone}/${c.formsExpected} (${pct(c.formsDone, c.formsExpected)})`],
    })),
    notes: [
      o.patients === 0 ? 'No patients analysed yet.'
        : `Total: ${o.patients} patients, ${overviewFacts(o).discontinued} discontinued, ${o.deaths} deaths; median follow-up ${overviewFacts(o).medianFollowUp} (reverse Kaplan–Meier).`,
      'CRFs complete: baseline, response, follow-up (and discontinuation when ibrutinib stopped) in status complete, verified or locked.',
    ],
  };
}
