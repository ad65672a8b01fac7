/**
 * Layout of the swimmer plot of one patient's ibrutinib course (swimmer-plot.tsx draws it): one
 * lane from the ibrutinib start to the last contact or death, the dose periods as bar segments
 * shaded by dose, interruptions over them, adverse events above by grade, progression,
 * discontinuation, death and last contact below, a months axis. In SVG units, from the derived
 * course (lib/course/derive.ts), so the plot shows exactly what the analyses count. Pure: tested
 * without rendering.
 */
import { DAYS_PER_MONTH, dayOrNull, isoOfDay } from '@/lib/analysis/dates';
import type { DerivedCourse } from '@/lib/course/derive';

export const WIDTH = 960;
const LEFT = 20;
const RIGHT = 28;
const TOP = 6;
const AE_ROW_H = 24;
const BAR_H = 30;
const BELOW_ROW_H = 22;
/** 12-unit system-ui text averages this many units a character (components/dashboard/plot-layout.ts). */
const CHAR_W = 6.8;

export type DoseBand = '420' | '280' | '140' | 'other' | 'unknown';

/** `labelX`: centre of the dose label, in the longest stretch no interruption covers; null when the label does not fit. */
export interface Segment { x0: number; x1: number; band: DoseBand; label: string; from: string; to: string; seq: number | null; labelX: number | null }
export interface Gap { x0: number; x1: number; seq: number; from: string; to: string | null; days: number }
export interface AeMarker { x: number; y: number; grade: number | null; seq: number; term: string; date: string; serious: boolean }
export type EndKind = 'progression' | 'discontinuation' | 'death' | 'last-contact';
export interface EndMarker { kind: EndKind; x: number; y: number; date: string; label: string; labelX: number; anchor: 'start' | 'end' }

export interface SwimmerLayout {
  width: number;
  height: number;
  start: string;
  end: string;
  spanMonths: number;
  bar: { y: number; h: number };
  segments: Segment[];
  /** After the last dose: a thin line to the last contact or death. */
  offDrug: { x0: number; x1: number } | null;
  interruptions: Gap[];
  adverseEvents: AeMarker[];
  markers: EndMarker[];
  axis: { y: number; x0: number; x1: number; maxMonths: number; ticks: number[] };
}

export function bandOf(mg: number | null): DoseBand {
  if (mg === null) return 'unknown';
  if (mg === 420 || mg === 280 || mg === 140) return String(mg) as DoseBand;
  return 'other';
}

/** Month ticks: a step from 1, 2, 3, 6, 12, 24 that gives at most 10 intervals. */
export function monthTicks(spanMonths: number): number[] {
  const step = [1, 2, 3, 6, 12, 24].find((s) => spanMonths / s <= 10) ?? 36;
  const max = Math.max(step, Math.ceil(spanMonths / step) * step);
  const out: number[] = [];
  for (let m = 0; m <= max; m += step) out.push(m);
  return out;
}

/** Greedy rows: each item takes the first row whose last item ends before it begins. */
function assignRows(items: readonly { x0: number; x1: number }[]): number[] {
  const ends: number[] = [];
  return items.map((it) => {
    let row = ends.findIndex((e) => e + 4 <= it.x0);
    if (row === -1) { row = ends.length; ends.push(it.x1); } else ends[row] = it.x1;
    return row;
  });
}

/** The centre of the widest part of a segment that no interruption covers, if `need` units fit there. */
export function labelSpot(seg: { x0: number; x1: number }, gaps: readonly { x0: number; x1: number }[], need: number): number | null {
  let free: [number, number][] = [[seg.x0, seg.x1]];
  for (const g of gaps) {
    const next: [number, number][] = [];
    for (const [a, b] of free) {
      if (g.x1 <= a || g.x0 >= b) { next.push([a, b]); continue; }
      if (g.x0 > a) next.push([a, g.x0]);
      if (g.x1 < b) next.push([g.x1, b]);
    }
    free = next;
  }
  const best = free.reduce<[number, number] | null>((m, f) => (m === null || f[1] - f[0] > m[1] - m[0] ? f : m), null);
  return best && best[1] - best[0] >= need ? (best[0] + best[1]) / 2 : null;
}

const END_LABEL: Record<EndKind, string> = { progression: 'Progression', discontinuation: 'Discontinued', death: 'Death', 'last-contact': 'Last contact' };

/**
 * null when the course has no start to draw from (no ibrutinib start on the baseline form and no
 * dated dose period).
 */
