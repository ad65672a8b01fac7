/**
 * Cumulative incidence with competing risks (Aalen–Johansen; Gray's test across groups), from lib/survival.
 * Both analyses run from ibrutinib start, with follow-up limited by the cut-off:
 * - discontinuation: cause 1 adverse event, 2 progression, 3 other reasons (patient decision, lost to
 *   follow-up, other, not recorded), 4 death on ibrutinib without a discontinuation; censored at last follow-up;
 * - progression type: cause 1 Richter transformation, 2 CLL progression; discontinuation for any other
 *   reason and death on ibrutinib compete (cause 3); censored at last follow-up.
 */
import { cumulativeIncidence } from '@/lib/survival';
import { monthTicks } from './axis';
import { cifBand } from './cif-bands';
import { daysToMonths } from './dates';
import { groupOf, sortLabels, type Grouping } from './endpoints';
import { GROUP_COLOURS } from './survival';
import type { CutoffPatient } from './types';

export const CIF_ANALYSES = ['discontinuation', 'progression_type'] as const;
export type CifAnalysis = (typeof CIF_ANALYSES)[number];

export const CIF_LABELS: Record<CifAnalysis, string> = {
  discontinuation: 'Discontinuation by cause (adverse event vs progression)',
  progression_type: 'Richter transformation vs CLL progression',
};

export const CIF_CAUSES: Record<CifAnalysis, string[]> = {
  discontinuation: ['Adverse event', 'Progression', 'Other reasons', 'Death on ibrutinib'],
  progression_type: ['Richter transformation', 'CLL progression', 'Other discontinuation or death'],
};

function causeOf(p: CutoffPatient, a: CifAnalysis): number {
  const r = p.row;
  if (p.discAt !== null) {
    if (a === 'discontinuation') return r.discReason === 'adverse_event' ? 1 : r.discReason === 'progression' ? 2 : 3;
    if (r.discReason === 'progression' && r.progressionType === 'RT') return 1;
    if (r.discReason === 'progression' && r.progressionType === 'CLL') return 2;
    return 3;
  }
  if (p.deathAt !== null) return a === 'discontinuation' ? 4 : 3;
  return 0;
}

export interface CifLine {
  label: string;
  group: string;
  cause: string;
  colour: string;
  dashed: boolean;
  /** Step function in months. */
  time: number[];
  est: number[];
  /** Pointwise 95% CI from cuminc's variance (log(-log), cif-bands.ts); null where undefined. */
  lower: (number | null)[];
  upper: (number | null)[];
  /** Estimate at the last time. */
  final: number;
}

export interface CifResult {
  analysis: CifAnalysis;
  grouping: Grouping;
  n: number;
  excluded: number;
  events: { cause: string; n: number }[];
  lines: CifLine[];
  ticks: number[];
  gray: { cause: string; stat: number; df: number; p: number }[] | null;
}

export function cifAnalysis(ps: readonly CutoffPatient[], analysis: CifAnalysis, grouping: Grouping): CifResult {
  const time: number[] = [];
  const cause: number[] = [];
  const group: string[] = [];
  let excluded = 0;
  for (const p of ps) {
    const g = groupOf(p, grouping);
    if (g === null) { excluded++; continue; }
    const c = causeOf(p, analysis);
    time.push(c === 0 ? p.endAt - p.start : (p.discAt ?? p.deathAt ?? p.endAt) - p.start);
    cause.push(c);
    group.push(g);
  }
  const names = CIF_CAUSES[analysis];
  const events = names.map((name, i) => ({ cause: name, n: cause.filter((c) => c === i + 1).length }));
  if (time.length === 0) return { analysis, grouping, n: 0, excluded, events, lines: [], ticks: monthTicks(1), gray: null };
  const res = cumulativeIncidence(time, cause, group);
  const groupIdx = new Map(sortLabels(grouping, res.groups).map((g, i) => [g, i]));
  // Only the causes of interest are drawn (1 and 2); the others are reported as counts.
  const lines: CifLine[] = res.curves.filter((c) => c.cause <= 2).map((c) => {
    const gi = groupIdx.get(c.group) ?? 0;
    const causeName = names[c.cause - 1] ?? String(c.cause);
    return {
      label: grouping === 'none' ? causeName : `${c.group} · ${causeName}`,
      group: c.group,
      cause: causeName,
      colour: GROUP_COLOURS[(grouping === 'none' ? c.cause - 1 : gi) % GROUP_COLOURS.length] as string,
      dashed: grouping !== 'none' && c.cause === 2,
      time: c.time.map(daysToMonths),
      est: c.est,
      ...cifBand(c.est, c.var),
      final: c.est[c.est.length - 1] ?? 0,
    };
  });
  const maxMonths = daysToMonths(time.reduce((a, t) => (t > a ? t : a), 0));
  return {
    analysis, grouping, n: time.length, excluded, events, lines, ticks: monthTicks(maxMonths),
    gray: res.grayTest ? res.grayTest.filter((g) => g.cause <= 2).map((g) => ({ cause: names[g.cause - 1] ?? String(g.cause), stat: g.stat, df: g.df, p: g.p })) : null,
  };
}
