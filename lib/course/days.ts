/** Day arithmetic on ISO dates for the course derivations (epoch days; see lib/analysis/dates.ts). */
import { dayOrNull, isoOfDay } from '@/lib/analysis/dates';

export { dayOrNull, isoOfDay };

/** An inclusive range of epoch days. */
export interface DayRange { from: number; to: number }

export const rangeDays = (r: DayRange): number => (r.to >= r.from ? r.to - r.from + 1 : 0);

/** Sorted, merged (overlapping or touching ranges joined) copy. */
export function mergeRanges(ranges: readonly DayRange[]): DayRange[] {
  const sorted = ranges.filter((r) => r.to >= r.from).sort((a, b) => a.from - b.from);
  const out: DayRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.from <= last.to + 1) last.to = Math.max(last.to, r.to);
    else out.push({ ...r });
  }
  return out;
}

/** Days of `r` covered by the merged ranges `by`. */
export function overlapDays(r: DayRange, by: readonly DayRange[]): number {
  let n = 0;
  for (const b of by) n += rangeDays({ from: Math.max(r.from, b.from), to: Math.min(r.to, b.to) });
  return n;
}

/** The earliest of the given days, or null when none is known. */
export function earliest(days: readonly (number | null)[]): number | null {
  let best: number | null = null;
  for (const d of days) if (d !== null && (best === null || d < best)) best = d;
  return best;
}

/** The latest of the given days, or null when none is known. */
export function latest(days: readonly (number | null)[]): number | null {
  let best: number | null = null;
  for (const d of days) if (d !== null && (best === null || d > best)) best = d;
  return best;
}
