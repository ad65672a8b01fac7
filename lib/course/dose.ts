/**
 * The ibrutinib dose course: dose periods with their ends, interruptions, the first dose reduction
 * and the relative dose intensity. Pure; epoch days in, derived records out (derive.ts assembles).
 */
import type { DerivedDosePeriod, DerivedInterruption, DosePeriodInput, InterruptionInput } from './types';
import { dayOrNull, isoOfDay, mergeRanges, overlapDays, rangeDays, type DayRange } from './days';

/** The labelled daily dose: relative dose intensity is measured against it. */
export const FULL_DOSE_MG = 420;

/** Daily dose of a period in mg (the code, or the "other" amount), null when not recorded. */
export function doseMg(p: Pick<DosePeriodInput, 'dose' | 'doseOtherMg'>): number | null {
  if (p.dose === null) return null;
  if (p.dose === 'other') return p.doseOtherMg;
  return Number(p.dose);
}

interface DatedPeriod { input: DosePeriodInput; start: number }

/** Valid periods (not in error, dated) in start order; a tie keeps the entry order (seq). */
function datedPeriods(periods: readonly DosePeriodInput[]): DatedPeriod[] {
  const out: DatedPeriod[] = [];
  for (const p of periods) {
    const start = dayOrNull(p.startDate);
    if (!p.enteredInError && start !== null) out.push({ input: p, start });
  }
  return out.sort((a, b) => a.start - b.start || a.input.seq - b.input.seq);
}

/**
 * Each period lasts until the day before the next one starts; the last one until the end of
 * treatment (`end`: the last dose, or null while the patient is on the drug).
 */
export function derivePeriods(periods: readonly DosePeriodInput[], end: number | null, onDrug: boolean): DerivedDosePeriod[] {
  const dated = datedPeriods(periods);
  return dated.map((p, i) => {
    const next = dated[i + 1];
    const endDay = next ? next.start - 1 : onDrug ? null : end;
    return {
      seq: p.input.seq, startDate: isoOfDay(p.start), endDate: endDay === null ? null : isoOfDay(endDay), mg: doseMg(p.input),
      reason: p.input.reason, adverseEventSeq: p.input.adverseEventSeq,
    };
  });
}

/** The first period whose daily dose is lower than the one before it. */
export function firstReduction(periods: readonly DerivedDosePeriod[]): { date: string; seq: number; fromMg: number; toMg: number } | null {
  for (let i = 1; i < periods.length; i++) {
    const prev = periods[i - 1];
    const cur = periods[i];
    if (prev && cur && prev.mg !== null && cur.mg !== null && cur.mg < prev.mg) {
      return { date: cur.startDate, seq: cur.seq, fromMg: prev.mg, toMg: cur.mg };
    }
  }
  return null;
}

/**
 * Interruptions clipped to the treatment window [start, end] (an open one runs to `end`). `days`
 * counts both ends; the total is over the union, so overlapping entries are not counted twice.
 */
export function deriveInterruptions(
  list: readonly InterruptionInput[], start: number | null, end: number | null,
): { count: number; totalDays: number; list: DerivedInterruption[]; ranges: DayRange[] } {
  const out: DerivedInterruption[] = [];
  const ranges: DayRange[] = [];
  for (const it of list) {
    const from = dayOrNull(it.startDate);
    if (it.enteredInError || from === null) continue;
    const to = dayOrNull(it.endDate) ?? end;
    const range: DayRange | null = to === null ? null : {
      from: start === null ? from : Math.max(from, start),
      to: end === null ? to : Math.min(to, end),
    };
    if (range) ranges.push(range);
    out.push({
      seq: it.seq, startDate: isoOfDay(from), endDate: it.endDate, days: range ? rangeDays(range) : 0,
      reason: it.reason, adverseEventSeq: it.adverseEventSeq,
    });
  }
  out.sort((a, b) => a.startDate.localeCompare(b.startDate) || a.seq - b.seq);
  const merged = mergeRanges(ranges);
  return { count: out.length, totalDays: merged.reduce((n, r) => n + rangeDays(r), 0), list: out, ranges: merged };
}

/**
 * Relative dose intensity over [start, end], both included: Σ daily dose over the days on drug,
 * interrupted days 0 mg, divided by 420 mg × the days. The first period is taken to begin at the
 * start (it records the starting dose). null when it cannot be computed without guessing: no
 * periods, a period without a dose, or no start/end.
 */
export function relativeDoseIntensity(
  periods: readonly DosePeriodInput[], interruptions: readonly DayRange[], start: number | null, end: number | null,
): number | null {
  if (start === null || end === null || end < start) return null;
  const dated = datedPeriods(periods).filter((p) => p.start <= end);
  if (dated.length === 0) return null;
  let delivered = 0;
  for (let i = 0; i < dated.length; i++) {
    const p = dated[i];
    if (!p) continue;
    const mg = doseMg(p.input);
    if (mg === null) return null;
    const next = dated[i + 1];
    const seg: DayRange = { from: i === 0 ? start : Math.max(p.start, start), to: next ? Math.min(next.start - 1, end) : end };
    delivered += mg * (rangeDays(seg) - overlapDays(seg, interruptions));
  }
  return delivered / (FULL_DOSE_MG * rangeDays({ from: start, to: end }));
}
