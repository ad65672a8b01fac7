/**
 * What the hover read-out of a step plot needs, and no more: it is serialised into the page for the
 * browser. The tooltip shows percentages to 0.1 %, so values travel as whole per-mille numbers, times
 * as months to 0.01 (a third of a day; the pointer cannot resolve finer than ~0.1 month), and a point
 * whose displayed value and CI equal the previous point's is dropped — the read-out looks up the last
 * point at or before the hovered time, so the tooltip shows exactly what it showed with every point.
 */
export interface HoverSeries {
  label: string;
  colour: string;
  /** Months, ascending. */
  time: number[];
  /** Per mille (987 = 98.7 %). */
  value: number[];
  lower: (number | null)[] | null;
  upper: (number | null)[] | null;
  maxTime: number | null;
}

export interface HoverSource {
  label: string; colour: string; time: readonly number[]; value: readonly number[];
  lower?: readonly (number | null)[]; upper?: readonly (number | null)[]; maxTime?: number;
}

const permille = (v: number) => Math.round(v * 1000);
const permilleOrNull = (v: number | null | undefined) => (v === null || v === undefined ? null : permille(v));
const months = (t: number) => Math.round(t * 100) / 100;

export function toHoverSeries(s: HoverSource): HoverSeries {
  const withCi = Boolean(s.lower && s.upper);
  const out: HoverSeries = { label: s.label, colour: s.colour, time: [], value: [], lower: withCi ? [] : null, upper: withCi ? [] : null, maxTime: s.maxTime ?? null };
  for (let k = 0; k < s.time.length; k++) {
    const v = permille(s.value[k] as number);
    const lo = withCi ? permilleOrNull(s.lower?.[k]) : null;
    const hi = withCi ? permilleOrNull(s.upper?.[k]) : null;
    const n = out.value.length;
    if (n > 0 && out.value[n - 1] === v && (!withCi || (out.lower?.[n - 1] === lo && out.upper?.[n - 1] === hi))) continue;
    out.time.push(months(s.time[k] as number));
    out.value.push(v);
    if (withCi) { out.lower?.push(lo); out.upper?.push(hi); }
  }
  return out;
}
