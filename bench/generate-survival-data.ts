/**
 * Synthetic survival data for the benchmark: n subjects in 3 groups (A, B, C)
 * with exponential event times (medians ~ 500, 700, 1000 days), independent
 * exponential censoring tuned to ~30% censored (P(C < T) = mu / (lambda + mu) = 0.3),
 * times rounded to whole days (>= 1 day) so there are many ties, as in a registry.
 * Deterministic: a seeded mulberry32 generator.
 */

import { mulberry32 } from './random';
export interface SurvivalData {
  time: Float64Array;
  status: Uint8Array;
  group: string[];
  /** Group index 0..2 (same information as `group`). */
  groupIndex: Uint8Array;
}

export const GROUP_LABELS = ['A', 'B', 'C'] as const;
const MEDIAN_DAYS = [500, 700, 1000];


export function generateSurvivalData(n: number, seed = 20260101): SurvivalData {
  const rand = mulberry32(seed);
  const time = new Float64Array(n);
  const status = new Uint8Array(n);
  const groupIndex = new Uint8Array(n);
  const group = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const g = Math.floor(rand() * 3);
    const lambda = Math.LN2 / (MEDIAN_DAYS[g] as number);
    const mu = (3 / 7) * lambda;
    const t = -Math.log(1 - rand()) / lambda;
    const c = -Math.log(1 - rand()) / mu;
    const obs = Math.min(t, c);
    time[i] = Math.max(1, Math.round(obs));
    status[i] = t <= c ? 1 : 0;
    groupIndex[i] = g;
    group[i] = GROUP_LABELS[g] as string;
  }
  return { time, status, group, groupIndex };
}

/** CSV with header time,status,group (the format the CLI and the R script read). */
export function toCsv(d: SurvivalData): string {
  const lines = new Array<string>(d.time.length + 1);
  lines[0] = 'time,status,group';
  for (let i = 0; i < d.time.length; i++) lines[i + 1] = `${d.time[i]},${d.status[i]},${d.group[i]}`;
  return lines.join('\n') + '\n';
}
