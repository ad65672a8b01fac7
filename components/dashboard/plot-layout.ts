/**
 * Layout of a step plot's legend (right of the plot area) and of the test annotation (a corner of the
 * plot area the curves leave free). Pure, in SVG units, without measuring text: 12-unit system-ui
 * characters average CHAR_W units.
 */

export const CHAR_W = 6.8;
const SWATCH = 28;
const LEGEND_MIN = 120;
const LEGEND_MAX = 250;
export const LEGEND_LINE_H = 15;
const LEGEND_GAP = 8;

/** Greedy word wrap to at most `max` characters a line (a longer single word gets its own line). */
export function wrapWords(text: string, max: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && (line + ' ' + word).length > max) { out.push(line); line = word; } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

export interface LegendEntry { lines: string[]; y: number }
export interface LegendLayout { width: number; entries: LegendEntry[]; height: number }

/**
 * The legend beside the curves: one entry per series, stacked, swatch then label (wrapped when
 * longer than the column allows). Its width follows the longest label, within 120–250 units.
 */
export function legendBeside(labels: readonly string[]): LegendLayout {
  const longest = labels.reduce((m, l) => Math.max(m, l.length), 0);
  const width = Math.min(LEGEND_MAX, Math.max(LEGEND_MIN, Math.ceil(SWATCH + longest * CHAR_W + 4)));
  const maxChars = Math.floor((width - SWATCH) / CHAR_W);
  let y = 0;
  const entries = labels.map((l) => {
    const lines = wrapWords(l, maxChars);
    const e = { lines, y };
    y += lines.length * LEGEND_LINE_H + LEGEND_GAP;
    return e;
  });
  return { width, entries, height: Math.max(0, y - LEGEND_GAP) };
}

/**
 * How a series' 95% CI is drawn. Up to two curves: shaded bands (their overlap stays a readable
 * mix of two hues). From three on, overlapping fills turn into a muddy colour no one can attribute
 * to a group, so each limit is a thin dotted step line in the curve's colour instead (as
 * survminer's conf.int.style = "step").
 */
export type CiStyle = 'band' | 'lines';
export function ciStyle(seriesWithCi: number): CiStyle {
  return seriesWithCi >= 3 ? 'lines' : 'band';
}
export function bandOpacity(seriesWithCi: number): number {
  return seriesWithCi <= 1 ? 0.16 : 0.11;
}

/** A step series in data units, with its CI where defined. */
export interface StepData { time: readonly number[]; value: readonly number[]; lower?: readonly (number | null)[]; upper?: readonly (number | null)[]; maxTime?: number }

export type Corner = 'top-right' | 'bottom-left' | 'bottom-right' | 'top-left';
export interface Box { x: number; y: number; width: number; height: number }

/**
 * Puts a width × height box (plot units: x in SVG units from the plot's left edge, y from its top)
 * in the first corner of the plot area that no curve passes through, preferring top right; a CI
 * band inside the box counts less than a curve. `toX`/`toY` map data to plot units.
 */
export function placeAnnotation(
  series: readonly StepData[], size: { width: number; height: number }, plot: { width: number; height: number },
  toX: (t: number) => number, toY: (v: number) => number, pad = 8,
): Box & { corner: Corner } {
  const boxes: Record<Corner, Box> = {
    'top-right': { x: plot.width - size.width - pad, y: pad, ...size },
    'bottom-left': { x: pad, y: plot.height - size.height - pad, ...size },
    'bottom-right': { x: plot.width - size.width - pad, y: plot.height - size.height - pad, ...size },
    'top-left': { x: pad, y: pad, ...size },
  };
  const order: Corner[] = ['top-right', 'bottom-left', 'bottom-right', 'top-left'];
  let best: Corner = 'top-right';
  let bestScore = Infinity;
  for (const c of order) {
    const s = overlapScore(series, boxes[c], toX, toY);
    if (s < bestScore) { best = c; bestScore = s; }
    if (s === 0) break;
  }
  return { ...boxes[best], corner: best };
}

/** 10 per curve crossing the box, 1 per CI band reaching into it. */
export function overlapScore(series: readonly StepData[], box: Box, toX: (t: number) => number, toY: (v: number) => number): number {
  let score = 0;
  const x0 = box.x;
  const x1 = box.x + box.width;
  const inY = (a: number, b: number) => Math.max(a, b) >= box.y && Math.min(a, b) <= box.y + box.height;
  for (const s of series) {
    let lineHit = false;
    let bandHit = false;
    const n = s.time.length;
    for (let k = 0; k < n && !lineHit; k++) {
      // Step k is drawn from time[k] to the next time (or the last follow-up).
      const a = toX(s.time[k] as number);
      const b = toX(k + 1 < n ? (s.time[k + 1] as number) : Math.max(s.maxTime ?? 0, s.time[k] as number));
      if (b < x0 || a > x1) continue;
      const v = toY(s.value[k] as number);
      // The vertical drop into the next step happens at b, from v to the next value.
      const next = k + 1 < n ? toY(s.value[k + 1] as number) : v;
      if (inY(v, v) || (b <= x1 && b >= x0 && inY(v, next))) lineHit = true;
      const lo = s.lower?.[k];
      const hi = s.upper?.[k];
      if (lo !== null && lo !== undefined && hi !== null && hi !== undefined && inY(toY(lo), toY(hi))) bandHit = true;
    }
    score += lineHit ? 10 : bandHit ? 1 : 0;
  }
  return score;
}