export function swimmerLayout(c: DerivedCourse): SwimmerLayout | null {
  const startIso = c.ibrutinibStart ?? c.dosePeriods[0]?.startDate ?? null;
  const start = dayOrNull(startIso);
  if (start === null || startIso === null) return null;
  const day = (iso: string | null | undefined) => dayOrNull(iso);
  const known = (xs: (number | null)[]) => xs.filter((d): d is number => d !== null);
  const end = Math.max(start, ...known([
    day(c.lastContact), day(c.death?.date), day(c.treatmentEnd), day(c.discontinuationDate), day(c.progression?.date),
    ...c.adverseEvents.map((a) => day(a.onsetDate)), ...c.interruptions.list.map((i) => day(i.endDate ?? i.startDate)),
    ...c.dosePeriods.map((p) => day(p.startDate)),
  ]));
  const endIso = isoOfDay(end);
  const spanMonths = (end - start) / DAYS_PER_MONTH;
  const ticks = monthTicks(Math.max(spanMonths, 1));
  const maxMonths = ticks[ticks.length - 1] ?? 1;
  const x0 = LEFT;
  const x1 = WIDTH - RIGHT;
  const xOfDay = (d: number) => x0 + ((Math.min(Math.max(d, start), end) - start) / DAYS_PER_MONTH / maxMonths) * (x1 - x0);
  const isoX = (iso: string) => xOfDay(day(iso) ?? start);

  // On the drug from the start to the last dose (or, still on it, to the last contact).
  const onDrugEnd = day(c.discontinuationDate) ?? day(c.treatmentEnd) ?? end;
  const segments: Segment[] = [];
  const addSegment = (from: number, to: number, mg: number | null, seq: number | null) => {
    if (to < from) return;
    const band = bandOf(mg);
    const label = mg === null ? 'dose not recorded' : `${mg} mg`;
    const sx0 = xOfDay(from);
    const sx1 = Math.max(xOfDay(to), sx0 + 1.5);
    segments.push({ x0: sx0, x1: sx1, band, label, seq, from: isoOfDay(from), to: isoOfDay(to), labelX: null });
  };
  const periods = c.dosePeriods.map((p) => ({ p, from: day(p.startDate) ?? start })).filter((q) => q.from <= onDrugEnd);
  const firstFrom = periods[0]?.from ?? null;
  // The first period records the starting dose; a gap before it (or no periods at all) is drawn as not recorded.
  if (firstFrom === null) addSegment(start, onDrugEnd, null, null);
  else if (firstFrom > start && c.ibrutinibStart !== null) addSegment(start, firstFrom - 1, null, null);
  periods.forEach(({ p, from }, i) => {
    const next = periods[i + 1];
    addSegment(Math.max(from, start), next ? next.from - 1 : Math.min(day(p.endDate) ?? onDrugEnd, onDrugEnd), p.mg, p.seq);
  });

  const interruptions: Gap[] = c.interruptions.list.map((it) => {
    const from = day(it.startDate) ?? start;
    const to = Math.min(day(it.endDate) ?? onDrugEnd, onDrugEnd);
    const gx0 = xOfDay(from);
    return { x0: gx0, x1: Math.max(xOfDay(to), gx0 + 3), seq: it.seq, from: it.startDate, to: it.endDate, days: it.days };
  });

  for (const seg of segments) seg.labelX = labelSpot(seg, interruptions, seg.label.length * CHAR_W + 10);

  // Adverse events above the lane, in rows so that markers never overlap.
  const dated = c.adverseEvents.filter((a) => a.onsetDate !== null);
  const aeX = dated.map((a) => isoX(a.onsetDate ?? ''));
  const aeRows = assignRows(aeX.map((x) => ({ x0: x - 10, x1: x + 10 })));
  const rowCount = aeRows.reduce((m, r) => Math.max(m, r + 1), 0);
  const barY = TOP + Math.max(1, rowCount) * AE_ROW_H + 10;
  const adverseEvents: AeMarker[] = dated.map((a, i) => ({
    x: aeX[i] ?? x0, y: barY - 10 - ((aeRows[i] ?? 0) + 0.5) * AE_ROW_H, grade: a.grade, seq: a.seq, term: a.term ?? 'term not recorded',
    date: a.onsetDate ?? '', serious: a.serious === true,
  }));

  // Below the lane: progression, discontinuation, death or last contact, each with its label.
  const ends: { kind: EndKind; date: string }[] = [];
  if (c.progression) ends.push({ kind: 'progression', date: c.progression.date });
  if (c.discontinuationDate) ends.push({ kind: 'discontinuation', date: c.discontinuationDate });
  if (c.death?.date) ends.push({ kind: 'death', date: c.death.date });
  else if (!c.death && c.lastContact) ends.push({ kind: 'last-contact', date: c.lastContact });
  const placed = ends.map((e) => {
    const x = isoX(e.date);
    const label = c.progression && e.kind === 'progression' && c.progression.type === 'RT' ? 'Richter transformation' : END_LABEL[e.kind];
    const w = label.length * CHAR_W + 16;
    // Labels run to the right of their marker, or to the left near the right edge.
    const anchor: 'start' | 'end' = x + w > WIDTH - 4 ? 'end' : 'start';
    return { ...e, x, label, box: anchor === 'start' ? { x0: x - 8, x1: x + w } : { x0: x - w, x1: x + 8 }, anchor };
  });
  const order = placed.map((_, i) => i).sort((a, b) => (placed[a]?.box.x0 ?? 0) - (placed[b]?.box.x0 ?? 0));
  const rowsSorted = assignRows(order.map((i) => placed[i]?.box ?? { x0: 0, x1: 0 }));
  const rowOf = new Map(order.map((i, k) => [i, rowsSorted[k] ?? 0]));
  const belowTop = barY + BAR_H + 8;
  const markers: EndMarker[] = placed.map((p, i) => ({
    kind: p.kind, x: p.x, y: belowTop + ((rowOf.get(i) ?? 0) + 0.5) * BELOW_ROW_H, date: p.date, label: p.label,
    labelX: p.anchor === 'start' ? p.x + 11 : p.x - 11, anchor: p.anchor,
  }));
  const belowRows = placed.length ? Math.max(...[...rowOf.values()]) + 1 : 0;
  const axisY = belowTop + belowRows * BELOW_ROW_H + 6;

  const offDrug = c.discontinuationDate && day(c.discontinuationDate) !== null && end > onDrugEnd
    ? { x0: xOfDay(onDrugEnd), x1: xOfDay(end) } : null;
  return {
    width: WIDTH, height: axisY + 44, start: startIso, end: endIso, spanMonths, bar: { y: barY, h: BAR_H },
    segments, offDrug, interruptions, adverseEvents, markers, axis: { y: axisY, x0, x1, maxMonths, ticks },
  };
}
